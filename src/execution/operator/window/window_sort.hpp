#pragma once

#include <vector>

#include "execution/operator/order/row_sort.hpp"

namespace stockroom {

class Executor;

// Rows of a collection in key order.
struct SortedRows {
  std::vector<idx_t> order;    // sorted position -> row
  std::vector<uint8_t> common; // position -> how many leading keys equal the previous row's
};

// Sorts the rows of `rows` by `keys` (at most 255), ties broken by row number (so equal keys
// keep their collection order). Sorts slices on the executor's threads and merges them in
// parallel; orders values as CompareRows does (PostgreSQL's NULL and NaN placement). `rows`
// must not change while this runs.
SortedRows ParallelSortRows(Executor& executor, const ColumnDataCollection& rows, const std::vector<SortKey>& keys);

}  // namespace stockroom
