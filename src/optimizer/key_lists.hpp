#pragma once

#include <memory>

#include "planner/logical_operator.hpp"

namespace stockroom {

// What the rules that read only changed keys (optimizer/changed_partitions,
// optimizer/changed_join_keys) share: key lists computed from a fresh scan.

// `subject > bound` or `subject >= bound` (either way round), where the subject is an
// expression of `subject_kind` and the bound reads no columns: the shape of "changed since".
struct LowerBound {
  const BoundExpression* subject = nullptr;
  const BoundExpression* bound = nullptr;
  ComparisonKind kind = ComparisonKind::kGreater;
};
bool AsLowerBound(const BoundExpression& predicate, BoundExprKind subject_kind, LowerBound& out);

// Whether every column `e` reads comes from `table` at this query level, and `e` is
// deterministic and without subqueries.
bool ReadsOnly(const BoundExpression& e, idx_t table);

// `e` with the columns of `table` replaced by `by` (an operator's output expressions);
// null when one of them is an aggregate, window or volatile expression.
std::unique_ptr<BoundExpression> Substitute(const BoundExpression& e, idx_t table, const BoundExpressionList& by);

// A plan whose columns are `keys` of the rows of `op` passing `predicate` (all over op's
// output), or of more rows, computed from a fresh scan of op's table, whose filter then
// reaches the scan and its zone maps. Goes through filters (dropped: more keys is fine),
// projections, windows (whose outputs the keys and predicate do not read) and GROUP BYs of
// the keys, where `max(x) > c` becomes `x > c` (some row of each passing group passes).
// Null when `op` is anything else.
std::unique_ptr<LogicalOperator> KeysWhere(const LogicalOperator& op, BoundExpressionList keys,
                                           std::unique_ptr<BoundExpression> predicate, idx_t& next_table_index);

}  // namespace stockroom
