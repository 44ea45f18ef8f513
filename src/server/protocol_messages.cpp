#include "server/protocol_messages.hpp"

#include <arpa/inet.h>

#include <cstring>

#include "common/types/pg_type.hpp"
#include "main/query_result.hpp"

namespace stockroom {

int32_t MessageReader::Int32() {
  auto bytes = Bytes(4);
  uint32_t v;
  std::memcpy(&v, bytes.data(), 4);
  return static_cast<int32_t>(ntohl(v));
}

int16_t MessageReader::Int16() {
  auto bytes = Bytes(2);
  uint16_t v;
  std::memcpy(&v, bytes.data(), 2);
  return static_cast<int16_t>(ntohs(v));
}

uint8_t MessageReader::Byte() { return static_cast<uint8_t>(Bytes(1)[0]); }

std::string_view MessageReader::CString() {
  size_t end = body_.find('\0', offset_);
  if (end == std::string_view::npos) throw ProtocolViolation("invalid string in message");
  auto text = body_.substr(offset_, end - offset_);
  offset_ = end + 1;
  return text;
}

std::string_view MessageReader::Bytes(size_t count) {
  if (count > remaining()) throw ProtocolViolation("insufficient data left in message");
  auto bytes = body_.substr(offset_, count);
  offset_ += count;
  return bytes;
}

void MessageReader::ExpectEnd(const char* message_name) const {
  if (remaining() != 0) throw ProtocolViolation(std::string("invalid message format in ") + message_name);
}

void MessageWriter::Begin(char type) {
  buffer_.push_back(type);
  message_start_ = buffer_.size();
  buffer_.append(4, '\0');  // the length, filled in by End()
}

void MessageWriter::Int32(int32_t value) {
  uint32_t v = htonl(static_cast<uint32_t>(value));
  buffer_.append(reinterpret_cast<const char*>(&v), 4);
}

void MessageWriter::Int16(int16_t value) {
  uint16_t v = htons(static_cast<uint16_t>(value));
  buffer_.append(reinterpret_cast<const char*>(&v), 2);
}

void MessageWriter::Byte(uint8_t value) { buffer_.push_back(static_cast<char>(value)); }

void MessageWriter::CString(std::string_view text) {
  // A NUL inside would end the field early on the client; PostgreSQL's strings have none.
  for (char c : text) buffer_.push_back(c == '\0' ? ' ' : c);
  buffer_.push_back('\0');
}

void MessageWriter::Bytes(std::string_view bytes) { buffer_.append(bytes); }

void MessageWriter::End() {
  uint32_t length = htonl(static_cast<uint32_t>(buffer_.size() - message_start_));
  std::memcpy(buffer_.data() + message_start_, &length, 4);
}

void MessageWriter::AuthenticationRequest(int32_t code, std::string_view extra) {
  Begin('R');
  Int32(code);
  Bytes(extra);
  End();
}

void MessageWriter::ParameterStatus(std::string_view name, std::string_view value) {
  Begin('S');
  CString(name);
  CString(value);
  End();
}

void MessageWriter::BackendKeyData(int32_t process_id, int32_t secret_key) {
  Begin('K');
  Int32(process_id);
  Int32(secret_key);
  End();
}

void MessageWriter::ReadyForQuery(char transaction_status) {
  Begin('Z');
  Byte(static_cast<uint8_t>(transaction_status));
  End();
}

void MessageWriter::Notices(const std::vector<Notice>& notices) {
  for (const Notice& notice : notices) Error(notice.message, notice.severity(), 'N');
}

void MessageWriter::Error(const SqlError& error, std::string_view severity, char type) {
  Begin(type);
  Byte('S');
  CString(severity);
  Byte('V');  // the severity never localized
  CString(severity);
  Byte('C');
  CString(error.sqlstate());
  Byte('M');
  CString(error.what());
  if (!error.detail().empty()) {
    Byte('D');
    CString(error.detail());
  }
  if (!error.hint().empty()) {
    Byte('H');
    CString(error.hint());
  }
  if (error.position() > 0) {
    Byte('P');
    CString(std::to_string(error.position()));
  }
  if (!error.context().empty()) {
    Byte('W');
    CString(error.context());
  }
  Byte(0);
  End();
}

void MessageWriter::EmptyQueryResponse() {
  Begin('I');
  End();
}

void MessageWriter::CommandComplete(std::string_view tag) {
  Begin('C');
  CString(tag);
  End();
}

void MessageWriter::RowDescription(const QueryResult& result) {
  RowDescription(result.names, result.types, {}, result.origins);
}

void MessageWriter::RowDescription(const std::vector<std::string>& names, const std::vector<LogicalType>& types,
                                   const std::vector<int16_t>& formats, const std::vector<ColumnOrigin>& origins) {
  Begin('T');
  Int16(static_cast<int16_t>(names.size()));
  for (size_t i = 0; i < names.size(); i++) {
    PgTypeInfo type = PgTypeOf(types[i]);
    CString(names[i]);
    ColumnOrigin origin = i < origins.size() ? origins[i] : ColumnOrigin{};
    Int32(static_cast<int32_t>(origin.table_oid));
    Int16(origin.attnum);
    Int32(static_cast<int32_t>(type.oid));
    Int16(type.length);
    Int32(type.modifier);
    Int16(i < formats.size() ? formats[i] : 0);
  }
  End();
}

void MessageWriter::DataRows(const QueryResult& result, size_t flush_bytes, const std::function<void()>& flush) {
  if (!result.rows) return;
  const TimeZone* zone = result.time_zone.get();
  for (idx_t c = 0; c < result.rows->ChunkCount(); c++) {
    const DataChunk& chunk = result.rows->GetChunk(c);
    for (idx_t r = 0; r < chunk.size(); r++) {
      Begin('D');
      Int16(static_cast<int16_t>(chunk.ColumnCount()));
      for (idx_t col = 0; col < chunk.ColumnCount(); col++) {
        Value v = chunk.GetValue(col, r);
        if (v.IsNull()) {
          Int32(-1);
          continue;
        }
        std::string text = v.ToString(zone);
        Int32(static_cast<int32_t>(text.size()));
        Bytes(text);
      }
      End();
      if (buffer_.size() >= flush_bytes) flush();
    }
  }
}

void MessageWriter::CopyResponse(char type, size_t columns, bool binary) {
  Begin(type);
  Byte(binary ? 1 : 0);  // the overall format; every column's is the same
  Int16(static_cast<int16_t>(columns));
  for (size_t i = 0; i < columns; i++) Int16(binary ? 1 : 0);
  End();
}

void MessageWriter::CopyData(std::string_view bytes) {
  Begin('d');
  Bytes(bytes);
  End();
}

void MessageWriter::CopyDone() {
  Begin('c');
  End();
}

}  // namespace stockroom
