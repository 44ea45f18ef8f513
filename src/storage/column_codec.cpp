#include "storage/column_codec.hpp"

#include <cstring>

#include "common/error/exception.hpp"
#include "storage/compression/block_compression.hpp"
#include "storage/compression/float_segment.hpp"
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

// The flags byte that starts a column block.
constexpr uint8_t kHasValidity = 1;
constexpr uint8_t kZstd = 2;  // the rest is compressed (block_compression.hpp)
constexpr uint8_t kLz4 = 4;
constexpr int kFormShift = 3;
constexpr uint8_t kFormMask = 7 << kFormShift;

// Bits 3-5 of the flags byte: how the values are stored. Format version 1 wrote only
// kEncoded.
enum class ValueForm : uint8_t {
  kEncoded = 0,        // integer segment, string segment, or raw bytes for other types
  kConstant = 1,       // one value for every non-NULL row: its bytes (a string's bytes)
  kAllNull = 2,        // every row is NULL; nothing follows the flags byte
  kRaw = 3,            // ENCODE raw: the fixed-width bytes; strings uint32 lengths, then bytes
  kDecimalFloats = 4,  // floats as scaled integers (float_segment.hpp)
};
constexpr uint8_t kMaxForm = 4;

// The automatic layer compresses blocks of at least this size, when that saves a tenth.
constexpr size_t kMinAutoCompressBytes = 256;

bool RowIsValid(const uint64_t* validity, idx_t i) { return !validity || ((validity[i >> 6] >> (i & 63)) & 1); }

// Decoded 64-bit values at the column's width (bool: nonzero); NULL rows hold 0.
template <class T>
void StoreIntegers(const int64_t* values, const uint64_t* validity, idx_t count, T* out) {
  if (static_cast<const void*>(values) != static_cast<const void*>(out)) {
    for (idx_t i = 0; i < count; i++) out[i] = static_cast<T>(values[i]);
  }
  if (!validity) return;
  for (idx_t i = 0; i < count; i++) {
    if (!RowIsValid(validity, i)) out[i] = 0;
  }
}

void DecodeIntegers(const uint8_t* block, size_t size, idx_t count, const uint64_t* validity, PhysicalType type,
                    uint8_t* data) {
  if (type == PhysicalType::kInt64) {  // decoded in place
    auto* out = reinterpret_cast<int64_t*>(data);
    DecodeIntegerSegment(block, size, count, out);
    return StoreIntegers(out, validity, count, out);
  }
  std::vector<int64_t> values(count);
  DecodeIntegerSegment(block, size, count, values.data());
  switch (type) {
    case PhysicalType::kBool:
      return StoreIntegers(values.data(), validity, count, reinterpret_cast<bool*>(data));
    case PhysicalType::kInt16:
      return StoreIntegers(values.data(), validity, count, reinterpret_cast<int16_t*>(data));
    default:
      return StoreIntegers(values.data(), validity, count, reinterpret_cast<int32_t*>(data));
  }
}

idx_t NullCount(const uint64_t* validity, idx_t count) {
  if (!validity) return 0;
  idx_t valid = 0;
  for (idx_t w = 0; w < count / 64; w++) valid += static_cast<idx_t>(__builtin_popcountll(validity[w]));
  if (count % 64) {
    uint64_t last = validity[count / 64] & ((uint64_t(1) << (count % 64)) - 1);
    valid += static_cast<idx_t>(__builtin_popcountll(last));
  }
  return count - valid;
}

std::string_view StringAt(const uint8_t* data, idx_t i) {
  const auto& ref = reinterpret_cast<const StringRef*>(data)[i];
  return std::string_view(ref.data(), ref.size());
}

// Whether every non-NULL row of the first `count` holds the same value (bit for bit), and
// which row holds it.
bool IsConstant(const ColumnSegment& seg, idx_t count, idx_t& first) {
  const uint64_t* validity = seg.validity.get();
  const uint8_t* data = seg.data.get();
  first = 0;
  while (first < count && !RowIsValid(validity, first)) first++;
  if (first == count) return false;
  if (seg.type.physical() == PhysicalType::kString) {
    std::string_view value = StringAt(data, first);
    for (idx_t i = first + 1; i < count; i++) {
      if (RowIsValid(validity, i) && StringAt(data, i) != value) return false;
    }
    return true;
  }
  idx_t width = PhysicalSize(seg.type.physical());
  const uint8_t* value = data + first * width;
  for (idx_t i = first + 1; i < count; i++) {
    if (RowIsValid(validity, i) && std::memcmp(data + i * width, value, width) != 0) return false;
  }
  return true;
}

