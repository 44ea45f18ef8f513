#pragma once

#include <string>
#include <string_view>

#include "storage/table/data_table.hpp"

namespace stockroom {

// What a segment file says about its row group besides the values: each column's zone map
// (NULL count, minimum and maximum) and, once the group is full, each column's
// distinct-count sketch. It is the file's last block, after one block per column (data
// directory format 4), so that opening a database reads it instead of decoding every
// column, and a table's first query after the open finds its statistics ready. Files of
// earlier formats have no such block: their groups are decoded at open, as before.
//
// `sketches`: the group's (null: none yet). Layout: the column count; per column a has-values byte and the NULL count; the minima
// and maxima as a two-row group (row 0 the minima, row 1 the maxima) encoded as the
// columns are (storage/column_codec), one block per column; a has-sketches byte and, when
// set, each column's HyperLogLog.
std::string EncodeGroupSummary(const RowGroup& group, const std::vector<HyperLogLog>* sketches);

// Sets the zone maps of `group.columns` (which must hold their types) and group.sketches
// from `block`. Throws XX001 naming `where` when the block does not fit the columns.
void DecodeGroupSummary(std::string_view block, RowGroup& group, const std::string& where);

}  // namespace stockroom
