#pragma once

#include <cstddef>
#include <memory>

#include "common/io/byte_stream.hpp"

namespace stockroom {

// What COPY ... FROM STDIN and COPY ... TO STDOUT read and write: the client's side of the
// COPY, given by whoever runs the connection (the wire protocol server streams CopyData
// messages). A connection without one refuses COPY STDIN/STDOUT (0A000).
class CopyStreams {
 public:
  virtual ~CopyStreams() = default;
  // COPY FROM STDIN begins; rows have `columns` fields, in text form (csv or text format)
  // or in PostgreSQL's binary COPY format (`binary`). The source ends when the client ends
  // its data.
  virtual std::unique_ptr<ByteSource> OpenCopyIn(size_t columns, bool binary) = 0;
  // COPY TO STDOUT begins; rows have `columns` fields, in text or binary form.
  virtual std::unique_ptr<ByteSink> OpenCopyOut(size_t columns, bool binary) = 0;
};

}  // namespace stockroom
