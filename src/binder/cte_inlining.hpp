#pragma once

#include <memory>
#include <vector>

#include "binder/binder.hpp"

namespace stockroom {

// Plans each WITH query of `bindings` that is referenced exactly once in place of its
// reference, as PostgreSQL 12 and later do, instead of materializing its rows: nothing is
// held in memory (a materialized CTE cannot spill), and filters and joins around the
// reference reach into it. Left materialized: WITH ... AS MATERIALIZED, WITH RECURSIVE
// queries, queries with volatile functions (random() must be evaluated once per row of
// the CTE, not per use), and a reference inside an expression's subquery. The reference is
// looked for in `plan` and in the other bindings' definitions; an inlined binding's plan
// is moved out (its `materialized->plan` becomes null).
void InlineSingleUseCtes(const std::vector<CteBinding*>& bindings, std::unique_ptr<LogicalOperator>& plan);

}  // namespace stockroom
