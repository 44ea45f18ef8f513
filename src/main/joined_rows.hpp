#pragma once

#include <memory>
#include <string>

#include "binder/expression/bound_expression.hpp"
#include "common/types/column_data_collection.hpp"
#include "planner/logical_operator.hpp"

namespace stockroom {

class ClientContext;
class SelectNode;

// A SELECT bound for a statement that evaluates its select list itself, row by row in an
// order of its own choosing (MERGE's WHEN clauses, ON CONFLICT DO UPDATE's WHERE and SET):
// `from` is the plan of its FROM clause (joins, and the subqueries of the select list
// planned as joins), `expressions` its select list over `from`'s columns. Callers may
// rewrite both before running it.
struct JoinedQuery {
  std::unique_ptr<LogicalOperator> from;
  BoundExpressionList expressions;
  idx_t output_index = 0;  // a table index no operator of `from` uses
};

// Binds `query`, leaving unknown-typed literals untyped for the caller to assign. Aggregate
// and window functions in the select list fail (42803, 42P20) naming `statement`.
JoinedQuery BindJoinedQuery(ClientContext& context, SelectNode& query, const std::string& statement);

// Runs `query.from` and returns all of its rows (every column), rewriting
// `query.expressions` into references to those columns (BoundReference).
std::unique_ptr<ColumnDataCollection> RunJoinedQuery(ClientContext& context, JoinedQuery& query);

// Makes `view` the rows `sel` (n of them) of `rows`, without copying.
void SliceRows(const DataChunk& rows, const SelectionVector& sel, idx_t n, DataChunk& view);
// Evaluates `expr` over `rows` (a chunk of RunJoinedQuery's rows, possibly sliced) into `result`.
void EvaluateOver(ClientContext& context, const BoundExpression& expr, DataChunk& rows, Vector& result);
// Returns how many rows of `rows` `condition` is true for, their positions in `sel`.
idx_t SelectWhere(ClientContext& context, const BoundExpression& condition, DataChunk& rows, SelectionVector& sel);

}  // namespace stockroom
