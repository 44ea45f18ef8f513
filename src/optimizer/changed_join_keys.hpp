#pragma once

#include <memory>

#include "planner/logical_operator.hpp"

namespace stockroom {

// `greatest(a, b, ...) > c` (or >=, either side) as `a > c OR b > c OR ...`: the same rows
// pass a filter (greatest skips NULLs; a NULL comparison fails as FALSE does), and each
// disjunct then names one table. Null when `predicate` is not of that form.
std::unique_ptr<BoundExpression> SplitGreatest(const BoundExpression& predicate);

// A filter `P(L) OR Q(R)` above `L LEFT JOIN R ON L.k = R.k ...`, where P reads only L
// and Q only R and is NULL on R's NULL-extended rows (Q's disjuncts compare a column of R
// with a constant), keeps only rows whose key is in
//   S = { L.k : P(L) } ∪ { R.k : Q(R) }
// (a row passing Q matched an R row with that key). This rule semi-joins both sides with S,
// built from copies of each side down to its scan: a max() over a GROUP BY of the key
// becomes "some input row passes" (as in optimizer/changed_partitions), so both halves of
// S come from zone-map-pruned scans of recent rows. The semi-join into R goes below R's
// projections and its GROUP BY on the key, so only the changed keys are aggregated. It is
// what makes an incremental model's `greatest(o._loaded_at, l._loaded_at) > watermark`
// over LEFT JOINs cheap. The filter stays above and still decides. False (nothing
// changed) when `predicate` or the join is not of that form.
bool SemiJoinChangedJoinKeys(LogicalJoin& join, const BoundExpression& predicate, idx_t& next_table_index);

}  // namespace stockroom
