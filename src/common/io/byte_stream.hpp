#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace stockroom {

// Where COPY FROM reads its bytes: a file (FileReader) or a client's CopyData messages
// (server/copy_stream). Read may be called from a background thread, one call at a time.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `size` bytes, filling the buffer unless the input ends first; 0 at the end.
  virtual size_t Read(char* buffer, size_t size) = 0;
  // Whether the bytes are decompressed from a smaller input (sizes below are then unknown).
  virtual bool compressed() const { return false; }
  // The input's size in bytes when known in advance, else 0 (buffers are sized by it).
  virtual uint64_t file_size() const { return 0; }
};

// Where COPY TO writes its bytes: a file or a client's CopyData messages.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void Write(std::string_view bytes) = 0;
  // Called once after the last Write; reports any error writing the bytes.
  virtual void Close() = 0;
};

}  // namespace stockroom
