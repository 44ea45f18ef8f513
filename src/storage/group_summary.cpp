#include "storage/group_summary.hpp"

#include "common/io/byte_buffer.hpp"
#include "storage/column_codec.hpp"

namespace stockroom {

std::string EncodeGroupSummary(const RowGroup& group, const std::vector<HyperLogLog>* sketches) {
  ByteWriter out;
  out.Put(static_cast<uint32_t>(group.columns.size()));
  std::vector<LogicalType> types;
  for (auto& column : group.columns) {
    out.Put(static_cast<uint8_t>(column.zone.has_values ? 1 : 0));
    out.Put(static_cast<uint64_t>(column.zone.null_count));
    types.push_back(column.type);
  }
  DataChunk bounds(types, 2);
  for (size_t c = 0; c < group.columns.size(); c++) {
    const ZoneMap& zone = group.columns[c].zone;
    bounds.column(c).SetValue(0, zone.has_values ? zone.min : Value::Null(types[c]));
    bounds.column(c).SetValue(1, zone.has_values ? zone.max : Value::Null(types[c]));
  }
  bounds.SetCardinality(2);
  DataTable::Builder builder(types);
  builder.Append(bounds);
  for (auto& block : EncodeRowGroup(*builder.Finish()[0], 2)) out.PutString(block);
  out.Put(static_cast<uint8_t>(sketches ? 1 : 0));
  if (sketches) {
    for (auto& sketch : *sketches) sketch.Write(out);
  }
  return std::move(out.bytes());
}

void DecodeGroupSummary(std::string_view block, RowGroup& group, const std::string& where) {
  ByteReader in(block, where);
  if (in.Get<uint32_t>() != group.columns.size()) {
    throw SqlError(ErrorCode::kDataCorrupted, "\"" + where + "\" does not summarize its columns");
  }
  std::vector<LogicalType> types;
  for (auto& column : group.columns) {
    column.zone.has_values = in.Get<uint8_t>() != 0;
    column.zone.null_count = static_cast<idx_t>(in.Get<uint64_t>());
    types.push_back(column.type);
  }
  std::vector<std::string_view> blocks;
  for (size_t c = 0; c < types.size(); c++) blocks.push_back(in.GetString());
  auto bounds = DecodeRowGroup(types, blocks, 2, where);
  for (size_t c = 0; c < types.size(); c++) {
    ZoneMap& zone = group.columns[c].zone;
    if (!zone.has_values) continue;
    Vector values;
    DataTable::ScanColumn(bounds, c, 0, 2, values);
    zone.min = values.GetValue(0);
    zone.max = values.GetValue(1);
  }
  if (in.Get<uint8_t>() != 0) {
    std::vector<HyperLogLog> sketches;
    for (size_t c = 0; c < types.size(); c++) sketches.push_back(HyperLogLog::Read(in));
    group.sketches = std::make_shared<const std::vector<HyperLogLog>>(std::move(sketches));
  }
  if (!in.AtEnd()) throw SqlError(ErrorCode::kDataCorrupted, "\"" + where + "\" has trailing bytes in its summary");
}

}  // namespace stockroom
