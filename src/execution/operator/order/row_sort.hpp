#pragma once

#include <vector>

#include "common/types/column_data_collection.hpp"

namespace stockroom {

// One ORDER BY key over a column of a collection.
struct SortKey {
  idx_t column;
  bool descending = false;
  bool nulls_first = false;
};

// Returns the row numbers of `rows` in the order the keys give (stable: ties keep their
// input order). PostgreSQL orderings: NULLs per nulls_first, NaN above all numbers, text
// bytewise. Sorts on an encoded key prefix and compares full values only on ties.
std::vector<idx_t> SortRows(const ColumnDataCollection& rows, const std::vector<SortKey>& keys);
// Three-way comparison of rows a and b of `rows` on `keys`.
int CompareRows(const ColumnDataCollection& rows, const std::vector<SortKey>& keys, idx_t a, idx_t b);

}  // namespace stockroom
