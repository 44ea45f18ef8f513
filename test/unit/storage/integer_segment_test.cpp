#include "storage/compression/integer_segment.hpp"

#include <gtest/gtest.h>

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

Encoded Encode(const std::vector<int64_t>& values) {
  Encoded e;
  e.encoding = EncodeIntegerSegment(values.data(), values.size(), e.bytes);
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
}

}  // namespace
}  // namespace stockroom
