#pragma once

#include "planner/logical_operator.hpp"

namespace stockroom {

// Columns nothing reads are not computed: a projection's output that no operator above
// references becomes a NULL constant (volatile expressions stay), and a table scan's
// column that nothing references is not decoded (LogicalGet::unused; the scan produces
// NULLs). `SELECT count(*) FROM (SELECT * FROM t WHERE c ...)`, a data test over a view, or
// a model whose CTE selects `t.*` then read only the columns they use. Operators that use
// their input by position (set operations, DISTINCT, CTEs, INSERT, ...) keep all of it.
// Plans that still hold subquery expressions are left as they are.
void PruneUnusedColumns(LogicalOperator& plan);

}  // namespace stockroom
