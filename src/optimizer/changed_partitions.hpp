#pragma once

#include <memory>

#include "planner/logical_operator.hpp"

namespace stockroom {

// A filter `max(x) > c` (or >=) on a window's `max(x) OVER (PARTITION BY k)` or on an
// aggregate's `max(x) ... GROUP BY k` keeps only the partitions (groups) that have a row
// with x > c. This rule semi-joins the window's (aggregate's) input with the keys of its
// own rows where x > c, so the partitions that cannot pass are never sorted or grouped;
// the filter stays above and still decides. It is what makes an incremental model's
// `changed_at > watermark` cheap when changed_at is the latest load of a key's rows: the
// keys come from the few row groups zone maps keep, instead of every row being ranked.
//
// Applies when the keys and x are plain columns, the key side can be read from a fresh
// scan of the input's table (optimizer/key_lists), and, for a window, every window function
// of the operator partitions by at least those keys (so removed rows are whole partitions
// of each). Returns the new input of `op`, or null when the rule does not apply.
std::unique_ptr<LogicalOperator> SemiJoinChangedPartitions(LogicalOperator& op, const BoundExpression& predicate,
                                                           idx_t& next_table_index);

// One above the highest table index used anywhere in `plan` (for operators a rewrite adds).
idx_t NextTableIndex(const LogicalOperator& plan);

}  // namespace stockroom
