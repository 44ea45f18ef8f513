#pragma once

// What the database-source tests share: the servers' URLs (from the fixture tests' files),
// a fresh database per test, one generated landing zone, and the state a table should have
// after replaying its landing extracts (the last row of each key wins).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "generate/generator.hpp"
#include "ingest/external/landing_csv.hpp"
#include "ingest/external/mysql/mysql_connection.hpp"
#include "ingest/external/source_schema.hpp"
#include "support/postgres_test_database.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {

// Returns the URL in the file that the environment variable `variable` names; fails the
// test when there is none (run the tests through ctest, which starts the servers).
inline std::string ServerUrl(const char* variable) {
  std::string url = TestServerUrl(variable);
  if (url.empty()) ADD_FAILURE() << variable << " is not set: run these tests with ctest (-R external), which starts the servers";
  return url;
}

// PostgreSQL database `name` on the test server, created empty (dropped first) and dropped
// at the end of the test; fails the test when there is no server.
inline std::unique_ptr<PostgresTestDatabase> FreshPostgresDatabase(const std::string& name) {
  auto database = std::make_unique<PostgresTestDatabase>(name);
  if (!database->available()) ADD_FAILURE() << "SR_PG_CONNINFO_FILE is not set: run these tests with ctest (-R external), which starts the servers";
  return database;
}

// Returns the URL of MySQL database `name` on the test server, dropped first.
inline std::string FreshMysqlDatabase(const std::string& name) {
  std::string server = ServerUrl("SR_TEST_MYSQL_URL_FILE");
  size_t query = server.find("/?");
  std::string url = server.substr(0, query) + "/" + name + server.substr(query + 1);
  MysqlConnection admin(url, /*create_database=*/true);
  admin.Execute("DROP DATABASE " + MysqlConnection::QuoteIdentifier(name));
  return url;
}

// A landing record as text: fields joined by '|', NULL as \N.
inline std::string RecordText(const CsvRecord& record) {
  std::string text;
  for (size_t i = 0; i < record.fields.size(); i++) {
    if (i) text += '|';
    text += record.null[i] ? "\\N" : record.fields[i];
  }
  return text;
}

// The rows of a table after replaying its landing extracts in [from, through]: key text ->
// row text, the last row of a key winning. Records the table does not accept are skipped.
inline std::map<std::string, std::string> ReplayedRows(const std::string& landing, const SourceTableSchema& table,
                                                       const std::string& from = "", const std::string& through = "") {
  std::map<std::string, std::string> rows;
  std::vector<size_t> key_index;
  auto names = table.ColumnNames();
  for (const auto& key : table.key) key_index.push_back(std::find(names.begin(), names.end(), key) - names.begin());
  for (const auto& file : ListLandingFiles(landing, table.system, table.table, from, through)) {
    LandingCsvReader reader(file.path);
    CsvRecord record;
    while (reader.Next(&record)) {
      if (!table.Accepts(record)) continue;
      std::string key;
      for (size_t i : key_index) key += record.fields[i] + "|";
      rows[key] = RecordText(record);
    }
  }
  return rows;
}

// The rows of an extract file, keyed like ReplayedRows.
inline std::map<std::string, std::string> FileRows(const std::string& path, const SourceTableSchema& table) {
  std::map<std::string, std::string> rows;
  LandingCsvReader reader(path);
  EXPECT_EQ(reader.header(), table.ColumnNames()) << path;
  std::vector<size_t> key_index;
  auto names = table.ColumnNames();
  for (const auto& key : table.key) key_index.push_back(std::find(names.begin(), names.end(), key) - names.begin());
  CsvRecord record;
  while (reader.Next(&record)) {
    std::string key;
    for (size_t i : key_index) key += record.fields[i] + "|";
    EXPECT_TRUE(rows.emplace(key, RecordText(record)).second) << "key " << key << " twice in " << path;
  }
  return rows;
}

// One landing zone for the whole test program: SF 0.01, the backfill of 2025-12-28 and
// three daily increments.
class SourceTest : public ::testing::Test {
 protected:
  static constexpr const char* kBackfill = "2025-12-28";
  static constexpr const char* kFirstIncrement = "2025-12-29";

  static void SetUpTestSuite() { Landing(); }
  // Generates the landing zone on first use; it is removed when the program ends.
  static std::string Landing() {
    static TempDirectory dir;
    static const std::string landing = [] {
      GenerateOptions options;
      options.sf = 0.01;
      options.increments = 3;
      options.out = dir / "landing";
      options.threads = 2;
      Generate(options, nullptr);
      return options.out;
    }();
    return landing;
  }

  // A scratch directory for this test's extract files.
  TempDirectory scratch_;
};

}  // namespace stockroom