std::optional<IntegerEncoding> IntegerChoice(ColumnEncodingOptions::Values values) {
  switch (values) {
    case ColumnEncodingOptions::Values::kRunLength:
      return IntegerEncoding::kRunLength;
    case ColumnEncodingOptions::Values::kDelta:
      return IntegerEncoding::kDelta;
    case ColumnEncodingOptions::Values::kFrameOfReference:
      return IntegerEncoding::kFrameOfReference;
    default:
      return std::nullopt;
  }
}

// Whether the encoding `values` asks for exists for `type` (else the choice is automatic).
bool Applies(ColumnEncodingOptions::Values values, PhysicalType type) {
  using Values = ColumnEncodingOptions::Values;
  switch (values) {
    case Values::kRunLength:
      return IsInteger(type) || type == PhysicalType::kString;
    case Values::kDictionary:
      return type == PhysicalType::kString;
    case Values::kDelta:
    case Values::kFrameOfReference:
      return IsInteger(type);
    default:
      return true;
  }
}

// Appends the values of rows [0, count) in the encoded form. NULL rows take the previous
// non-NULL row's value (the first one's when they lead) so that they do not break runs
// or sequences; they decode as zero again.
void AppendEncoded(const ColumnSegment& seg, idx_t count, ColumnEncodingOptions::Values choice, std::string& out) {
  PhysicalType physical = seg.type.physical();
  const uint64_t* validity = seg.validity.get();
  const uint8_t* data = seg.data.get();
  idx_t fill = 0;
  while (fill < count && !RowIsValid(validity, fill)) fill++;
  if (fill == count) fill = 0;
  if (IsInteger(physical)) {
    std::vector<int64_t> values(count);
    for (idx_t i = 0; i < count; i++) {
      if (RowIsValid(validity, i)) fill = i;
      values[i] = ReadInteger(data, physical, fill);
    }
    EncodeIntegerSegment(values.data(), count, out, IntegerChoice(choice));
  } else {
    std::vector<std::string_view> values(count);
    for (idx_t i = 0; i < count; i++) {
      if (RowIsValid(validity, i)) fill = i;
      values[i] = StringAt(data, fill);
    }
    std::optional<StringEncoding> only;
    std::optional<IntegerEncoding> codes_only;
    if (choice == ColumnEncodingOptions::Values::kDictionary) only = StringEncoding::kDictionary;
    if (choice == ColumnEncodingOptions::Values::kRunLength) {
      only = StringEncoding::kDictionary;
      codes_only = IntegerEncoding::kRunLength;
    }
    EncodeStringSegment(values.data(), count, out, only, codes_only);
  }
}

// Appends rows [0, count) unencoded.
void AppendRaw(const ColumnSegment& seg, idx_t count, std::string& out) {
  PhysicalType physical = seg.type.physical();
  if (physical != PhysicalType::kString) {
    out.append(reinterpret_cast<const char*>(seg.data.get()), PhysicalSize(physical) * count);
    return;
  }
  for (idx_t i = 0; i < count; i++) {
    auto length = static_cast<uint32_t>(StringAt(seg.data.get(), i).size());
    out.append(reinterpret_cast<const char*>(&length), sizeof(length));
  }
  for (idx_t i = 0; i < count; i++) out.append(StringAt(seg.data.get(), i));
}

// Compresses what follows the flags byte at block[flags] as `compression` asks, in place.
void Compress(std::string& block, size_t flags, ColumnEncodingOptions::Compression compression) {
  using Compression = ColumnEncodingOptions::Compression;
  if (compression == Compression::kNone) return;
  size_t from = flags + 1;
  size_t raw = block.size() - from;
  bool automatic = compression == Compression::kAuto;
  if (raw == 0 || (automatic && raw < kMinAutoCompressBytes)) return;
  BlockCompression method = compression == Compression::kLz4 ? BlockCompression::kLz4 : BlockCompression::kZstd;
  std::string packed;
  if (!CompressBlock(method, std::string_view(block).substr(from), packed)) return;
  if (automatic ? packed.size() > raw - raw / 10 : packed.size() >= raw) return;
  block.resize(from);
  block += packed;
  block[flags] = static_cast<char>(block[flags] | (method == BlockCompression::kLz4 ? kLz4 : kZstd));
}

}  // namespace

