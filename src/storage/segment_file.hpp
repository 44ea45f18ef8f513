#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace stockroom {

// A segment file: the encoded columns of one row group, written once and never modified
// (docs/storage-format.md). Layout:
//   "SRSEG001" | column blocks | footer | uint32 footer size | uint32 footer CRC-32C | "SRSEG001"
// where the footer is, per column, uint64 offset, uint64 size and uint32 CRC-32C of its block.
// Every block and the footer are checked when read: a corrupt file is reported with its
// path (XX001), never decoded as data.
class SegmentFileWriter {
 public:
  // Adds the next block (each column's, then the group's summary).
  void AddBlock(std::string_view block);
  // Writes the file durably (temp, fsync, rename, directory fsync) at `path`; without
  // `sync_directory` the caller fsyncs the directory later, once for many files.
  void Write(const std::string& path, bool sync_directory = true) const;

 private:
  std::string blocks_;
  std::vector<uint64_t> offsets_;
  std::vector<uint64_t> sizes_;
  std::vector<uint32_t> checksums_;
};

// Reads a segment file's blocks one at a time (a paged row group reads one column).
class SegmentFile {
 public:
  // Reads and checks the file's frame and footer. Throws 58P01 when it is missing, XX001
  // when it is not a complete segment file.
  explicit SegmentFile(std::string path);
  ~SegmentFile();
  SegmentFile(const SegmentFile&) = delete;
  SegmentFile& operator=(const SegmentFile&) = delete;

  // Blocks in the file: one per column, then (format 4) the group's summary.
  size_t ColumnCount() const { return sizes_.size(); }
  // Reads the block of column `c` and checks its checksum (XX001 when it does not match).
  std::string Column(size_t c) const;
  // The size of block `c` (without reading it).
  uint64_t BlockSize(size_t c) const { return sizes_[c]; }
  const std::string& path() const { return path_; }

 private:
  [[noreturn]] void Corrupt(const std::string& what) const;
  std::string Read(uint64_t offset, uint64_t size) const;

  std::string path_;
  int fd_ = -1;
  std::vector<uint64_t> offsets_;
  std::vector<uint64_t> sizes_;
  std::vector<uint32_t> checksums_;
};

}  // namespace stockroom
