#pragma once

#include <memory>

#include "planner/logical_operator.hpp"

namespace stockroom {

class ClientContext;

// Moves filter predicates as far down the plan as their columns allow: through projections
// (substituting the projected expressions), into both sides of inner joins and cross
// products (turning a cross product with a predicate over both sides into a join), into the
// preserved side of outer/semi/anti joins, below aggregates (predicates on group columns),
// below windows (predicates on the columns every window function partitions by), and into
// table scans as TableFilters (column <op> constant, IS [NOT] NULL, IN) that skip row groups
// by zone map. A filter on a window's or aggregate's max() also semi-joins its input with
// the keys that can pass (optimizer/changed_partitions), and an OR of "changed since"
// predicates over a LEFT JOIN semi-joins both sides with the keys that can pass
// (optimizer/changed_join_keys); `greatest(...) > c` counts as such an OR. Also splits
// inner-join conditions into equality keys.
class FilterPushdown {
 public:
  explicit FilterPushdown(ClientContext& context) : context_(context) {}
  std::unique_ptr<LogicalOperator> Rewrite(std::unique_ptr<LogicalOperator> op);

 private:
  std::unique_ptr<LogicalOperator> Push(std::unique_ptr<LogicalOperator> op, BoundExpressionList predicates);
  std::unique_ptr<LogicalOperator> PushIntoJoin(std::unique_ptr<LogicalOperator> op, BoundExpressionList predicates);
  std::unique_ptr<LogicalOperator> PushIntoGet(std::unique_ptr<LogicalOperator> op, BoundExpressionList predicates);
  void SemiJoinChangedPartitions(LogicalOperator& op, const BoundExpressionList& stay);
  // Applies `predicates` above `op` (which got no pushdown).
  std::unique_ptr<LogicalOperator> Stop(std::unique_ptr<LogicalOperator> op, BoundExpressionList predicates);

  ClientContext& context_;
  idx_t next_table_index_ = 0;  // for operators the rewrite adds
};

// Turns a join's residual conjuncts of the form left_expr = right_expr (or IS NOT DISTINCT
// FROM) into JoinConditions usable as hash keys. Other conjuncts stay in the residual.
void ExtractJoinConditions(LogicalJoin& join);

}  // namespace stockroom
