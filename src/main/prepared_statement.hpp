#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/types/logical_type.hpp"
#include "planner/column_origins.hpp"
#include "sql/ast/statement.hpp"

namespace stockroom {

// A statement parsed and typed once (Connection::Prepare) and run with parameter values
// any number of times (Connection::Execute): the wire protocol's Parse/Bind/Execute and
// SQL's PREPARE/EXECUTE. Executing re-parses `sql` and binds it with the values as typed
// constants, so every execution is planned (and its filters pruned) as if written with
// literals.
struct PreparedStatement {
  std::string sql;                       // the one statement's text
  std::shared_ptr<Statement> statement;  // its parse (null: an empty query string)
  std::vector<LogicalType> parameter_types;  // $1..$n, given or inferred
  // What Describe reports: the result columns of statements that return rows.
  std::vector<std::string> column_names;
  std::vector<LogicalType> column_types;
  std::vector<ColumnOrigin> column_origins;  // empty: none known
  bool returns_rows = false;
  // The command kind (meaningless when `statement` is null: see is_empty()).
  StatementKind kind = StatementKind::kSelect;
  // Only SELECT, VALUES, INSERT, UPDATE, DELETE, MERGE and EXPLAIN take parameters (as in
  // PostgreSQL); other statements run as they are.
  bool takes_parameters = false;

  bool is_empty() const { return statement == nullptr; }
};

// The named prepared statements of a session (PREPARE's, and the wire protocol's named
// statements, which share one namespace as in PostgreSQL).
class PreparedStatementMap {
 public:
  // Throws 42P05 when `name` exists.
  void Add(const std::string& name, std::shared_ptr<PreparedStatement> statement);
  // Throws 26000 when `name` does not exist.
  std::shared_ptr<PreparedStatement> Get(const std::string& name) const;
  // Null when `name` does not exist.
  std::shared_ptr<PreparedStatement> Find(const std::string& name) const;
  // Throws 26000 when `name` does not exist.
  void Remove(const std::string& name);
  void Clear() { statements_.clear(); }
  const std::map<std::string, std::shared_ptr<PreparedStatement>>& all() const { return statements_; }

 private:
  std::map<std::string, std::shared_ptr<PreparedStatement>> statements_;
};

// The statement of `PREPARE name [(types)] AS statement`: the text after AS (or the whole
// text if it has none).
std::string_view PreparedQueryText(std::string_view prepare_text);

// Throws unless `values` fits `prepared`: 08P01 with PostgreSQL's Bind message when the
// count differs, 22023 when a non-NULL value is not of its parameter's type.
void CheckParameterValues(const PreparedStatement& prepared, const std::vector<Value>& values,
                          const std::string& name = "");

}  // namespace stockroom
