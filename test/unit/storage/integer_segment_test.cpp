#include "storage/compression/integer_segment.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <random>
#include <string>
#include <vector>

#include "expect_corrupted.hpp"

namespace stockroom {
namespace {

struct Encoded {
  IntegerEncoding encoding;
  std::string bytes;
};

Encoded Encode(const std::vector<int64_t>& values, std::optional<IntegerEncoding> only = std::nullopt) {
  Encoded e;
  e.encoding = EncodeIntegerSegment(values.data(), values.size(), e.bytes, only);
  return e;
}

std::vector<int64_t> Decode(const std::string& bytes, size_t count) {
  std::vector<int64_t> values(count);
  DecodeIntegerSegment(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), count, values.data());
  return values;
}

TEST(IntegerSegmentTest, ChoosesRunsForSortedRepeatsAndPackingOtherwise) {
  // A sorted date column of a day-partitioned load: long runs.
  std::vector<int64_t> sorted;
  for (int day = 0; day < 30; day++) sorted.insert(sorted.end(), 4000, 9000 + day);
  Encoded runs = Encode(sorted);
  EXPECT_EQ(runs.encoding, IntegerEncoding::kRunLength);
  EXPECT_LT(runs.bytes.size(), 100u);
  EXPECT_EQ(Decode(runs.bytes, sorted.size()), sorted);

  std::mt19937_64 random(7);
  std::vector<int64_t> keys(120000);
  for (auto& k : keys) k = static_cast<int64_t>(random() % 1000000);
  Encoded packed = Encode(keys);
  EXPECT_EQ(packed.encoding, IntegerEncoding::kFrameOfReference);
  EXPECT_LE(packed.bytes.size(), 1 + 9 + keys.size() * 20 / 8 + 1);  // 20 bits per key
  EXPECT_EQ(Decode(packed.bytes, keys.size()), keys);
}

TEST(IntegerSegmentTest, EdgeShapesRoundTrip) {
  for (const std::vector<int64_t>& values : std::vector<std::vector<int64_t>>{
           {}, {42}, std::vector<int64_t>(5000, -1), {1, 1, 1, 2, 2, 3}, {INT64_MIN, INT64_MAX, INT64_MIN}}) {
    Encoded e = Encode(values);
    EXPECT_EQ(Decode(e.bytes, values.size()), values);
  }
}

TEST(IntegerSegmentTest, DeltaShrinksAscendingIdsAndTimestamps) {
  // An id column of a full row group: FOR needs 27 bits per value, deltas of 1 need none.
  std::vector<int64_t> ids(122880);
  for (size_t i = 0; i < ids.size(); i++) ids[i] = 100000000 + static_cast<int64_t>(i);
  Encoded e = Encode(ids);
  EXPECT_EQ(e.encoding, IntegerEncoding::kDelta);
  EXPECT_LT(e.bytes.size(), 32u);
  EXPECT_EQ(Decode(e.bytes, ids.size()), ids);

  // Event timestamps in microseconds, up to 10 ms apart: 30 bits as distances from the
  // first, 14 bits as deltas.
  std::mt19937_64 random(11);
  std::vector<int64_t> events(122880);
  int64_t at = 789000000000000;  // 2025 in PostgreSQL's microseconds since 2000
  for (auto& t : events) t = at += static_cast<int64_t>(random() % 10000);
  Encoded timestamps = Encode(events);
  EXPECT_EQ(timestamps.encoding, IntegerEncoding::kDelta);
  std::string plain;
  EncodeIntegerSegment(events.data(), events.size(), plain, IntegerEncoding::kFrameOfReference);
  EXPECT_LT(timestamps.bytes.size() * 2, plain.size());
  EXPECT_EQ(Decode(timestamps.bytes, events.size()), events);

  // Nearly sorted (late arrivals go back a little): negative deltas, still delta.
  std::vector<int64_t> nearly = events;
  for (size_t i = 10; i < nearly.size(); i += 97) std::swap(nearly[i], nearly[i - 3]);
  Encoded late = Encode(nearly);
  EXPECT_EQ(late.encoding, IntegerEncoding::kDelta);
  EXPECT_EQ(Decode(late.bytes, nearly.size()), nearly);

  // Descending values: every delta negative.
  std::vector<int64_t> descending(5000);
  for (size_t i = 0; i < descending.size(); i++) descending[i] = 1000000 - 3 * static_cast<int64_t>(i);
  Encoded down = Encode(descending);
  EXPECT_EQ(down.encoding, IntegerEncoding::kDelta);
  EXPECT_EQ(Decode(down.bytes, descending.size()), descending);
}

TEST(IntegerSegmentTest, DeltaIsNotChosenForUnsortedValues) {
  std::mt19937_64 random(3);
  std::vector<int64_t> keys(122880);
  for (auto& k : keys) k = static_cast<int64_t>(random() % 6000000);
  EXPECT_EQ(Encode(keys).encoding, IntegerEncoding::kFrameOfReference);
  // A forced delta still round-trips, larger.
  Encoded forced = Encode(keys, IntegerEncoding::kDelta);
  EXPECT_EQ(forced.encoding, IntegerEncoding::kDelta);
  EXPECT_GT(forced.bytes.size(), Encode(keys).bytes.size());
  EXPECT_EQ(Decode(forced.bytes, keys.size()), keys);
}

TEST(IntegerSegmentTest, EveryEncodingRoundTripsEveryShape) {
  std::vector<std::vector<int64_t>> shapes = {
      {},
      {42},
      {INT64_MIN},
      std::vector<int64_t>(122880, 7),
      {INT64_MIN, INT64_MAX, INT64_MIN, 0, -1, INT64_MAX},  // deltas wrap around
      {INT64_MAX, INT64_MAX - 1, INT64_MIN + 1, INT64_MIN},
      {5, 4, 3, 2, 1, 0, -1, -2},
  };
  for (const auto& values : shapes) {
    for (auto only : {IntegerEncoding::kFrameOfReference, IntegerEncoding::kRunLength, IntegerEncoding::kDelta}) {
      Encoded e = Encode(values, only);
      EXPECT_EQ(e.encoding, only);
      EXPECT_EQ(Decode(e.bytes, values.size()), values) << static_cast<int>(only) << " of " << values.size();
    }
    EXPECT_EQ(Decode(Encode(values).bytes, values.size()), values);
  }
}

TEST(IntegerSegmentTest, CorruptSegmentsAreReported) {
  std::vector<int64_t> sorted(1000, 5);
  sorted.insert(sorted.end(), 1000, 6);
  Encoded e = Encode(sorted);
  ASSERT_EQ(e.encoding, IntegerEncoding::kRunLength);
  // rows the runs do not add up to
  ExpectDataCorrupted([&] { Decode(e.bytes, 1999); });
  // truncated
  ExpectDataCorrupted([&] { Decode(e.bytes.substr(0, e.bytes.size() - 3), 2000); });
  // unknown encoding
  ExpectDataCorrupted([&] { Decode(std::string(1, '\x09') + e.bytes.substr(1), 2000); });
  ExpectDataCorrupted([&] { Decode("", 0); });

  std::vector<int64_t> ids(1000);
  for (size_t i = 0; i < ids.size(); i++) ids[i] = static_cast<int64_t>(i) * 1000;
  Encoded delta = Encode(ids);
  ASSERT_EQ(delta.encoding, IntegerEncoding::kDelta);
  ExpectDataCorrupted([&] { Decode(delta.bytes.substr(0, 5), 1000); });
  ExpectDataCorrupted([&] { Decode(delta.bytes.substr(0, delta.bytes.size() - 1), 1000); });
}

}  // namespace
}  // namespace stockroom
