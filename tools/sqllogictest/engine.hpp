#pragma once

#include <memory>
#include <string>
#include <vector>

namespace stockroom {

// What one record's SQL did on one engine, in engine-neutral form: either an error
// (SQLSTATE and message) or a result whose values are already encoded for .test files.
struct QueryOutcome {
  bool ok = false;
  std::string sqlstate;
  std::string message;
  bool has_rows = false;                       // the last statement returned a result set
  std::vector<std::string> type_names;         // PostgreSQL's type names, without modifiers
  std::vector<std::vector<std::string>> rows;  // encoded with EncodeValue
  bool ordered = false;                        // rows follow a top-level ORDER BY (Stockroom only)
};

// A database the runner executes records on. Not thread-safe.
class Engine {
 public:
  virtual ~Engine() = default;
  // Runs `sql` (one or more statements) and returns the outcome of the last statement, or
  // of the first failing one.
  virtual QueryOutcome Run(const std::string& sql) = 0;
};

}  // namespace stockroom
