#pragma once

#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "execution/operator/order/row_sort.hpp"

namespace stockroom {

// How a window operator stores and sorts its rows, derived from its BoundWindow expressions
// once per execution: which stored column each partition, order, argument and filter is,
// which windows share a sort, and which partition columns all windows share (spill keys).

// One window expression, resolved to columns of the stored rows.
struct WindowColumn {
  const BoundWindow* expr;
  std::vector<idx_t> args;
  int64_t filter = -1;
  idx_t spec = 0;
  idx_t slot = 0;  // position among its spec's windows
};

// Windows with the same PARTITION BY and ORDER BY share peer groups and tasks.
struct WindowSpecLayout {
  std::vector<idx_t> partitions;
  std::vector<SortKey> orders;
  idx_t group = 0;
  std::vector<idx_t> windows;
};

// Stored rows are the input columns followed by the computed (non-column) expressions the
// windows use. Specs whose sort keys are a prefix of a group's keys share that group's sort.
struct WindowLayout {
  idx_t input_count = 0;
  std::vector<LogicalType> payload_types;
  std::vector<const BoundExpression*> computed;
  std::vector<WindowColumn> windows;
  std::vector<WindowSpecLayout> specs;
  std::vector<std::vector<SortKey>> groups;
  // Partition columns every window has, ascending; empty when some window has none. Rows
  // equal on them are in one partition of every window, so a spill splits the input by them.
  std::vector<idx_t> spill_keys;
};

// Resolves `windows` (BoundWindow expressions over the input columns, the operator's output
// types `types`: input columns then one per window) into a layout. Throws the errors
// PostgreSQL raises while parsing a window clause (GROUPS without ORDER BY, RANGE offset
// types). The layout points into `windows`, which must outlive it.
WindowLayout BuildWindowLayout(const BoundExpressionList& windows, const std::vector<LogicalType>& types);

}  // namespace stockroom
