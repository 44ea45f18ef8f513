#include "storage/table/row_group_sort.hpp"

#include <algorithm>
#include <cstring>

#include "common/error/assert.hpp"
#include "common/types/column_data_collection.hpp"
#include "execution/operator/order/row_sort.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

std::vector<std::shared_ptr<RowGroup>> SortRowGroups(const std::vector<std::shared_ptr<RowGroup>>& groups,
                                                     const std::vector<LogicalType>& types,
                                                     const std::vector<idx_t>& keys,
                                                     const RowGroupWriter& writer) {
  // The key columns, row after row, ordered by ORDER BY's sort; `where` maps a row number of
  // the collection back to its group and row.
  std::vector<LogicalType> key_types;
  std::vector<SortKey> sort_keys;
  for (idx_t k = 0; k < keys.size(); k++) {
    key_types.push_back(types[keys[k]]);
    sort_keys.push_back({k});
  }
  ColumnDataCollection key_rows(key_types);
  std::vector<std::pair<uint32_t, uint32_t>> where;
  DataChunk chunk(key_types);
  for (uint32_t g = 0; g < groups.size(); g++) {
    SR_CHECK(!groups[g]->paged);  // gathered below from the columns in memory
    for (idx_t start = 0; start < groups[g]->count; start += kVectorSize) {
      idx_t n = std::min(kVectorSize, groups[g]->count - start);
      chunk.Reset();
      for (idx_t k = 0; k < keys.size(); k++) DataTable::ScanColumn(groups[g], keys[k], start, n, chunk.column(k));
      chunk.SetCardinality(n);
      key_rows.Append(chunk);
      for (idx_t i = 0; i < n; i++) where.emplace_back(g, static_cast<uint32_t>(start + i));
    }
  }
  std::vector<idx_t> order = SortRows(key_rows, sort_keys);

  // Gather the rows in order, a vector at a time; strings are copied by the builder.
  DataTable::Builder builder(types, writer);
  DataChunk out(types);
  std::pair<uint32_t, uint32_t> sources[kVectorSize];  // looked up once, used per column
  for (size_t start = 0; start < order.size(); start += kVectorSize) {
    idx_t n = std::min<size_t>(kVectorSize, order.size() - start);
    for (idx_t i = 0; i < n; i++) sources[i] = where[order[start + i]];
    out.Reset();
    for (idx_t c = 0; c < types.size(); c++) {
      Vector& column = out.column(c);
      idx_t width = PhysicalSize(types[c].physical());
      auto* target = reinterpret_cast<uint8_t*>(column.data());
      for (idx_t i = 0; i < n; i++) {
        auto [g, row] = sources[i];
        const ColumnSegment& seg = groups[g]->columns[c];
        if (seg.validity && !((seg.validity[row >> 6] >> (row & 63)) & 1)) {
          column.validity().SetInvalid(i);
          std::memset(target + i * width, 0, width);
        } else {
          std::memcpy(target + i * width, seg.data.get() + row * width, width);
        }
      }
    }
    out.SetCardinality(n);
    builder.Append(out);
  }
  return builder.Finish();
}

}  // namespace stockroom
