#pragma once

#include <cstdint>
#include <vector>

#include "common/types/logical_type.hpp"

namespace stockroom {

struct ColumnSegment;

// The rows of one paged column (a full row group's column) by value: its non-NULL values
// sorted, each with its row offset. A scan with `column = constant` asks it which of the
// group's vectors hold the constant and reads only those, instead of comparing all
// 122,880 values (a key lookup in a table sorted by something else: lineitem by ship date,
// looked up by order key). Built by the buffer pool once a column has been looked up this
// way often enough to pay for it (storage/buffer_pool.hpp); immutable afterwards.
class LookupIndex {
 public:
  // Integer-valued types (smallint, integer, bigint, date, timestamp, timestamptz).
  static bool Supports(const LogicalType& type);
  LookupIndex(const ColumnSegment& column, idx_t count);

  // The offsets of the rows holding `value`, ascending.
  std::vector<uint32_t> Find(int64_t value) const;
  uint64_t bytes() const { return values_.size() * (sizeof(int64_t) + sizeof(uint32_t)); }

 private:
  std::vector<int64_t> values_;    // ascending
  std::vector<uint32_t> offsets_;  // offsets_[i] holds values_[i]; ascending among equal values
};

}  // namespace stockroom
