#pragma once

#include <memory>

#include "binder/binder.hpp"

namespace stockroom {

// Plans a correlated scalar or EXISTS subquery whose FROM is one table function of the
// outer row — `(SELECT p ->> 'v' FROM jsonb_array_elements(e.params) AS p WHERE ...)` —
// as a LogicalRowSubquery over `root`: the function runs per row of `root` and nothing is
// materialized, where the dependent join would materialize `root` and join it with the
// function's rows of every distinct argument. The subquery may hold projections, filters,
// ORDER BY, and (scalar only) LIMIT/OFFSET or one ungrouped aggregate above the function. Returns false (leaving
// `plan` untouched) for any other shape. On success `value` reads the subquery's value
// over the new root (null for kSemi/kAnti, which become a filter on it).
bool PlanPerRowSubquery(Binder& binder, SubqueryKind kind, JoinType join_type, std::unique_ptr<LogicalOperator>& plan,
                        std::unique_ptr<LogicalOperator>& root, std::unique_ptr<BoundExpression>* value);

}  // namespace stockroom