void EncodeColumn(const ColumnSegment& seg, idx_t count, const ColumnEncodingOptions& options, std::string& out) {
  using Values = ColumnEncodingOptions::Values;
  PhysicalType physical = seg.type.physical();
  size_t start = out.size();
  idx_t nulls = NullCount(seg.validity.get(), count);
  Values values = Applies(options.values, physical) ? options.values : Values::kAuto;
  bool automatic = values == Values::kAuto;
  if (automatic && count > 0 && nulls == count) {
    out.push_back(static_cast<char>(static_cast<uint8_t>(ValueForm::kAllNull) << kFormShift));
    return;
  }
  out.push_back(0);
  uint8_t flags = 0;
  if (nulls > 0) {
    flags |= kHasValidity;
    out.append(reinterpret_cast<const char*>(seg.validity.get()), ValidityMask::Words(count) * 8);
  }
  ValueForm form = ValueForm::kEncoded;
  idx_t constant_row = 0;
  if (values == Values::kRaw) {
    form = ValueForm::kRaw;
    AppendRaw(seg, count, out);
  } else if (automatic && IsConstant(seg, count, constant_row)) {
    form = ValueForm::kConstant;
    if (physical == PhysicalType::kString) {
      out.append(StringAt(seg.data.get(), constant_row));
    } else {
      idx_t width = PhysicalSize(physical);
      out.append(reinterpret_cast<const char*>(seg.data.get() + constant_row * width), width);
    }
  } else if (IsInteger(physical) || physical == PhysicalType::kString) {
    AppendEncoded(seg, count, values, out);
  } else if (physical == PhysicalType::kDouble &&
             EncodeDecimalFloats(reinterpret_cast<const double*>(seg.data.get()), count, out)) {
    form = ValueForm::kDecimalFloats;
  } else if (physical == PhysicalType::kFloat &&
             EncodeDecimalFloats(reinterpret_cast<const float*>(seg.data.get()), count, out)) {
    form = ValueForm::kDecimalFloats;
  } else {
    out.append(reinterpret_cast<const char*>(seg.data.get()), PhysicalSize(physical) * count);
  }
  out[start] = static_cast<char>(flags | static_cast<uint8_t>(form) << kFormShift);
  Compress(out, start, options.compression);
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
  const auto* p = reinterpret_cast<const uint8_t*>(block.data());
  size_t size = block.size();
  if (size < 1) throw corrupt("empty block");
  uint8_t flags = p[0];
  auto form = static_cast<ValueForm>((flags & kFormMask) >> kFormShift);
  // Forms that write every row leave the values uninitialized until then.
  bool writes_every_row = physical != PhysicalType::kString && count > 0 &&
                          (form == ValueForm::kEncoded || form == ValueForm::kRaw || form == ValueForm::kDecimalFloats);
  seg.data = writes_every_row ? std::shared_ptr<uint8_t[]>(new uint8_t[width * seg.capacity])
                              : std::shared_ptr<uint8_t[]>(new uint8_t[width * seg.capacity]());
  if (physical == PhysicalType::kString) seg.heap = std::make_shared<StringHeap>();
  bool is_float = physical == PhysicalType::kFloat || physical == PhysicalType::kDouble;
  if ((flags & ~(kHasValidity | kZstd | kLz4 | kFormMask)) != 0 || (flags & kZstd && flags & kLz4) ||
      static_cast<uint8_t>(form) > kMaxForm || (form == ValueForm::kDecimalFloats && !is_float) ||
      (form == ValueForm::kAllNull && (flags & ~kFormMask) != 0)) {
    throw corrupt("invalid flags");
  }
  p++, size--;
  std::string unpacked;
  if (flags & (kZstd | kLz4)) {
    try {
      DecompressBlock(flags & kZstd ? BlockCompression::kZstd : BlockCompression::kLz4, p, size, unpacked);
    } catch (const SqlError& e) {
      throw corrupt(e.what());
    }
    p = reinterpret_cast<const uint8_t*>(unpacked.data());
    size = unpacked.size();
  }
  if ((flags & kHasValidity) || form == ValueForm::kAllNull) {
    idx_t words = ValidityMask::Words(seg.capacity);
    size_t bytes = ValidityMask::Words(count) * 8;
    seg.validity = std::shared_ptr<uint64_t[]>(new uint64_t[words]);
    std::memset(seg.validity.get(), form == ValueForm::kAllNull ? 0 : 0xFF, words * 8);
    if (form != ValueForm::kAllNull) {
      if (size < bytes) throw corrupt("truncated validity");
      std::memcpy(seg.validity.get(), p, bytes);
      p += bytes, size -= bytes;
    }
    // Rows past `count` are valid until appended (appends only clear bits).
    if (count % 64) seg.validity[count / 64] |= ~uint64_t(0) << (count % 64);
    for (idx_t w = ValidityMask::Words(count); w < words; w++) seg.validity[w] = ~uint64_t(0);
  }
  const uint64_t* validity = seg.validity.get();
  try {
    switch (form) {
      case ValueForm::kAllNull:
        if (size != 0) throw SqlError(ErrorCode::kDataCorrupted, "values in an all-NULL block");
        break;
      case ValueForm::kConstant:
        if (physical == PhysicalType::kString) {
          StringRef value = seg.heap->Add(std::string_view(reinterpret_cast<const char*>(p), size));
          auto* refs = reinterpret_cast<StringRef*>(seg.data.get());
          for (idx_t i = 0; i < count; i++) {
            if (RowIsValid(validity, i)) refs[i] = value;
          }
        } else {
          if (size != width) throw SqlError(ErrorCode::kDataCorrupted, "wrong size");
          for (idx_t i = 0; i < count; i++) {
            if (RowIsValid(validity, i)) std::memcpy(seg.data.get() + i * width, p, width);
          }
        }
        break;
      case ValueForm::kRaw:
        if (physical == PhysicalType::kString) {
          if (size / sizeof(uint32_t) < count) throw SqlError(ErrorCode::kDataCorrupted, "truncated");
          const uint8_t* bytes = p + count * sizeof(uint32_t);
          size_t left = size - count * sizeof(uint32_t);
          auto* refs = reinterpret_cast<StringRef*>(seg.data.get());
          for (idx_t i = 0; i < count; i++) {
            uint32_t length;
            std::memcpy(&length, p + i * sizeof(length), sizeof(length));
            if (length > left) throw SqlError(ErrorCode::kDataCorrupted, "lengths past the end");
            if (RowIsValid(validity, i)) refs[i] = seg.heap->Add(reinterpret_cast<const char*>(bytes), length);
            bytes += length, left -= length;
          }
          if (left != 0) throw SqlError(ErrorCode::kDataCorrupted, "wrong size");
          break;
        }
        [[fallthrough]];
      case ValueForm::kEncoded:
        if (IsInteger(physical) && form == ValueForm::kEncoded) {
          DecodeIntegers(p, size, count, validity, physical, seg.data.get());
        } else if (physical == PhysicalType::kString) {
          std::vector<std::string_view> values;
          DecodeStringSegment(p, size, count, values);
          auto* refs = reinterpret_cast<StringRef*>(seg.data.get());
          for (idx_t i = 0; i < count; i++) {
            if (RowIsValid(validity, i)) refs[i] = seg.heap->Add(values[i]);
          }
        } else {
          if (size != width * count) throw SqlError(ErrorCode::kDataCorrupted, "wrong size");
          std::memcpy(seg.data.get(), p, size);
        }
        break;
      case ValueForm::kDecimalFloats:
        if (physical == PhysicalType::kDouble) {
          DecodeDecimalFloats(p, size, count, reinterpret_cast<double*>(seg.data.get()));
        } else {
          DecodeDecimalFloats(p, size, count, reinterpret_cast<float*>(seg.data.get()));
        }
        break;
    }
  } catch (const SqlError& e) {
    if (e.code() != ErrorCode::kDataCorrupted) throw;
    throw corrupt(e.what());
  }
  seg.zone.null_count = NullCount(validity, count);
  return seg;
}

std::vector<std::string> EncodeRowGroup(const RowGroup& group, idx_t count,
                                        const std::vector<ColumnEncodingOptions>& options) {
  std::vector<std::string> blocks(group.columns.size());
  for (size_t c = 0; c < group.columns.size(); c++) {
    EncodeColumn(group.columns[c], count, c < options.size() ? options[c] : ColumnEncodingOptions{}, blocks[c]);
  }
  return blocks;
}

std::shared_ptr<RowGroup> DecodeRowGroup(const std::vector<LogicalType>& types, const std::vector<std::string_view>& blocks,
                                         idx_t count, const std::string& where) {
  if (blocks.size() != types.size() || count > kRowGroupSize) {
    throw SqlError(ErrorCode::kDataCorrupted, "row group in \"" + where + "\" does not match its table");
  }
  auto group = std::make_shared<RowGroup>();
  group->count = count;
  for (size_t c = 0; c < types.size(); c++) {
    group->columns.push_back(DecodeColumn(types[c], blocks[c], count, where));
    UpdateZoneMap(group->columns[c].zone, group->columns[c], 0, count);
  }
  return group;
}

}  // namespace stockroom
