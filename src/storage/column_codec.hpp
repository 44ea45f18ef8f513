#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/table/data_table.hpp"

namespace stockroom {

// The stored form of a row group's columns, used by both the write-ahead log and segment
// files. A column block is: a flags byte (bit 0: a validity bitmap of the rows follows),
// the bitmap, then the values: integers of every width (dates, timestamps and numerics up
// to 18 digits too) as an integer segment (frame of reference + bit packing, or run
// length: compression/integer_segment.hpp), strings as a string segment (dictionary or
// plain: compression/string_segment.hpp), other types as their raw bytes.

// Appends the block of rows [0, count) of `seg`.
void EncodeColumn(const ColumnSegment& seg, idx_t count, std::string& out);

// Decodes a block of `count` rows into a new segment (zone map included). Throws XX001
// naming `where` when the block cannot be one.
ColumnSegment DecodeColumn(const LogicalType& type, std::string_view block, idx_t count, const std::string& where);

// Every column of rows [0, count) of `group`, one block each.
std::vector<std::string> EncodeRowGroup(const RowGroup& group, idx_t count);
// The row group of `count` rows stored as `blocks` (one per type).
std::shared_ptr<RowGroup> DecodeRowGroup(const std::vector<LogicalType>& types, const std::vector<std::string_view>& blocks,
                                         idx_t count, const std::string& where);

}  // namespace stockroom
