#include "storage/table/row_group_sort.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>

#include "common/types/int128.hpp"
#include "common/types/string_ref.hpp"
#include "common/types/value.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

namespace {

// A row as (group index << 32) | row within the group.
using RowRef = uint64_t;
inline uint32_t GroupOf(RowRef r) { return static_cast<uint32_t>(r >> 32); }
inline uint32_t RowOf(RowRef r) { return static_cast<uint32_t>(r); }

bool IsNull(const ColumnSegment& seg, uint32_t row) {
  return seg.validity && !((seg.validity[row >> 6] >> (row & 63)) & 1);
}

template <class T>
int CompareValues(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    // NaN sorts after every other value, as in PostgreSQL.
    if (std::isnan(a) || std::isnan(b)) return std::isnan(a) - std::isnan(b);
  }
  if constexpr (std::is_same_v<T, StringRef>) {
    return StringRef::Compare(a, b);
  } else {
    return a < b ? -1 : (b < a ? 1 : 0);
  }
}

// Compares two rows on one column: NULLs last.
using ColumnCompare = std::function<int(RowRef, RowRef)>;

template <class T>
ColumnCompare TypedCompare(const std::vector<const ColumnSegment*>& segs) {
  return [segs](RowRef a, RowRef b) {
    const ColumnSegment& sa = *segs[GroupOf(a)];
    const ColumnSegment& sb = *segs[GroupOf(b)];
    bool na = IsNull(sa, RowOf(a));
    bool nb = IsNull(sb, RowOf(b));
    if (na || nb) return static_cast<int>(na) - static_cast<int>(nb);
    return CompareValues(reinterpret_cast<const T*>(sa.data.get())[RowOf(a)],
                         reinterpret_cast<const T*>(sb.data.get())[RowOf(b)]);
  };
}

// Types without a plain in-memory order (interval, unconstrained numeric) compare as Values.
ColumnCompare ValueCompare(const std::vector<std::shared_ptr<RowGroup>>& groups, const LogicalType& type, idx_t column) {
  auto values = std::make_shared<std::vector<std::vector<Value>>>();
  for (auto& g : groups) {
    Vector v(type, g->count);
    DataTable::ScanColumn(g, column, 0, g->count, v);
    values->emplace_back();
    for (idx_t i = 0; i < g->count; i++) values->back().push_back(v.GetValue(i));
  }
  return [values](RowRef a, RowRef b) {
    const Value& va = (*values)[GroupOf(a)][RowOf(a)];
    const Value& vb = (*values)[GroupOf(b)][RowOf(b)];
    if (va.IsNull() || vb.IsNull()) return static_cast<int>(va.IsNull()) - static_cast<int>(vb.IsNull());
    return va.Compare(vb);
  };
}

ColumnCompare MakeCompare(const std::vector<std::shared_ptr<RowGroup>>& groups, const LogicalType& type, idx_t column) {
  std::vector<const ColumnSegment*> segs;
  for (auto& g : groups) segs.push_back(&g->columns[column]);
  switch (type.physical()) {
    case PhysicalType::kBool:
      return TypedCompare<bool>(segs);
    case PhysicalType::kInt16:
      return TypedCompare<int16_t>(segs);
    case PhysicalType::kInt32:
      return TypedCompare<int32_t>(segs);
    case PhysicalType::kInt64:
      return TypedCompare<int64_t>(segs);
    case PhysicalType::kInt128:
      return TypedCompare<int128_t>(segs);
    case PhysicalType::kFloat:
      return TypedCompare<float>(segs);
    case PhysicalType::kDouble:
      return TypedCompare<double>(segs);
    case PhysicalType::kString:
      return TypedCompare<StringRef>(segs);
    default:
      return ValueCompare(groups, type, column);
  }
}

}  // namespace

std::vector<std::shared_ptr<RowGroup>> SortRowGroups(const std::vector<std::shared_ptr<RowGroup>>& groups,
                                                     const std::vector<LogicalType>& types,
                                                     const std::vector<idx_t>& keys) {
  std::vector<RowRef> rows;
  for (uint32_t g = 0; g < groups.size(); g++) {
    for (uint32_t r = 0; r < groups[g]->count; r++) rows.push_back((RowRef{g} << 32) | r);
  }
  std::vector<ColumnCompare> compares;
  for (idx_t k : keys) compares.push_back(MakeCompare(groups, types[k], k));
  std::stable_sort(rows.begin(), rows.end(), [&](RowRef a, RowRef b) {
    for (auto& compare : compares) {
      if (int c = compare(a, b)) return c < 0;
    }
    return false;
  });

  // Gather the rows in order, a vector at a time; strings are copied by the builder.
  DataTable::Builder builder(types);
  DataChunk chunk(types);
  for (size_t start = 0; start < rows.size(); start += kVectorSize) {
    idx_t n = std::min<size_t>(kVectorSize, rows.size() - start);
    chunk.Reset();
    for (idx_t c = 0; c < types.size(); c++) {
      Vector& out = chunk.column(c);
      idx_t width = PhysicalSize(types[c].physical());
      auto* target = reinterpret_cast<uint8_t*>(out.data());
      for (idx_t i = 0; i < n; i++) {
        RowRef ref = rows[start + i];
        const ColumnSegment& seg = groups[GroupOf(ref)]->columns[c];
        if (IsNull(seg, RowOf(ref))) {
          out.validity().SetInvalid(i);
          std::memset(target + i * width, 0, width);
        } else {
          std::memcpy(target + i * width, seg.data.get() + RowOf(ref) * width, width);
        }
      }
    }
    chunk.SetCardinality(n);
    builder.Append(chunk);
  }
  return builder.Finish();
}

}  // namespace stockroom
