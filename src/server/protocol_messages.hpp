#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/exception.hpp"
#include "common/types/logical_type.hpp"
#include "main/notice.hpp"
#include "planner/column_origins.hpp"

namespace stockroom {

class QueryResult;

// The frontend/backend protocol 3.0's message framing
// (https://www.postgresql.org/docs/15/protocol-message-formats.html): every message but the
// startup packet is a type byte, an int32 length counting itself, and a body.

// Special protocol codes in a startup packet's first field.
constexpr int32_t kProtocolVersion3 = 196608;  // 3.0
constexpr int32_t kSslRequestCode = 80877103;
constexpr int32_t kGssEncRequestCode = 80877104;
constexpr int32_t kCancelRequestCode = 80877102;

// A broken message stream (bad length, malformed body): the session ends with FATAL
// 08P01, also when it surfaces through a running statement (COPY FROM STDIN).
class ProtocolError : public SqlError {
 public:
  explicit ProtocolError(std::string message) : SqlError(ErrorCode::kProtocolViolation, std::move(message)) {}
};
inline ProtocolError ProtocolViolation(std::string message) { return ProtocolError(std::move(message)); }

// Reads the fields of one received message body; every read is bounds-checked and a short
// or malformed body throws 08P01.
class MessageReader {
 public:
  explicit MessageReader(std::string_view body) : body_(body) {}

  int32_t Int32();
  int16_t Int16();
  uint8_t Byte();
  // A NUL-terminated string.
  std::string_view CString();
  std::string_view Bytes(size_t count);
  size_t remaining() const { return body_.size() - offset_; }
  // Throws unless the whole body was read.
  void ExpectEnd(const char* message_name) const;

 private:
  std::string_view body_;
  size_t offset_ = 0;
};

// Builds backend messages into one output buffer; the session flushes it to the socket.
class MessageWriter {
 public:
  // Starts a message of `type`; End() fills in its length.
  void Begin(char type);
  void Int32(int32_t value);
  void Int16(int16_t value);
  void Byte(uint8_t value);
  void CString(std::string_view text);  // text and a NUL
  void Bytes(std::string_view bytes);
  void End();

  // Whole messages.
  void AuthenticationRequest(int32_t code, std::string_view extra = {});
  void ParameterStatus(std::string_view name, std::string_view value);
  void BackendKeyData(int32_t process_id, int32_t secret_key);
  void ReadyForQuery(char transaction_status);
  // ErrorResponse ('E') or NoticeResponse ('N') with severity ERROR, FATAL, NOTICE, ...
  void Error(const SqlError& error, std::string_view severity, char type = 'E');
  // A NoticeResponse for each notice, oldest first.
  void Notices(const std::vector<Notice>& notices);
  void EmptyQueryResponse();
  void CommandComplete(std::string_view tag);
  // RowDescription of a result's columns, every column in text format.
  void RowDescription(const QueryResult& result);
  // RowDescription of columns; `formats` per column (0 text, 1 binary), empty: all text;
  // `origins` the table oid and column number of each (empty or 0: not a table's column).
  void RowDescription(const std::vector<std::string>& names, const std::vector<LogicalType>& types,
                      const std::vector<int16_t>& formats, const std::vector<ColumnOrigin>& origins);
  // One DataRow per row of the result, text format; `flush` is called whenever the buffer
  // passes `flush_bytes`, so that a big result is never held twice in memory.
  void DataRows(const QueryResult& result, size_t flush_bytes, const std::function<void()>& flush);
  void CopyResponse(char type, size_t columns, bool binary);  // 'G' CopyInResponse / 'H' CopyOutResponse
  void CopyData(std::string_view bytes);
  void CopyDone();

  std::string& buffer() { return buffer_; }
  size_t size() const { return buffer_.size(); }
  void Clear() { buffer_.clear(); }

 private:
  std::string buffer_;
  size_t message_start_ = 0;
};

}  // namespace stockroom
