#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace stockroom {

// One table of a source database that the pipeline extracts into a raw table instead of
// reading it from the landing zone (docs/ecommerce-warehouse.md, "Database sources").
struct DatabaseSourceTable {
  std::string raw_table;     // the raw table the extract loads into, e.g. raw.shop_orders
  std::string source_table;  // the table in the source database: shop.orders (PostgreSQL), accounts (MySQL)
  std::vector<std::string> columns;  // the landing columns, in landing order
  // A column, or an expression over the columns, that grows whenever a row is inserted or
  // changed (updated_at; coalesce(received_at, requested_at)). Empty: every extract is a
  // full extract (small tables without a change time, like warehouses).
  std::string watermark;
  std::vector<std::string> key_columns;  // the row's identity; the extract is ordered by it
  // PostgreSQL: the zone timestamptz values are written in, as ISO-8601 with that zone's
  // offset like the landing files; the instants are exact whatever it is.
  std::string time_zone = "America/New_York";
};

struct ExtractResult {
  uint64_t rows = 0;
  // The new watermark: the greatest watermark value of the rows written, as the source
  // database prints it (pass it to the next extract); the old one when no row changed, and
  // empty for full extracts.
  std::string watermark;
};

// Writes the rows of `table` whose watermark is above `watermark` (every row when it is
// empty, or when the table has no watermark) to `out_file` as CSV with a header, in the
// landing zone's format (NULL an empty field, an empty string ""), so that the raw loader
// loads it exactly like a landing file. The extract reads one consistent snapshot of the
// source; the file appears complete or not at all (written aside, then renamed).
// `url` is a libpq connection string or URI. Throws SqlError: 08001 when the database
// cannot be reached, HV000 with the server's error otherwise, 58030 when the file cannot be
// written; messages name the URL with its password hidden.
ExtractResult ExtractPostgresTable(const std::string& url, const DatabaseSourceTable& table,
                                   const std::string& watermark, const std::string& out_file);

// The same from MySQL or MariaDB, streaming the rows (mysql_use_result). `url` is
// mysql://user:password@host[:port]/database[?socket=/path/to/socket]. DATETIME values are
// written as the server prints them, 'YYYY-MM-DD HH:MM:SS' (local time, no offset).
ExtractResult ExtractMysqlTable(const std::string& url, const DatabaseSourceTable& table,
                                const std::string& watermark, const std::string& out_file);

// Returns `url` with its password replaced by "***" (URI user-info, `password=` of a
// libpq key/value string, `?password=` of a URI), for messages and logs.
std::string RedactDatabaseUrl(const std::string& url);

}  // namespace stockroom
