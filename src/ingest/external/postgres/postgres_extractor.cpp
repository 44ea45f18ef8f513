// ExtractPostgresTable: COPY (SELECT ...) TO STDOUT streamed into a landing-format CSV file.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>

#include "common/error/exception.hpp"
#include "ingest/external/database_source.hpp"
#include "ingest/external/postgres/postgres_connection.hpp"

namespace stockroom {

namespace {

// Returns the select-list expression that prints `column` (of type `type_name`, pg_type's
// typname) as the landing files do: timestamptz as ISO-8601 with a 'T' and the zone's
// offset (2025-03-01T09:15:02-05:00; microseconds only when there are any), booleans as
// true/false. Everything else prints as PostgreSQL's COPY prints it, which is the landing
// format already (dates ISO, numerics with their scale).
std::string LandingExpression(const PostgresConnection& connection, const std::string& column, const std::string& type_name) {
  std::string name = connection.QuoteIdentifier(column);
  if (type_name == "timestamptz") {
    return "CASE WHEN date_trunc('second', " + name + ") = " + name + " THEN to_char(" + name +
           ", 'YYYY-MM-DD\"T\"HH24:MI:SSTZH:TZM') ELSE to_char(" + name +
           ", 'YYYY-MM-DD\"T\"HH24:MI:SS.USTZH:TZM') END AS " + name;
  }
  if (type_name == "bool") {
    return "CASE WHEN " + name + " THEN 'true' WHEN NOT " + name + " THEN 'false' END AS " + name;
  }
  return name;
}

}  // namespace

ExtractResult ExtractPostgresTable(const std::string& url, const DatabaseSourceTable& table,
                                   const std::string& watermark, const std::string& out_file) {
  PostgresConnection connection(url);
  // Output settings that fix the text of every value; the time zone only picks the offsets.
  connection.Execute("SET TimeZone = " + connection.QuoteLiteral(table.time_zone));
  connection.Execute("SET DateStyle = ISO; SET IntervalStyle = postgres; SET extra_float_digits = 3");
  // One snapshot for the watermark query and the COPY, so the new watermark is exactly the
  // greatest value of the rows written.
  connection.Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");

  PostgresRows types = connection.Query(
      "SELECT a.attname, t.typname FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid "
      "WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped",
      {table.source_table});
  std::map<std::string, std::string> column_types;
  for (const auto& row : types.rows) column_types[*row[0]] = *row[1];

  std::string select_list;
  for (const auto& column : table.columns) {
    auto type = column_types.find(column);
    if (type == column_types.end()) {
      throw SqlError(ErrorCode::kFdwError, "PostgreSQL \"" + connection.redacted_url() + "\": table " +
                                               table.source_table + " has no column \"" + column + "\"");
    }
    if (!select_list.empty()) select_list += ", ";
    select_list += LandingExpression(connection, column, type->second);
  }

  std::string where;
  if (!table.watermark.empty() && !watermark.empty()) {
    where = " WHERE (" + table.watermark + ") > " + connection.QuoteLiteral(watermark);
  }
  ExtractResult result;
  if (!table.watermark.empty()) {
    PostgresRows max =
        connection.Query("SELECT max(" + table.watermark + ")::text FROM " + table.source_table + where);
    result.watermark = max.rows[0][0] ? *max.rows[0][0] : watermark;
  }
  std::string order_by;
  if (!table.watermark.empty()) order_by = "(" + table.watermark + ")";
  for (const auto& key : table.key_columns) {
    order_by += (order_by.empty() ? "" : ", ") + connection.QuoteIdentifier(key);
  }
  std::string query = "SELECT " + select_list + " FROM " + table.source_table + where;
  if (!order_by.empty()) query += " ORDER BY " + order_by;

  std::string temporary = out_file + ".part";
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  if (out == nullptr) {
    throw SqlError(ErrorCode::kIoError, "could not open file \"" + temporary + "\" for writing: " + std::strerror(errno));
  }
  try {
    result.rows = connection.CopyOut("COPY (" + query + ") TO STDOUT (FORMAT csv, HEADER)", out, temporary);
    if (std::fclose(out) != 0) {
      out = nullptr;
      throw SqlError(ErrorCode::kIoError, "could not write to file \"" + temporary + "\": " + std::strerror(errno));
    }
    out = nullptr;
    std::filesystem::rename(temporary, out_file);
  } catch (...) {
    if (out) std::fclose(out);
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
  connection.Execute("COMMIT");
  return result;
}

}  // namespace stockroom
