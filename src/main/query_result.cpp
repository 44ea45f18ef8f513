#include "main/query_result.hpp"

#include "common/types/time_zone.hpp"

namespace stockroom {

std::string QueryResult::GetText(idx_t column, idx_t row, bool* is_null) const {
  Value v = GetValue(column, row);
  if (is_null) *is_null = v.IsNull();
  return v.ToString(time_zone.get());
}

}  // namespace stockroom
