// Column blocks (docs/storage-format.md, "Column blocks"): the forms chosen per block from
// its data (constant, all NULL, encoded, decimal floats), what ENCODE hints force, the
// compression layer, and corrupt blocks.
#include "storage/column_codec.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "expect_corrupted.hpp"

namespace stockroom {
namespace {

using Values = ColumnEncodingOptions::Values;
using Compression = ColumnEncodingOptions::Compression;

// A row group of one column of `type` holding `row(i)` for rows [0, count).
std::shared_ptr<RowGroup> Column(const LogicalType& type, idx_t count, const std::function<Value(idx_t)>& row) {
  DataTable::Builder builder({type});
  DataChunk chunk({type});
  for (idx_t start = 0; start < count; start += kVectorSize) {
    chunk.Reset();
    idx_t n = std::min(kVectorSize, count - start);
    for (idx_t i = 0; i < n; i++) chunk.column(0).SetValue(i, row(start + i));
    chunk.SetCardinality(n);
    builder.Append(chunk);
  }
  auto groups = builder.Finish();
  return groups.empty() ? NewRowGroup({type}) : groups[0];
}

std::string Encode(const RowGroup& group, ColumnEncodingOptions options = {}) {
  std::string block;
  EncodeColumn(group.columns[0], group.count, options, block);
  return block;
}

// The rows of a column as PostgreSQL prints them (NULL as "NULL"), so -0 and NaN differ.
std::vector<std::string> Rows(const std::shared_ptr<RowGroup>& group) {
  std::vector<std::string> rows;
  Vector vector(group->columns[0].type);
  for (idx_t start = 0; start < group->count; start += kVectorSize) {
    idx_t n = std::min(kVectorSize, group->count - start);
    DataTable::ScanColumn(group, 0, start, n, vector);
    for (idx_t i = 0; i < n; i++) {
      Value v = vector.GetValue(i);
      rows.push_back(v.IsNull() ? "NULL" : v.ToString());
    }
  }
  return rows;
}

std::shared_ptr<RowGroup> Decode(const LogicalType& type, const std::string& block, idx_t count) {
  return DecodeRowGroup({type}, {block}, count, "test");
}

// Encodes and decodes `group`, expecting the same rows and zone map; returns the block.
std::string RoundTrip(const std::shared_ptr<RowGroup>& group, ColumnEncodingOptions options = {}) {
  std::string block = Encode(*group, options);
  auto decoded = Decode(group->columns[0].type, block, group->count);
  EXPECT_EQ(Rows(decoded), Rows(group));
  const ZoneMap& zone = decoded->columns[0].zone;
  EXPECT_EQ(zone.null_count, group->columns[0].zone.null_count);
  EXPECT_EQ(zone.has_values, group->columns[0].zone.has_values);
  if (zone.has_values && group->columns[0].zone.has_values) {
    EXPECT_EQ(zone.min.ToString(), group->columns[0].zone.min.ToString());
    EXPECT_EQ(zone.max.ToString(), group->columns[0].zone.max.ToString());
  }
  // NULL rows hold zero bytes in memory, as appends leave them.
  const ColumnSegment& seg = decoded->columns[0];
  idx_t width = PhysicalSize(seg.type.physical());
  for (idx_t i = 0; i < group->count; i++) {
    if (seg.validity && !((seg.validity[i >> 6] >> (i & 63)) & 1)) {
      EXPECT_EQ(std::string(reinterpret_cast<const char*>(seg.data.get() + i * width), width), std::string(width, '\0'))
          << "NULL row " << i;
    }
  }
  return block;
}

struct TypedValue {
  LogicalType type;
  Value value;
};

std::vector<TypedValue> OneValueOfEveryType() {
  LogicalType numeric18 = LogicalType::Numeric(12, 2), numeric38 = LogicalType::Numeric(30, 4);
  return {
      {TypeId::kBoolean, Value::Boolean(true)},
      {TypeId::kSmallInt, Value::SmallInt(-7)},
      {TypeId::kInteger, Value::Integer(2024)},
      {TypeId::kBigInt, Value::BigInt(std::numeric_limits<int64_t>::min())},
      {TypeId::kDate, Value::Date(9000)},
      {TypeId::kTimestamp, Value::Timestamp(789000000123456)},
      {numeric18, Value::Numeric(numeric18, 1999)},
      {numeric38, Value::Numeric(numeric38, static_cast<int128_t>(1000000000000000000) * 1000)},
      {TypeId::kReal, Value::Real(-0.0f)},
      {TypeId::kDouble, Value::Double(std::numeric_limits<double>::quiet_NaN())},
      {TypeId::kText, Value::Text("delivered")},
      {TypeId::kText, Value::Text(std::string(300, 'x'))},
      {TypeId::kInterval, Value::Interval(Interval{1, 2, 3})},
  };
}

TEST(ColumnCodecTest, ConstantColumnsOfEveryTypeTakeAFewBytes) {
  for (const auto& [type, value] : OneValueOfEveryType()) {
    SCOPED_TRACE(type.ToString() + " " + value.ToString());
    auto full = Column(type, kRowGroupSize, [&](idx_t) { return value; });
    std::string block = RoundTrip(full);
    EXPECT_LE(block.size(), 1 + (type.physical() == PhysicalType::kString ? value.GetString().size() : 16));
    auto one = Column(type, 1, [&](idx_t) { return value; });
    RoundTrip(one);
    // NULLs besides: the bitmap and the one value (the bitmap compresses).
    auto with_nulls = Column(type, kRowGroupSize, [&](idx_t i) { return i % 1000 == 5 ? Value::Null(type) : value; });
    EXPECT_LT(RoundTrip(with_nulls).size(), 2000u);
    // All NULL: the flags byte alone.
    auto nulls = Column(type, kRowGroupSize, [&](idx_t) { return Value::Null(type); });
    EXPECT_EQ(RoundTrip(nulls).size(), 1u);
    auto decoded = Decode(type, Encode(*nulls), kRowGroupSize);
    EXPECT_EQ(decoded->columns[0].zone.null_count, kRowGroupSize);
    EXPECT_FALSE(decoded->columns[0].zone.has_values);
    EXPECT_EQ(RoundTrip(Column(type, 1, [&](idx_t) { return Value::Null(type); })).size(), 1u);
    // Every hint still round-trips.
    auto some_nulls = Column(type, 3000, [&](idx_t i) { return i % 100 == 5 ? Value::Null(type) : value; });
    for (Values values : {Values::kRaw, Values::kRunLength, Values::kDictionary, Values::kDelta,
                          Values::kFrameOfReference}) {
      RoundTrip(some_nulls, {values, Compression::kAuto});
      RoundTrip(Column(type, 3000, [&](idx_t) { return Value::Null(type); }), {values, Compression::kNone});
    }
  }
}

TEST(ColumnCodecTest, RowsAfterAnAllNullGroupCanStillBeAppended) {
  auto nulls = Column(TypeId::kInteger, 100, [](idx_t) { return Value::Null(TypeId::kInteger); });
  auto decoded = Decode(TypeId::kInteger, Encode(*nulls), 100);
  // Rows past the decoded ones must read as valid until an append says otherwise.
  EXPECT_EQ(decoded->columns[0].validity[1] >> 36, (~uint64_t(0)) >> 36);
}

TEST(ColumnCodecTest, SortedTimestampsWithNullsUseDeltas) {
  // Event times at microsecond resolution, every tenth NULL: NULL rows take their
  // neighbour's value in the encoding, so they do not break the sequence.
  auto events = Column(TypeId::kTimestamp, kRowGroupSize, [](idx_t i) {
    return i % 10 == 3 ? Value::Null(TypeId::kTimestamp) : Value::Timestamp(789000000000000 + i * 1000 + i % 7);
  });
  std::string automatic = RoundTrip(events);
  std::string plain = RoundTrip(events, {Values::kFrameOfReference, Compression::kNone});
  EXPECT_LT(automatic.size() * 2, plain.size()) << automatic.size() << " vs " << plain.size();
  // Forcing deltas on random values still round-trips.
  auto scattered = Column(TypeId::kBigInt, 5000, [](idx_t i) {
    return Value::BigInt(static_cast<int64_t>((i * 2654435761u) % 1000003));
  });
  RoundTrip(scattered, {Values::kDelta, Compression::kNone});
}

TEST(ColumnCodecTest, DecimalAmountsInDoublesAreSmallerThanRaw) {
  auto amounts = Column(TypeId::kDouble, kRowGroupSize, [](idx_t i) {
    if (i == 7) return Value::Double(-0.0);
    if (i == 8) return Value::Double(std::numeric_limits<double>::infinity());
    if (i % 100 == 9) return Value::Null(TypeId::kDouble);
    return Value::Double(static_cast<double>((i * 7919) % 100000) / 100.0);
  });
  std::string automatic = RoundTrip(amounts);
  std::string raw = RoundTrip(amounts, {Values::kRaw, Compression::kNone});
  EXPECT_GE(raw.size(), kRowGroupSize * 8);
  EXPECT_LT(automatic.size() * 2, raw.size()) << automatic.size();
}

TEST(ColumnCodecTest, HintsChooseTheEncodingAndTheCompression) {
  auto statuses = Column(TypeId::kText, kRowGroupSize, [](idx_t i) {
    static const char* kStatuses[] = {"pending", "paid", "shipped", "delivered"};
    return Value::Text(kStatuses[(i / 50) % 4]);
  });
  std::string automatic = RoundTrip(statuses);
  std::string raw = RoundTrip(statuses, {Values::kRaw, Compression::kNone});
  EXPECT_GT(raw.size(), 100 * automatic.size());
  EXPECT_EQ(raw[0] & 6, 0);  // no compression layer
  std::string lz4 = RoundTrip(statuses, {Values::kRaw, Compression::kLz4});
  EXPECT_EQ(lz4[0] & 6, 4);
  EXPECT_LT(lz4.size() * 10, raw.size());
  std::string zstd = RoundTrip(statuses, {Values::kRaw, Compression::kZstd});
  EXPECT_EQ(zstd[0] & 6, 2);
  // A small block takes the compression asked for when it helps at all.
  auto small = Column(TypeId::kText, 16, [](idx_t i) { return Value::Text(i % 2 ? "abcabcabc" : "xyzxyzxyz"); });
  EXPECT_EQ(RoundTrip(small, {Values::kRaw, Compression::kLz4})[0] & 6, 4);
  EXPECT_EQ(RoundTrip(small, {Values::kRaw, Compression::kAuto})[0] & 6, 0);

  // Integers: raw is the values' width.
  auto ids = Column(TypeId::kInteger, 10000, [](idx_t i) { return Value::Integer(static_cast<int32_t>(i)); });
  EXPECT_EQ(RoundTrip(ids, {Values::kRaw, Compression::kNone}).size(), 1 + 10000 * 4);
  EXPECT_LT(RoundTrip(ids).size(), 40u);
  EXPECT_GT(RoundTrip(ids, {Values::kRunLength, Compression::kNone}).size(), 10000u);
}

TEST(ColumnCodecTest, CorruptBlocksAreReported) {
  auto amounts = Column(TypeId::kDouble, 1000, [](idx_t i) { return Value::Double(static_cast<double>(i) / 4); });
  std::string block = Encode(*amounts);
  ExpectDataCorrupted([&] { Decode(TypeId::kDouble, "", 1000); });
  ExpectDataCorrupted([&] { Decode(TypeId::kDouble, block.substr(0, block.size() - 2), 1000); });
  // Decimal floats are no form of an integer column.
  ExpectDataCorrupted([&] { Decode(TypeId::kBigInt, block, 1000); });
  for (char flags : {'\x06', '\x38', '\x40', '\x11', '\x80'}) {  // zstd and lz4, form 7, bit 6, ...
    ExpectDataCorrupted([&] { Decode(TypeId::kDouble, std::string(1, flags) + block.substr(1), 1000); });
  }
  // An all-NULL block has nothing after its flags byte.
  ExpectDataCorrupted([&] { Decode(TypeId::kInteger, std::string("\x10\x00", 2), 10); });
  // Compressed data that does not decompress.
  auto text = Column(TypeId::kText, 1000, [](idx_t i) { return Value::Text("row " + std::to_string(i % 10)); });
  for (auto compression : {Compression::kLz4, Compression::kZstd}) {
    std::string packed = Encode(*text, {Values::kRaw, compression});
    ASSERT_NE(packed[0] & 6, 0);
    packed[packed.size() / 2] ^= 0x5A;
    packed.resize(packed.size() - 3);
    ExpectDataCorrupted([&] { Decode(TypeId::kText, packed, 1000); });
  }
  // A constant block whose value has the wrong width.
  auto constant = Column(TypeId::kInteger, 100, [](idx_t) { return Value::Integer(5); });
  ExpectDataCorrupted([&] { Decode(TypeId::kInteger, Encode(*constant) + "x", 100); });
}

}  // namespace
}  // namespace stockroom
