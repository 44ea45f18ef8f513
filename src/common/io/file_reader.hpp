#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/io/byte_stream.hpp"

namespace stockroom {

// Reads a file front to back, decompressing gzip transparently. Compression is detected by
// the gzip magic bytes, not the name; a file of several concatenated gzip members reads as
// one stream. Errors are SqlErrors worded as PostgreSQL's COPY words them. One reader per
// file; not thread-safe, but it may be handed from one thread to another between calls.
class FileReader : public ByteSource {
 public:
  // Opens `path` (relative paths resolve against the working directory). Throws 58P01 when
  // it does not exist, 42501 without permission, 42809 for a directory, 58030 otherwise:
  // `could not open file "x" for reading: No such file or directory`.
  explicit FileReader(std::string path);
  ~FileReader() override;
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // Reads up to `size` bytes of content into `buffer`, filling it completely unless the
  // file ends first; returns the number of bytes read (0 at the end). Throws 58030 on read
  // errors and on corrupt or truncated compressed data.
  size_t Read(char* buffer, size_t size) override;

  const std::string& path() const { return path_; }
  bool compressed() const override { return gz_ != nullptr; }
  // Size of the file on disk (compressed size for gzip).
  uint64_t file_size() const override { return file_size_; }

 private:
  size_t ReadPlain(char* buffer, size_t size);
  size_t ReadCompressed(char* buffer, size_t size);

  std::string path_;
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile when compressed
  uint64_t file_size_ = 0;
  bool eof_ = false;
};

}  // namespace stockroom
