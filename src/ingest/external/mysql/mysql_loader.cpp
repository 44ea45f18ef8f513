// LoadB2bPortalIntoMysql: the generated b2b_portal extracts replayed into MySQL/MariaDB.

#include <map>

#include "common/error/exception.hpp"
#include "ingest/external/database_loader.hpp"
#include "ingest/external/landing_csv.hpp"
#include "ingest/external/mysql/mysql_connection.hpp"
#include "ingest/external/source_schema.hpp"

namespace stockroom {

namespace {

constexpr size_t kRowsPerInsert = 1000;

void CreateTable(MysqlConnection& connection, const SourceTableSchema& table) {
  std::string name = MysqlConnection::QuoteIdentifier(table.table);
  std::string ddl = "CREATE TABLE " + name + " (";
  for (const auto& column : table.columns) ddl += MysqlConnection::QuoteIdentifier(column.name) + " " + column.type + ", ";
  std::string keys;
  for (const auto& key : table.key) keys += (keys.empty() ? "" : ", ") + MysqlConnection::QuoteIdentifier(key);
  ddl += "PRIMARY KEY (" + keys + ")) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin";
  connection.Execute("DROP TABLE IF EXISTS " + name);
  connection.Execute(ddl);
}

// Inserts the accepted records of one landing file in batches; a key that exists (or
// comes twice) takes the later row. Returns the records applied.
uint64_t ApplyFile(MysqlConnection& connection, const SourceTableSchema& table, const std::string& path,
                   uint64_t* rejected) {
  LandingCsvReader reader(path);
  if (reader.header() != table.ColumnNames()) {
    throw SqlError(ErrorCode::kBadCopyFileFormat,
                   "landing file \"" + path + "\" does not have the columns of " + table.system + "." + table.table);
  }
  std::string prefix = "INSERT INTO " + MysqlConnection::QuoteIdentifier(table.table) + " (";
  std::string suffix = " ON DUPLICATE KEY UPDATE ";
  for (size_t i = 0; i < table.columns.size(); i++) {
    std::string name = MysqlConnection::QuoteIdentifier(table.columns[i].name);
    prefix += (i ? ", " : "") + name;
    if (i) suffix += ", ";
    suffix += name + " = VALUES(" + name + ")";
  }
  prefix += ") VALUES ";
  std::string values;
  size_t batched = 0;
  uint64_t applied = 0;
  auto flush = [&] {
    if (batched == 0) return;
    connection.Execute(prefix + values + suffix);
    values.clear();
    batched = 0;
  };
  CsvRecord record;
  while (reader.Next(&record)) {
    if (!table.Accepts(record)) {
      (*rejected)++;
      continue;
    }
    values += batched ? ",(" : "(";
    for (size_t i = 0; i < record.fields.size(); i++) {
      if (i) values += ',';
      values += record.null[i] ? "NULL" : connection.QuoteLiteral(record.fields[i]);
    }
    values += ')';
    applied++;
    if (++batched == kRowsPerInsert) flush();
  }
  flush();
  return applied;
}

}  // namespace

DatabaseLoadSummary LoadB2bPortalIntoMysql(const std::string& url, const std::string& landing,
                                           const DatabaseLoadOptions& options) {
  MysqlConnection connection(url, /*create_database=*/true);
  const auto& tables = B2bPortalDatabaseTables();
  if (options.replace) {
    for (const auto& table : tables) CreateTable(connection, table);
  }
  std::map<std::string, std::map<size_t, std::vector<std::string>>> files_by_date;
  for (size_t t = 0; t < tables.size(); t++) {
    for (const auto& file : ListLandingFiles(landing, tables[t].system, tables[t].table, options.from, options.through)) {
      files_by_date[file.date][t].push_back(file.path);
    }
  }
  DatabaseLoadSummary summary;
  for (const auto& [date, table_files] : files_by_date) {
    connection.Execute("START TRANSACTION");
    uint64_t date_rows = 0;
    for (const auto& [t, paths] : table_files) {
      for (const auto& path : paths) {
        date_rows += ApplyFile(connection, tables[t], path, &summary.rows_rejected);
        summary.files++;
      }
    }
    connection.Execute("COMMIT");
    summary.rows_read += date_rows;
    if (options.progress) {
      std::fprintf(options.progress, "mysql: applied the b2b_portal extract of %s (%llu rows)\n", date.c_str(),
                   static_cast<unsigned long long>(date_rows));
    }
  }
  for (const auto& table : tables) {
    bool null = false;
    summary.table_rows[table.table] =
        std::stoull(connection.QueryValue("SELECT COUNT(*) FROM " + MysqlConnection::QuoteIdentifier(table.table), &null));
  }
  return summary;
}

}  // namespace stockroom
