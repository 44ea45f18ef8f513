#include "server/extended_query.hpp"

#include "common/error/exception.hpp"
#include "main/connection.hpp"

#include <map>
#include <optional>

#include "common/types/pg_type.hpp"
#include "common/types/pg_value_format.hpp"
#include "main/prepared_statement.hpp"
#include "main/query_result.hpp"

namespace stockroom {


namespace {

// A Bind's statement with its parameter values, executed at its first Execute.
struct Portal {
  std::shared_ptr<PreparedStatement> statement;
  std::vector<Value> parameters;
  std::vector<int16_t> result_formats;  // one per result column
  std::unique_ptr<QueryResult> result;  // after the first Execute
  idx_t next_row = 0;
  bool complete = false;
};

std::vector<int16_t> ReadFormats(MessageReader& reader) {
  int16_t count = reader.Int16();
  if (count < 0) throw ProtocolViolation("invalid format count in Bind message");
  std::vector<int16_t> formats(count);
  for (auto& f : formats) {
    f = reader.Int16();
    if (f != 0 && f != 1) throw SqlError(ErrorCode::kInvalidParameterValue, "unsupported format code: " + std::to_string(f));
  }
  return formats;
}

// Spreads a Bind's format codes over `count` items: none = all text, one = all alike.
std::vector<int16_t> FormatsFor(const std::vector<int16_t>& given, size_t count, const char* what) {
  if (given.empty()) return std::vector<int16_t>(count, 0);
  if (given.size() == 1) return std::vector<int16_t>(count, given[0]);
  if (given.size() != count) {
    throw ProtocolViolation(std::string("bind message has ") + std::to_string(given.size()) + " " + what +
                            " formats but query has " + std::to_string(count) + " " + what + "s");
  }
  return given;
}

}  // namespace

struct ExtendedQuery::State {
  Connection& connection;
  MessageChannel& channel;
  std::shared_ptr<PreparedStatement> unnamed_statement;
  std::map<std::string, Portal> portals;  // "" is the unnamed portal

  std::shared_ptr<PreparedStatement> Statement(const std::string& name) {
    if (name.empty()) {
      if (!unnamed_statement) {
        throw SqlError(ErrorCode::kInvalidSqlStatementName, "unnamed prepared statement does not exist");
      }
      return unnamed_statement;
    }
    return connection.prepared_statements().Get(name);
  }

  Portal& FindPortal(const std::string& name) {
    auto it = portals.find(name);
    if (it == portals.end()) throw SqlError(ErrorCode::kInvalidCursorName, "portal \"" + name + "\" does not exist");
    return it->second;
  }

  void Parse(MessageReader& reader) {
    std::string name(reader.CString());
    std::string sql(reader.CString());
    int16_t count = reader.Int16();
    if (count < 0) throw ProtocolViolation("invalid parameter count in Parse message");
    std::vector<std::optional<LogicalType>> types;
    for (int16_t i = 0; i < count; i++) {
      auto oid = static_cast<uint32_t>(reader.Int32());
      if (oid == 0) {
        types.emplace_back(std::nullopt);
        continue;
      }
      auto type = LogicalTypeFromPgOid(oid);
      if (!type) throw SqlError(ErrorCode::kUndefinedObject, "type with OID " + std::to_string(oid) + " does not exist");
      types.emplace_back(*type);
    }
    reader.ExpectEnd("Parse message");
    auto prepared = connection.Prepare(sql, types);
    if (name.empty()) {
      unnamed_statement = std::move(prepared);
    } else {
      connection.prepared_statements().Add(name, std::move(prepared));
    }
    channel.out().Begin('1');  // ParseComplete
    channel.out().End();
  }

  void Bind(MessageReader& reader) {
    std::string portal_name(reader.CString());
    std::string statement_name(reader.CString());
    std::vector<int16_t> parameter_formats = ReadFormats(reader);
    int16_t count = reader.Int16();
    if (count < 0) throw ProtocolViolation("invalid parameter count in Bind message");
    std::vector<std::optional<std::string>> raw(count);
    for (auto& value : raw) {
      int32_t length = reader.Int32();
      if (length < -1) throw ProtocolViolation("invalid parameter length in Bind message");
      if (length >= 0) value = std::string(reader.Bytes(length));
    }
    std::vector<int16_t> result_formats = ReadFormats(reader);
    reader.ExpectEnd("Bind message");

    auto statement = Statement(statement_name);
    if (raw.size() != statement->parameter_types.size()) {
      throw ProtocolViolation("bind message supplies " + std::to_string(raw.size()) +
                              " parameters, but prepared statement \"" + statement_name + "\" requires " +
                              std::to_string(statement->parameter_types.size()));
    }
    auto formats = FormatsFor(parameter_formats, raw.size(), "parameter");
    Portal portal;
    portal.statement = statement;
    const TimeZone* zone = connection.settings().time_zone.get();
    for (size_t i = 0; i < raw.size(); i++) {
      const LogicalType& type = statement->parameter_types[i];
      if (!raw[i]) {
        portal.parameters.push_back(Value::Null(type));
      } else if (formats[i] == 1) {
        portal.parameters.push_back(DecodePgBinary(type, *raw[i]));
      } else {
        portal.parameters.push_back(ParsePgText(type, *raw[i], zone));
      }
    }
    CheckParameterValues(*statement, portal.parameters, statement_name);
    portal.result_formats = FormatsFor(result_formats, statement->column_types.size(), "result");
    if (!portal_name.empty() && portals.count(portal_name)) {
      throw SqlError(ErrorCode::kDuplicateCursor, "portal \"" + portal_name + "\" already exists");
    }
    portals[portal_name] = std::move(portal);
    channel.out().Begin('2');  // BindComplete
    channel.out().End();
  }

