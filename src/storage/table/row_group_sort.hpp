#pragma once

#include <memory>
#include <vector>

#include "common/types/logical_type.hpp"

namespace stockroom {

struct RowGroup;

// Returns the rows of `groups` ordered by the columns `keys` (ascending, NULLs last, with
// ORDER BY's sort: execution/operator/order/row_sort.hpp; stable), as new full row groups. A table's SORTKEY is applied this
// way to each commit's new rows so that zone maps prune range scans on it.
std::vector<std::shared_ptr<RowGroup>> SortRowGroups(const std::vector<std::shared_ptr<RowGroup>>& groups,
                                                     const std::vector<LogicalType>& types,
                                                     const std::vector<idx_t>& keys);

}  // namespace stockroom
