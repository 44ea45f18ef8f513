#include "storage/column_codec.hpp"

#include <zstd.h>

#include <cstring>

#include "common/error/exception.hpp"
#include "storage/compression/integer_segment.hpp"
#include "storage/compression/string_segment.hpp"
#include "storage/table/zone_map.hpp"

namespace stockroom {

namespace {

bool IsInteger(PhysicalType type) {
  return type == PhysicalType::kBool || type == PhysicalType::kInt16 || type == PhysicalType::kInt32 ||
         type == PhysicalType::kInt64;
}

int64_t ReadInteger(const uint8_t* data, PhysicalType type, idx_t i) {
  switch (type) {
    case PhysicalType::kBool:
      return reinterpret_cast<const bool*>(data)[i];
    case PhysicalType::kInt16:
      return reinterpret_cast<const int16_t*>(data)[i];
    case PhysicalType::kInt32:
      return reinterpret_cast<const int32_t*>(data)[i];
    default:
      return reinterpret_cast<const int64_t*>(data)[i];
  }
}

void WriteInteger(uint8_t* data, PhysicalType type, idx_t i, int64_t v) {
  switch (type) {
    case PhysicalType::kBool:
      reinterpret_cast<bool*>(data)[i] = v != 0;
      break;
    case PhysicalType::kInt16:
      reinterpret_cast<int16_t*>(data)[i] = static_cast<int16_t>(v);
      break;
    case PhysicalType::kInt32:
      reinterpret_cast<int32_t*>(data)[i] = static_cast<int32_t>(v);
      break;
    default:
      reinterpret_cast<int64_t*>(data)[i] = v;
  }
}

// The first byte of a column block.
constexpr uint8_t kHasValidity = 1;
constexpr uint8_t kZstd = 2;  // the rest is zstd-compressed, after its u32 raw size
// zstd's fast end: about as fast as the encodings under it, a third of most text.
constexpr int kZstdLevel = 1;
constexpr size_t kMinZstdBytes = 256;

// Compresses what follows the flags byte at block[flags] with zstd, in place, when that
// saves at least a tenth.
void MaybeZstd(std::string& block, size_t flags) {
  size_t from = flags + 1;
  size_t raw = block.size() - from;
  if (raw < kMinZstdBytes) return;
  std::string packed(4 + ZSTD_compressBound(raw), '\0');
  auto raw32 = static_cast<uint32_t>(raw);
  std::memcpy(packed.data(), &raw32, 4);
  size_t n = ZSTD_compress(packed.data() + 4, packed.size() - 4, block.data() + from, raw, kZstdLevel);
  if (ZSTD_isError(n) || 4 + n > raw - raw / 10) return;
  packed.resize(4 + n);
  block.resize(from);
  block += packed;
  block[flags] = static_cast<char>(block[flags] | kZstd);
}

}  // namespace

void EncodeColumn(const ColumnSegment& seg, idx_t count, std::string& out) {
  PhysicalType physical = seg.type.physical();
  size_t start = out.size();
  out.push_back(seg.validity ? kHasValidity : 0);
  if (seg.validity) out.append(reinterpret_cast<const char*>(seg.validity.get()), ValidityMask::Words(count) * 8);
  const uint8_t* data = seg.data.get();
  if (IsInteger(physical)) {
    std::vector<int64_t> values(count);
    for (idx_t i = 0; i < count; i++) values[i] = ReadInteger(data, physical, i);
    EncodeIntegerSegment(values.data(), count, out);
  } else if (physical == PhysicalType::kString) {
    std::vector<std::string_view> values(count);
    auto* refs = reinterpret_cast<const StringRef*>(data);
    for (idx_t i = 0; i < count; i++) values[i] = std::string_view(refs[i].data(), refs[i].size());
    EncodeStringSegment(values.data(), count, out);
  } else {
    out.append(reinterpret_cast<const char*>(data), PhysicalSize(physical) * count);
  }
  MaybeZstd(out, start);
}

ColumnSegment DecodeColumn(const LogicalType& type, std::string_view block, idx_t count, const std::string& where) {
  auto corrupt = [&](const std::string& what) {
    return SqlError(ErrorCode::kDataCorrupted, "column data in \"" + where + "\" is corrupt: " + what);
  };
  PhysicalType physical = type.physical();
  idx_t width = PhysicalSize(physical);
  ColumnSegment seg;
  seg.type = type;
  seg.capacity = std::max<idx_t>(count, 1);
  seg.data = std::shared_ptr<uint8_t[]>(new uint8_t[width * seg.capacity]());
  if (physical == PhysicalType::kString) seg.heap = std::make_shared<StringHeap>();
  const auto* p = reinterpret_cast<const uint8_t*>(block.data());
  size_t size = block.size();
  if (size < 1 || (p[0] & ~(kHasValidity | kZstd)) != 0) throw corrupt("invalid flags");
  bool has_validity = (p[0] & kHasValidity) != 0;
  bool zstd = (p[0] & kZstd) != 0;
  p++, size--;
  std::string unpacked;
  if (zstd) {
    uint32_t raw = 0;
    if (size < 4) throw corrupt("truncated compressed data");
    std::memcpy(&raw, p, 4);
    if (raw > (size_t{16} << 30)) throw corrupt("compressed data too large");
    unpacked.resize(raw);
    size_t n = ZSTD_decompress(unpacked.data(), raw, p + 4, size - 4);
    if (ZSTD_isError(n) || n != raw) throw corrupt("compressed data does not decompress");
    p = reinterpret_cast<const uint8_t*>(unpacked.data());
    size = raw;
  }
  if (has_validity) {
    idx_t words = ValidityMask::Words(seg.capacity);
    size_t bytes = ValidityMask::Words(count) * 8;
    if (size < bytes) throw corrupt("truncated validity");
    seg.validity = std::shared_ptr<uint64_t[]>(new uint64_t[words]);
    std::memset(seg.validity.get(), 0xFF, words * 8);
    std::memcpy(seg.validity.get(), p, bytes);
    p += bytes, size -= bytes;
  }
  try {
    if (IsInteger(physical)) {
      std::vector<int64_t> values(count);
      DecodeIntegerSegment(p, size, count, values.data());
      for (idx_t i = 0; i < count; i++) WriteInteger(seg.data.get(), physical, i, values[i]);
    } else if (physical == PhysicalType::kString) {
      std::vector<std::string_view> values;
      DecodeStringSegment(p, size, count, values);
      auto* refs = reinterpret_cast<StringRef*>(seg.data.get());
      for (idx_t i = 0; i < count; i++) refs[i] = seg.heap->Add(values[i]);
    } else {
      if (size != width * count) throw corrupt("wrong size");
      std::memcpy(seg.data.get(), p, size);
    }
  } catch (const SqlError& e) {
    if (e.code() != ErrorCode::kDataCorrupted) throw;
    throw corrupt(e.what());
  }
  if (seg.validity) {
    for (idx_t i = 0; i < count; i++) seg.zone.null_count += !((seg.validity[i >> 6] >> (i & 63)) & 1);
  }
  UpdateZoneMap(seg.zone, seg, 0, count);
  return seg;
}

std::vector<std::string> EncodeRowGroup(const RowGroup& group, idx_t count) {
  std::vector<std::string> blocks(group.columns.size());
  for (size_t c = 0; c < group.columns.size(); c++) EncodeColumn(group.columns[c], count, blocks[c]);
  return blocks;
}

std::shared_ptr<RowGroup> DecodeRowGroup(const std::vector<LogicalType>& types, const std::vector<std::string_view>& blocks,
                                         idx_t count, const std::string& where) {
  if (blocks.size() != types.size() || count > kRowGroupSize) {
    throw SqlError(ErrorCode::kDataCorrupted, "row group in \"" + where + "\" does not match its table");
  }
  auto group = std::make_shared<RowGroup>();
  group->count = count;
  for (size_t c = 0; c < types.size(); c++) group->columns.push_back(DecodeColumn(types[c], blocks[c], count, where));
  return group;
}

}  // namespace stockroom
