// LoadShopIntoPostgres: the generated shop extracts replayed into a PostgreSQL database.

#include <algorithm>
#include <map>

#include "common/error/exception.hpp"
#include "ingest/external/database_loader.hpp"
#include "ingest/external/landing_csv.hpp"
#include "ingest/external/postgres/postgres_connection.hpp"
#include "ingest/external/source_schema.hpp"

namespace stockroom {

namespace {

constexpr const char* kSchema = "shop";

std::string Join(const std::vector<std::string>& names, const PostgresConnection& connection, const std::string& prefix = "") {
  std::string out;
  for (const auto& name : names) {
    if (!out.empty()) out += ", ";
    out += prefix + connection.QuoteIdentifier(name);
  }
  return out;
}

void CreateTable(PostgresConnection& connection, const SourceTableSchema& table, const std::string& name) {
  std::string ddl = "CREATE TABLE " + name + " (";
  for (const auto& column : table.columns) ddl += connection.QuoteIdentifier(column.name) + " " + column.type + ", ";
  ddl += "PRIMARY KEY (" + Join(table.key, connection) + "))";
  connection.Execute("DROP TABLE IF EXISTS " + name);
  connection.Execute(ddl);
}

// Streams the accepted records of one landing file into the COPY in progress; returns the
// records sent and adds the rejected ones to `rejected`.
uint64_t SendFile(PostgresConnection& connection, const SourceTableSchema& table, const std::string& path,
                  uint64_t* rejected) {
  LandingCsvReader reader(path);
  if (reader.header() != table.ColumnNames()) {
    throw SqlError(ErrorCode::kBadCopyFileFormat,
                   "landing file \"" + path + "\" does not have the columns of " + table.system + "." + table.table);
  }
  CsvRecord record;
  std::string buffer;
  uint64_t sent = 0;
  while (reader.Next(&record)) {
    if (!table.Accepts(record)) {
      (*rejected)++;
      continue;
    }
    for (size_t i = 0; i < record.fields.size(); i++) AppendCsvField(buffer, record.fields[i], record.null[i], i == 0);
    buffer += '\n';
    sent++;
    if (buffer.size() >= (1 << 20)) {
      connection.CopyData(buffer);
      buffer.clear();
    }
  }
  connection.CopyData(buffer);
  return sent;
}

}  // namespace

DatabaseLoadSummary LoadShopIntoPostgres(const std::string& url, const std::string& landing,
                                         const DatabaseLoadOptions& options) {
  PostgresConnection connection(url);
  connection.Execute("SET client_min_messages = warning");
  const auto& tables = ShopDatabaseTables();
  std::string schema = connection.QuoteIdentifier(kSchema);

  // Per extract date, per table: the part files.
  std::map<std::string, std::map<size_t, std::vector<std::string>>> files_by_date;
  for (size_t t = 0; t < tables.size(); t++) {
    for (const auto& file : ListLandingFiles(landing, tables[t].system, tables[t].table, options.from, options.through)) {
      files_by_date[file.date][t].push_back(file.path);
    }
  }

  connection.Execute("BEGIN");
  if (options.replace) {
    connection.Execute("CREATE SCHEMA IF NOT EXISTS " + schema);
    for (const auto& table : tables) CreateTable(connection, table, schema + "." + connection.QuoteIdentifier(table.table));
  }
  // A staging table per table (temporary: gone with the session): COPY cannot upsert, and one extract may hold a key twice
  // (the last row wins, by its line in the extract).
  for (const auto& table : tables) {
    std::string name = connection.QuoteIdentifier("load_" + table.table);
    connection.Execute("CREATE TEMP TABLE " + name + " (LIKE " + schema + "." + connection.QuoteIdentifier(table.table) +
                       ")");
    connection.Execute("ALTER TABLE " + name + " ADD COLUMN _line bigserial");
  }
  connection.Execute("COMMIT");

  DatabaseLoadSummary summary;
  for (const auto& [date, table_files] : files_by_date) {
    connection.Execute("BEGIN");
    uint64_t date_rows = 0;
    for (const auto& [t, paths] : table_files) {
      const SourceTableSchema& table = tables[t];
      std::string target = schema + "." + connection.QuoteIdentifier(table.table);
      std::string staging = connection.QuoteIdentifier("load_" + table.table);
      std::string columns = Join(table.ColumnNames(), connection);
      connection.CopyIn("COPY " + staging + " (" + columns + ") FROM STDIN (FORMAT csv)");
      for (const auto& path : paths) {
        date_rows += SendFile(connection, table, path, &summary.rows_rejected);
        summary.files++;
      }
      connection.CopyEnd();
      std::string keys = Join(table.key, connection);
      std::string updates;
      for (const auto& column : table.columns) {
        if (std::find(table.key.begin(), table.key.end(), column.name) != table.key.end()) continue;
        std::string name = connection.QuoteIdentifier(column.name);
        updates += (updates.empty() ? "" : ", ") + name + " = EXCLUDED." + name;
      }
      connection.Execute("INSERT INTO " + target + " (" + columns + ") SELECT DISTINCT ON (" + keys + ") " + columns +
                         " FROM " + staging + " ORDER BY " + keys + ", _line DESC ON CONFLICT (" + keys + ") DO " +
                         (updates.empty() ? "NOTHING" : "UPDATE SET " + updates));
      connection.Execute("TRUNCATE " + staging);
    }
    connection.Execute("COMMIT");
    summary.rows_read += date_rows;
    if (options.progress) {
      std::fprintf(options.progress, "postgres: applied the shop extract of %s (%llu rows)\n", date.c_str(),
                   static_cast<unsigned long long>(date_rows));
    }
  }
  for (const auto& table : tables) {
    PostgresRows count =
        connection.Query("SELECT count(*) FROM " + schema + "." + connection.QuoteIdentifier(table.table));
    summary.table_rows[table.table] = std::stoull(*count.rows[0][0]);
  }
  return summary;
}

}  // namespace stockroom
