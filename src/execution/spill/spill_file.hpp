#pragma once

#include <atomic>
#include <cstdint>
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
  static constexpr size_t kDefaultBuffer = size_t(1) << 20;

  // `buffer_bytes`: how much is written or read per system call; the file holds about
  // twice that in memory (operators with many files open at once choose less).
  SpillFile(const std::string& directory, std::vector<LogicalType> types, SpillStats* stats = nullptr,
            size_t buffer_bytes = kDefaultBuffer);
  ~SpillFile();
  SpillFile(const SpillFile&) = delete;
  SpillFile& operator=(const SpillFile&) = delete;

  const std::vector<LogicalType>& types() const { return types_; }
  idx_t Count() const { return rows_; }
  uint64_t SizeInBytes() const { return size_; }

  // Writes the rows of `chunk` (any vector kinds). Throws 53100 when the disk is full.
  void Append(const DataChunk& chunk);

  // Reading: Rewind, then Read until it returns false. `chunk` is (re)initialized with
  // this file's types.
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
  std::string read_buffer_;
  size_t read_offset_ = 0;
};

// The directory a database's queries spill to: <data directory>/temp for a database with a
// data directory (created on first use), else TMPDIR (or /tmp).
std::string SpillDirectoryFor(const std::string& data_directory);

}  // namespace stockroom
