#pragma once

#include <memory>
#include <vector>

#include "common/types/logical_type.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

// Returns the rows of `groups` ordered by the columns `keys` (ascending, NULLs last, with
// ORDER BY's sort: execution/operator/order/row_sort.hpp; stable), as new full row groups,
// each handed to `writer` (when given) as it fills. A table's SORTKEY is applied this way
// to each commit's new rows so that zone maps prune range scans on it. `groups` must not be
// paged (their columns are read in place).
std::vector<std::shared_ptr<RowGroup>> SortRowGroups(const std::vector<std::shared_ptr<RowGroup>>& groups,
                                                     const std::vector<LogicalType>& types,
                                                     const std::vector<idx_t>& keys,
                                                     const RowGroupWriter& writer = nullptr);

}  // namespace stockroom
