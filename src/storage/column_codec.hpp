#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "storage/encode_hint.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

// The stored form of a row group's columns, used by both the write-ahead log and segment
// files (docs/storage-format.md, "Column blocks"). A column block is a flags byte (bit 0: a
// validity bitmap of the rows follows; bit 1 / bit 2: the rest is zstd / lz4-compressed;
// bits 3-5: the form of the values, ValueForm in the .cpp), the bitmap, then the values:
// one value for a constant column, nothing for an all-NULL one, else integers of every
// width (dates, timestamps and numerics up to 18 digits too) as an integer segment (frame
// of reference + bit packing, run length or delta: compression/integer_segment.hpp),
// strings as a string segment (dictionary or plain: compression/string_segment.hpp),
// floats as decimal floats (compression/float_segment.hpp) or raw bytes, other types as
// their raw bytes. The smallest form that applies is chosen per block from its data,
// unless the column's ENCODE hint (`options`) asks for one.

// Appends the block of rows [0, count) of `seg`.
void EncodeColumn(const ColumnSegment& seg, idx_t count, const ColumnEncodingOptions& options, std::string& out);
inline void EncodeColumn(const ColumnSegment& seg, idx_t count, std::string& out) {
  EncodeColumn(seg, count, ColumnEncodingOptions{}, out);
}

// Decodes a block of `count` rows into a new segment (its zone map holds the NULL count
// only: a paged group keeps its zone maps from the group summary). Throws XX001
// naming `where` when the block cannot be one. Reads every block any earlier format
// version wrote.
ColumnSegment DecodeColumn(const LogicalType& type, std::string_view block, idx_t count, const std::string& where);

// Every column of rows [0, count) of `group`, one block each, column c encoded as
// `options[c]` asks (the automatic choice for columns past its end).
std::vector<std::string> EncodeRowGroup(const RowGroup& group, idx_t count,
                                        const std::vector<ColumnEncodingOptions>& options = {});
// The row group of `count` rows stored as `blocks` (one per type), zone maps computed.
std::shared_ptr<RowGroup> DecodeRowGroup(const std::vector<LogicalType>& types, const std::vector<std::string_view>& blocks,
                                         idx_t count, const std::string& where);

}  // namespace stockroom
