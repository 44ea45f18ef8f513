#include "pipeline/postgres_warehouse.hpp"

#include "catalog/catalog_sql.hpp"
#include "common/error/exception.hpp"
#include "ingest/external/postgres/postgres_connection.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "main/query_result.hpp"
#include "pipeline/landing_copy.hpp"

namespace stockroom::pipeline {

namespace {

// Rows sent per CopyData call: big enough to amortise the call, small enough to stream.
constexpr size_t kCopyChunkBytes = 1 << 20;

// Appends `value` as a field of COPY's text format: backslash, tab, newline and carriage
// return escaped (NULL is written by the caller as \N).
void AppendCopyField(std::string& out, const std::string& value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
}

template <typename Fn>
auto Translated(Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const PostgresError& e) {
    // A statement's error as the server gave it (the run record names the step); a failed
    // connection names the target, its password hidden.
    throw WarehouseError(e.code() == ErrorCode::kSqlClientUnableToEstablishConnection ? e.what() : e.server_message());
  }
}

}  // namespace

PostgresWarehouse::PostgresWarehouse(std::string url) : url_(std::move(url)) {
  Translated([&] { connection_ = std::make_unique<PostgresConnection>(url_); });
}

PostgresWarehouse::~PostgresWarehouse() = default;

void PostgresWarehouse::Execute(const std::string& sql) {
  Translated([&] { connection_->Execute(sql); });
}

TextRows PostgresWarehouse::Query(const std::string& sql) {
  return Translated([&] {
    PostgresRows rows = connection_->Query(sql);
    TextRows out;
    out.names = std::move(rows.names);
    out.rows = std::move(rows.rows);
    return out;
  });
}

CopyOutcome PostgresWarehouse::CopyFile(const CopyRequest& request) {
  CopyOutcome outcome;
  // The scratch table of the parser has the raw table's data columns with the server's
  // types, so a value is rejected here exactly when the embedded target would reject it.
  RelationInfo raw = Describe(request.table);
  if (raw.kind != "table") throw WarehouseError(request.table + ": no such table on the target");
  std::string definition;
  for (auto& column : request.data_columns) {
    std::string type;
    for (auto& [name, column_type] : raw.columns) {
      if (name == column) type = column_type;
    }
    if (type.empty()) throw WarehouseError(request.table + " has no column " + column + " on the target");
    definition += (definition.empty() ? "" : ", ") + QuoteIdentifier(column) + " " + type;
  }
  // Timestamps without an offset are read in the session's TimeZone, the project's: the
  // parser reads them in the same one.
  TextRows zone = Query("SELECT current_setting('TimeZone'), now()");
  std::string loaded_at = zone.Text(0, 1);  // the transaction's start, as now() in the embedded target
  if (!parser_) {
    DatabaseConfig config;
    config.threads = 1;
    config.auto_vacuum_interval = std::chrono::milliseconds(0);
    parser_ = std::make_unique<Database>(config);
    parser_connection_ = std::make_unique<Connection>(*parser_);
  }
  std::unique_ptr<QueryResult> rows;
  try {
    parser_connection_->Query("SET TimeZone = " + SqlLiteral(zone.Text(0, 0)));
    parser_connection_->Query("DROP TABLE IF EXISTS landing_file");
    parser_connection_->Query("CREATE TABLE landing_file (" + definition + ")");
  } catch (const SqlError& e) {
    throw WarehouseError(std::string("parsing ") + request.path + ": " + e.what());
  }
  if (!CopyLandingFile(*parser_connection_, request, "landing_file", &outcome)) return outcome;
  try {
    rows = parser_connection_->Query("SELECT * FROM landing_file");
    parser_connection_->Query("DROP TABLE landing_file");
  } catch (const SqlError& e) {
    throw WarehouseError(std::string("parsing ") + request.path + ": " + e.what());
  }

  // Every value goes in its text output form, which PostgreSQL's input functions read back
  // (timestamptz with its offset, numeric exactly, jsonb as JSON text).
  std::string lineage;
  AppendCopyField(lineage, request.source_file);
  lineage += '\t';
  AppendCopyField(lineage, loaded_at);
  lineage += '\n';
  Translated([&] {
    connection_->CopyIn("COPY " + request.table + " (" + DataColumnList(request) +
                        ", _source_file, _loaded_at) FROM STDIN (FORMAT text)");
    std::string chunk;
    size_t columns = rows->names.size();
    for (idx_t r = 0; r < rows->RowCount(); r++) {
      for (idx_t c = 0; c < columns; c++) {
        bool is_null = false;
        std::string text = rows->GetText(c, r, &is_null);
        if (is_null) {
          chunk += "\\N";
        } else {
          AppendCopyField(chunk, text);
        }
        chunk += '\t';
      }
      chunk += lineage;
      if (chunk.size() >= kCopyChunkBytes) {
        connection_->CopyData(chunk);
        chunk.clear();
      }
    }
    connection_->CopyData(chunk);
    outcome.rows_loaded = connection_->CopyEnd();
  });
  return outcome;
}

RelationInfo PostgresWarehouse::Describe(const std::string& relation) {
  size_t dot = relation.find('.');
  TextRows rows = Query(
      "SELECT c.relkind, a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_class AS c "
      "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace "
      "LEFT JOIN pg_catalog.pg_attribute AS a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
      "WHERE n.nspname = " + SqlLiteral(relation.substr(0, dot)) + " AND c.relname = " +
      SqlLiteral(relation.substr(dot + 1)) + " AND c.relkind IN ('r', 'p', 'v', 'm') ORDER BY a.attnum");
  RelationInfo info;
  if (rows.rows.empty()) return info;
  std::string kind = rows.Text(0, 0);
  info.kind = kind == "v" ? "view" : kind == "m" ? "materialized_view" : "table";
  for (size_t r = 0; r < rows.rows.size(); r++) {
    if (rows.rows[r][1]) info.columns.emplace_back(rows.Text(r, 1), rows.Text(r, 2));
  }
  return info;
}

void PostgresWarehouse::Written(const std::string& relation) { Execute("ANALYZE " + relation); }

std::unique_ptr<Warehouse> PostgresWarehouse::NewSession() { return std::make_unique<PostgresWarehouse>(url_); }

}  // namespace stockroom::pipeline
