#pragma once

#include <cstring>
#include <memory>
#include <vector>

#include "common/memory/bulk_allocation.hpp"
#include "common/types/vector.hpp"

namespace stockroom {

class ColumnDataCollection;

// The build side of a hash join laid out row by row, so that a probe touches one row (one or
// two cache lines) instead of one cache line per column: per row its hash, the next row of
// its bucket's chain, a NULL bit per column and each column's fixed-width value (strings as
// StringRef, their bytes staying in the ColumnDataCollection the rows were copied from).
// Row ids are the collection's row numbers.
class JoinRows {
 public:
  // Whether probe cell `pi` of `probe` equals column `column` of `row` (NULLs equal only
  // when `nulls_equal`).
  using KeyMatchFn = bool (*)(const UnifiedVectorFormat& probe, idx_t pi, const uint8_t* row, idx_t column,
                              idx_t offset, bool nulls_equal);

  explicit JoinRows(const std::vector<LogicalType>& types);

  // Allocates `count` rows (contents unset).
  void Allocate(idx_t count);
  idx_t width() const { return width_; }

  // Copies chunk `c` of `source` (whose chunks hold kVectorSize rows each except the last)
  // into its rows with their hashes; chains unset. Distinct chunks may be copied concurrently.
  void CopyChunk(const ColumnDataCollection& source, idx_t c, const uint64_t* hashes);

  uint8_t* Row(uint64_t id) { return data_.get() + id * width_; }
  const uint8_t* Row(uint64_t id) const { return data_.get() + id * width_; }
  static uint64_t Hash(const uint8_t* row) { return Load<uint64_t>(row); }
  static uint64_t Next(const uint8_t* row) { return Load<uint64_t>(row + 8); }
  static void SetNext(uint8_t* row, uint64_t next) { std::memcpy(row + 8, &next, 8); }
  static bool IsValid(const uint8_t* row, idx_t column) {
    return (row[kValidityOffset + column / 8] >> (column % 8)) & 1;
  }

  // Compares probe keys with column `column` of rows.
  bool KeyMatches(idx_t column, const UnifiedVectorFormat& probe, idx_t pi, const uint8_t* row, bool nulls_equal) const {
    return key_match_[column](probe, pi, row, column, offsets_[column], nulls_equal);
  }
  // Writes column `column` of rows `ids[0, count)` to `out` positions [0, count).
  void Gather(idx_t column, const uint64_t* ids, idx_t count, Vector& out) const;

 private:
  static constexpr idx_t kValidityOffset = 16;
  template <class T>
  static T Load(const uint8_t* p) {
    T v;
    std::memcpy(&v, p, sizeof(T));
    return v;
  }

  std::vector<LogicalType> types_;
  std::vector<idx_t> offsets_;  // of each column's value within a row
  std::vector<KeyMatchFn> key_match_;
  idx_t width_ = 0;
  std::shared_ptr<uint8_t[]> data_;
};

}  // namespace stockroom
