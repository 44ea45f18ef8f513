#include "storage/lookup_index.hpp"

#include <algorithm>
#include <numeric>

#include "storage/table/data_table.hpp"

namespace stockroom {

namespace {

template <class T>
void Collect(const ColumnSegment& column, idx_t count, std::vector<std::pair<int64_t, uint32_t>>& rows) {
  const T* data = reinterpret_cast<const T*>(column.data.get());
  for (idx_t i = 0; i < count; i++) {
    bool valid = !column.validity || (column.validity[i / 64] >> (i % 64)) & 1;
    if (valid) rows.emplace_back(static_cast<int64_t>(data[i]), static_cast<uint32_t>(i));
  }
}

}  // namespace

bool LookupIndex::Supports(const LogicalType& type) {
  return type.IsInteger() || (type.IsTemporal() && type.id() != TypeId::kInterval);
}

LookupIndex::LookupIndex(const ColumnSegment& column, idx_t count) {
  std::vector<std::pair<int64_t, uint32_t>> rows;
  rows.reserve(count);
  switch (column.type.physical()) {
    case PhysicalType::kInt16:
      Collect<int16_t>(column, count, rows);
      break;
    case PhysicalType::kInt32:
      Collect<int32_t>(column, count, rows);
      break;
    case PhysicalType::kInt64:
      Collect<int64_t>(column, count, rows);
      break;
    default:
      break;  // Supports() says which types reach here
  }
  std::sort(rows.begin(), rows.end());
  values_.reserve(rows.size());
  offsets_.reserve(rows.size());
  for (auto& [value, offset] : rows) {
    values_.push_back(value);
    offsets_.push_back(offset);
  }
}

std::vector<uint32_t> LookupIndex::Find(int64_t value) const {
  auto [first, last] = std::equal_range(values_.begin(), values_.end(), value);
  return {offsets_.begin() + (first - values_.begin()), offsets_.begin() + (last - values_.begin())};
}

}  // namespace stockroom
