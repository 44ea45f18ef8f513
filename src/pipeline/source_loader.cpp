#include "pipeline/source_loader.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "common/error/exception.hpp"
#include "ingest/external/database_source.hpp"
#include "pipeline/raw_loader.hpp"

namespace fs = std::filesystem;

namespace stockroom::pipeline {

namespace {

// The content of a full extract as a "watermark": FNV-1a of the file, so that an unchanged
// table is not loaded again every run (its raw rows would pile up for nothing).
std::string ContentWatermark(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  uint64_t hash = 1469598103934665603ull;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); i++) {
      hash ^= static_cast<unsigned char>(buffer[i]);
      hash *= 1099511628211ull;
    }
  }
  char text[32];
  std::snprintf(text, sizeof(text), "content:%016llx", static_cast<unsigned long long>(hash));
  return text;
}

void RemoveQuietly(const std::string& path) {
  std::error_code ignored;
  fs::remove(path, ignored);
}

}  // namespace

SourceLoad LoadFromDatabaseSource(Warehouse& warehouse, const Project& project, const RawTable& raw,
                                  const DatabaseSource& source, const SourceTableConfig& table,
                                  const std::string& extract_dir, int64_t run_id) {
  const char* url = std::getenv(source.url_env.c_str());
  if (url == nullptr || *url == '\0') {
    throw WarehouseError("database source " + source.system + ": environment variable " + source.url_env +
                         " (its URL) is not set");
  }
  std::string source_table = source.SourceTable(table);
  TextRows last = warehouse.Query(
      "SELECT watermark FROM pipeline.source_watermarks WHERE system = " + SqlLiteral(source.system) +
      " AND source_table = " + SqlLiteral(source_table) + " ORDER BY run_id DESC LIMIT 1");
  std::string since = last.rows.empty() ? "" : last.Text(0, 0);

  DatabaseSourceTable spec;
  spec.raw_table = raw.relation;
  spec.source_table = source_table;
  spec.columns = raw.columns;
  spec.watermark = table.watermark;
  spec.key_columns = table.key;
  spec.time_zone = source.time_zone;
  fs::path folder = fs::path(extract_dir) / source.system / table.table;
  fs::create_directories(folder);
  std::string path = fs::absolute(folder / ("extract-" + std::to_string(run_id) + ".csv")).lexically_normal();

  std::string what = source.Scheme() + ":" + source_table;
  ExtractResult extract;
  try {
    std::string from = table.watermark.empty() ? "" : since;
    extract = source.kind == "postgres" ? ExtractPostgresTable(url, spec, from, path)
                                        : ExtractMysqlTable(url, spec, from, path);
  } catch (const SqlError& e) {
    throw WarehouseError("extract of " + what + ": " + e.what());
  }
  SourceLoad load;
  std::string watermark = table.watermark.empty() ? ContentWatermark(path) : extract.watermark;
  if (extract.rows == 0 || watermark == since) {
    RemoveQuietly(path);
    load.message = "extract of " + what + ": no rows changed";
    return load;
  }
  // Unique in the ledger: a watermark grows with every extract that has rows; a full
  // extract is loaded at most once a run.
  std::string source_file = what + "@" + (table.watermark.empty() ? "run " + std::to_string(run_id) : watermark);
  std::string record = "INSERT INTO pipeline.source_watermarks VALUES (" + SqlLiteral(source.system) + ", " +
                       SqlLiteral(source_table) + ", " + SqlLiteral(raw.relation) + ", " + SqlLiteral(watermark) +
                       ", " + std::to_string(run_id) + ", now(), " + std::to_string(extract.rows) + ", " +
                       SqlLiteral(source_file) + ")";
  CopyOutcome outcome = LoadFileInTransaction(
      warehouse, project, raw, {path, source_file, static_cast<uint64_t>(fs::file_size(path))}, run_id, {record});
  RemoveQuietly(path);
  load.files = 1;
  load.rows_loaded = outcome.rows_loaded;
  load.rows_rejected = static_cast<int64_t>(outcome.rejected.size());
  load.message = "extract of " + what + (table.watermark.empty() ? " (whole table)" : since.empty() ? " (all rows)" : " since " + since) + ": " +
                 std::to_string(extract.rows) + " rows";
  return load;
}

}  // namespace stockroom::pipeline
