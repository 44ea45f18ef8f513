#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace stockroom::pipeline {

// Rows of a query as text (PostgreSQL's output form), NULL as nullopt.
struct TextRows {
  std::vector<std::string> names;
  std::vector<std::vector<std::optional<std::string>>> rows;

  // Returns row `r`, column `c` as an integer (0 for NULL).
  int64_t Int(size_t r, size_t c) const;
  // Returns row `r`, column `c` as text ("" for NULL).
  const std::string& Text(size_t r, size_t c) const;
};

// What to load into which table: one landing file into the data columns of a raw table,
// with the lineage columns `_source_file` and `_loaded_at` set for every row.
struct CopyRequest {
  std::string table;                      // schema.name
  std::vector<std::string> data_columns;  // the table's columns without the lineage ones
  std::string path;                       // absolute path of the file
  std::string source_file;                // path relative to the landing zone
  std::string format;                     // csv | json
  std::string copy_options;               // extra COPY options, comma-separated
  int64_t max_errors = 1000;
};

// One rejected row of a landing file.
struct RejectedRow {
  int64_t line_number = 0;
  std::string column_name;
  std::string error_code;
  std::string reason;
  std::string raw_line;
};

struct CopyOutcome {
  int64_t rows_loaded = 0;
  std::vector<RejectedRow> rejected;
  bool over_limit = false;   // more bad rows than max_errors: nothing loaded
  std::string first_error;   // over_limit: the first rejected row, as the engine reports it
};

// What a relation is, if it exists, and its columns (name, type as SQL text).
struct RelationInfo {
  std::string kind;  // "" (missing), "table", "view" or "materialized_view"
  std::vector<std::pair<std::string, std::string>> columns;
};

// A statement the warehouse rejected; `what()` has the engine's message and detail.
class WarehouseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One session on the database the pipeline builds: the runner's only way to reach it, so
// that another engine (PostgreSQL over libpq) can be a second implementation. Not
// thread-safe: one session per thread; NewSession opens another on the same database.
class Warehouse {
 public:
  virtual ~Warehouse() = default;

  // Runs one or more statements; throws WarehouseError.
  virtual void Execute(const std::string& sql) = 0;
  // Runs a query and returns its rows as text; throws WarehouseError.
  virtual TextRows Query(const std::string& sql) = 0;
  // Loads one landing file inside the session's open transaction (the caller BEGINs and
  // COMMITs, so the rows go with the ledger row). A file with more bad rows than the limit
  // returns over_limit and leaves the transaction to be rolled back; other failures throw.
  virtual CopyOutcome CopyFile(const CopyRequest& request) = 0;
  // Describes the relation `schema.name`.
  virtual RelationInfo Describe(const std::string& relation) = 0;
  // Opens another session on the same database (for parallel model builds).
  virtual std::unique_ptr<Warehouse> NewSession() = 0;
  // The runner wrote `relation` (a raw table's load, a stored model) and committed: the
  // embedded engine writes the commits to its files so that they can leave memory; a
  // PostgreSQL server refreshes the relation's planner statistics, which its autovacuum
  // would only do later, after the models that read it were planned blind.
  virtual void Written(const std::string& relation) = 0;
};

// Runs `body` on `warehouse` between BEGIN and COMMIT. When anything fails it rolls back
// (a failing ROLLBACK is ignored: the first error is the one to report) and rethrows.
void InTransaction(Warehouse& warehouse, const std::function<void()>& body);

// Quotes `text` as an SQL string literal.
std::string SqlLiteral(const std::string& text);

}  // namespace stockroom::pipeline
