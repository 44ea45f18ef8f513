#pragma once

#include <set>

#include "planner/logical_operator.hpp"

namespace stockroom {

// Table indexes (the first half of ColumnBindings) an expression reads at depth 0.
std::set<idx_t> ReferencedTables(const BoundExpression& expr);
// Table indexes an operator's output columns come from.
std::set<idx_t> OutputTables(const LogicalOperator& op);
// Whether every element of `a` is in `b`.
bool IsSubset(const std::set<idx_t>& a, const std::set<idx_t>& b);

// Splits an AND tree into its conjuncts.
void SplitConjunction(std::unique_ptr<BoundExpression> expr, BoundExpressionList& out);
// Joins conjuncts back into one expression (null for none).
std::unique_ptr<BoundExpression> MakeConjunction(BoundExpressionList parts);

}  // namespace stockroom