  void Describe(MessageReader& reader) {
    char kind = static_cast<char>(reader.Byte());
    std::string name(reader.CString());
    reader.ExpectEnd("Describe message");
    MessageWriter& out = channel.out();
    if (kind == 'S') {
      auto statement = Statement(name);
      out.Begin('t');  // ParameterDescription
      out.Int16(static_cast<int16_t>(statement->parameter_types.size()));
      for (auto& type : statement->parameter_types) out.Int32(static_cast<int32_t>(PgTypeOf(type).oid));
      out.End();
      DescribeRows(*statement, {});
    } else if (kind == 'P') {
      Portal& portal = FindPortal(name);
      DescribeRows(*portal.statement, portal.result_formats);
    } else {
      throw ProtocolViolation("invalid DESCRIBE message subtype " + std::to_string(kind));
    }
  }

  void DescribeRows(const PreparedStatement& statement, const std::vector<int16_t>& formats) {
    if (!statement.returns_rows) {
      channel.out().Begin('n');  // NoData
      channel.out().End();
      return;
    }
    channel.out().RowDescription(statement.column_names, statement.column_types, formats, statement.column_origins);
  }

  void Execute(MessageReader& reader) {
    std::string name(reader.CString());
    int32_t max_rows = reader.Int32();
    reader.ExpectEnd("Execute message");
    Portal& portal = FindPortal(name);
    MessageWriter& out = channel.out();
    if (portal.statement->is_empty()) {
      out.EmptyQueryResponse();
      return;
    }
    if (!portal.result) {
      portal.result = connection.Execute(*portal.statement, portal.parameters);
      out.Notices(connection.TakeNotices());
    }
    QueryResult& result = *portal.result;
    idx_t total = result.RowCount();
    idx_t end = total;
    if (max_rows > 0 && portal.next_row + max_rows < total) end = portal.next_row + max_rows;
    idx_t sent = end - portal.next_row;
    if (result.rows) WriteRows(portal, end);
    if (max_rows > 0 && end < total) {
      out.Begin('s');  // PortalSuspended
      out.End();
      return;
    }
    if (portal.complete) {
      out.CommandComplete(result.command_tag.rfind("SELECT", 0) == 0 ? "SELECT 0" : result.command_tag);
      return;
    }
    portal.complete = true;
    // A portal fetched in pieces reports the rows of the last piece, as PostgreSQL does.
    bool pieces = sent != total && result.command_tag.rfind("SELECT", 0) == 0;
    out.CommandComplete(pieces ? "SELECT " + std::to_string(sent) : result.command_tag);
  }

  void WriteRows(Portal& portal, idx_t end) {
    MessageWriter& out = channel.out();
    const QueryResult& result = *portal.result;
    const TimeZone* zone = result.time_zone.get();
    std::string binary;
    for (idx_t row = portal.next_row; row < end; row++) {
      out.Begin('D');
      out.Int16(static_cast<int16_t>(result.types.size()));
      for (idx_t col = 0; col < result.types.size(); col++) {
        Value v = result.GetValue(col, row);
        if (v.IsNull()) {
          out.Int32(-1);
          continue;
        }
        if (col < portal.result_formats.size() && portal.result_formats[col] == 1) {
          binary.clear();
          EncodePgBinary(v, binary);
          out.Int32(static_cast<int32_t>(binary.size()));
          out.Bytes(binary);
        } else {
          std::string text = v.ToString(zone);
          out.Int32(static_cast<int32_t>(text.size()));
          out.Bytes(text);
        }
      }
      out.End();
      if (out.size() >= (256u << 10)) channel.Flush();
    }
    portal.next_row = end;
  }

  void Close(MessageReader& reader) {
    char kind = static_cast<char>(reader.Byte());
    std::string name(reader.CString());
    reader.ExpectEnd("Close message");
    // Closing what does not exist is not an error.
    if (kind == 'S') {
      if (name.empty()) {
        unnamed_statement.reset();
      } else if (connection.prepared_statements().Find(name)) {
        connection.prepared_statements().Remove(name);
      }
    } else if (kind == 'P') {
      portals.erase(name);
    } else {
      throw ProtocolViolation("invalid CLOSE message subtype " + std::to_string(kind));
    }
    channel.out().Begin('3');  // CloseComplete
    channel.out().End();
  }
};

ExtendedQuery::ExtendedQuery(Connection& connection, MessageChannel& channel)
    : state_(std::make_unique<State>(State{connection, channel, nullptr, {}})) {}

void ExtendedQuery::Handle(const FrontendMessage& message) {
  MessageReader reader(message.body);
  switch (message.type) {
    case 'P': return state_->Parse(reader);
    case 'B': return state_->Bind(reader);
    case 'D': return state_->Describe(reader);
    case 'E': return state_->Execute(reader);
    case 'C': return state_->Close(reader);
  }
  throw ProtocolViolation("not an extended query message");
}

void ExtendedQuery::Sync() {
  if (state_->connection.TransactionStatus() == 'I') state_->portals.clear();
}


ExtendedQuery::~ExtendedQuery() = default;

}  // namespace stockroom
