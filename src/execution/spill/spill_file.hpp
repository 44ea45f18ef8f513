#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/types/vector.hpp"

namespace stockroom {

// What an operator wrote to disk because its query passed the memory budget, for EXPLAIN
// ANALYZE ("spilled 1.2GB to 16 files"). Shared by the operator's threads.
struct SpillStats {
  std::atomic<uint64_t> bytes{0};
  std::atomic<uint64_t> rows{0};
  std::atomic<uint64_t> files{0};
  // "spilled 12MB (300000 rows) to 16 temporary files"; empty when nothing spilled.
  std::string ToString() const;
};

// Rows an operator set aside on disk: chunks appended, then read back in the order written
// (any number of times). The file lives in the database's temporary directory
// (<data directory>/temp, or TMPDIR for an in-memory database) and is unlinked as soon as it
// is created, so it disappears with the object or the process, however that ends.
// Strings are written out with their bytes; chunks read back own their strings.
// Not thread-safe: one writer, then readers one at a time.
class SpillFile {
 public:
  // Memory a file holds besides the chunk it reads into, by default: its write buffer while
  // written (it grows past this by up to a chunk before a flush), then its read buffer.
  static constexpr size_t kBufferBytes = size_t(256) << 10;

  // `buffer_bytes`: how much is written or read per system call (operators with many files
  // open at once choose less than the default).
  SpillFile(const std::string& directory, std::vector<LogicalType> types, SpillStats* stats = nullptr,
            size_t buffer_bytes = kBufferBytes);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  const std::vector<LogicalType>& types() const { return types_; }
  idx_t Count() const { return rows_; }
  uint64_t SizeInBytes() const { return size_; }

  // Writes the rows of `chunk` (any vector kinds). Throws 53100 when the disk is full.
  void Append(const DataChunk& chunk);

  // Reading: Rewind, then Read until it returns false. `chunk` is (re)initialized with
  // this file's types. Rewind flushes and frees the write buffer (writing is over).
  void Rewind();
  bool Read(DataChunk& chunk);

 private:
  void Flush();
  void ReadExact(void* out, size_t bytes);

  std::vector<LogicalType> types_;
  SpillStats* stats_;
  size_t buffer_bytes_;
  int fd_ = -1;
  std::string path_;  // for error messages; the name is unlinked
  std::string buffer_;
  uint64_t size_ = 0;  // bytes written (flushed or buffered)
  idx_t rows_ = 0;
  // Reading state: the file position of the next chunk and a read buffer.
  uint64_t read_pos_ = 0;
  std::unique_ptr<char[]> read_buffer_;  // allocated on first read
  size_t read_size_ = 0;                 // bytes in it
  size_t read_offset_ = 0;               // bytes of it consumed
};

// The directory a database's queries spill to: <data directory>/temp for a database with a
// data directory (created on first use), else TMPDIR (or /tmp).
std::string SpillDirectoryFor(const std::string& data_directory);

}  // namespace stockroom
