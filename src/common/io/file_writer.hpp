#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "common/io/byte_stream.hpp"

namespace stockroom {

// Writes a file front to back through a large buffer, gzip-compressing it when asked.
// Errors are SqlErrors worded as PostgreSQL's COPY TO words them. Not thread-safe.
class FileWriter : public ByteSink {
 public:
  // Creates or truncates `path`. Throws 58P01 when its directory does not exist, 42501
  // without permission, 42809 for a directory, 58030 otherwise:
  // `could not open file "x" for writing: No such file or directory`. `gzip_level` is
  // zlib's 1 (fastest) to 9 (smallest).
  FileWriter(std::string path, bool gzip, int gzip_level = 6);
  // Closes without reporting errors; call Close() to learn whether everything was written.
  ~FileWriter() override;
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  void Write(const char* data, size_t size);
  void Write(std::string_view text) override { Write(text.data(), text.size()); }
  // Flushes and closes the file; throws 58030 if a write failed.
  void Close() override;

  const std::string& path() const { return path_; }

 private:
  void Flush();
  void WriteRaw(const char* data, size_t size);

  std::string path_;
  int fd_ = -1;
  void* gz_ = nullptr;  // gzFile when compressing
  std::unique_ptr<char[]> buffer_;
  size_t used_ = 0;
};

}  // namespace stockroom
