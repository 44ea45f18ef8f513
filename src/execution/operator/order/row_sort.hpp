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
// Three-way comparison of row `ra` of chunk `a` with row `rb` of chunk `b` on `keys`, in
// SortRows's order; for merging sorted runs. The chunks have the same column types and flat
// key columns (as a ColumnDataCollection's chunks and spilled chunks read back have).
int CompareChunkRows(const DataChunk& a, idx_t ra, const DataChunk& b, idx_t rb, const std::vector<SortKey>& keys);
// Bytes SortRows holds at its peak for `rows` rows: its working array, plus stable_sort's
// buffer or the order it returns. Linear in `rows`, so callers can reserve it chunk by
// chunk as a run grows.
uint64_t SortRowsBytes(idx_t rows);

}  // namespace stockroom
