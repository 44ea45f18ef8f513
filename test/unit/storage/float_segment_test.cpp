#include "storage/compression/float_segment.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "expect_corrupted.hpp"

namespace stockroom {
namespace {

template <typename T>
std::vector<T> Decode(const std::string& bytes, size_t count) {
  std::vector<T> values(count);
  DecodeDecimalFloats(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), count, values.data());
  return values;
}

// Bit-for-bit equality (NaN == NaN, -0.0 != 0.0).
template <typename T>
void ExpectSameBits(const std::vector<T>& a, const std::vector<T>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); i++) {
    EXPECT_EQ(std::memcmp(&a[i], &b[i], sizeof(T)), 0) << "row " << i << ": " << a[i] << " vs " << b[i];
  }
}

TEST(FloatSegmentTest, AmountsWithTwoDecimalsAreStoredAsScaledIntegers) {
  // Order amounts stored as double: 0.01 to 9999.99, a full row group.
  std::mt19937_64 random(5);
  std::vector<double> amounts(122880);
  for (auto& a : amounts) a = static_cast<double>(random() % 1000000) / 100.0;
  std::string bytes;
  ASSERT_TRUE(EncodeDecimalFloats(amounts.data(), amounts.size(), bytes));
  EXPECT_LT(bytes.size(), amounts.size() * 8 / 3);  // 20 bits a value instead of 64
  ExpectSameBits(Decode<double>(bytes, amounts.size()), amounts);

  std::vector<float> prices;
  for (int i = 0; i < 5000; i++) prices.push_back(static_cast<float>(i % 700) / 4.0f + 0.25f);
  bytes.clear();
  ASSERT_TRUE(EncodeDecimalFloats(prices.data(), prices.size(), bytes));
  EXPECT_LT(bytes.size(), prices.size() * 4 / 2);
  ExpectSameBits(Decode<float>(bytes, prices.size()), prices);
}

TEST(FloatSegmentTest, SpecialValuesRoundTripBitExactly) {
  const double inf = std::numeric_limits<double>::infinity();
  std::vector<double> values;
  for (int i = 0; i < 1000; i++) values.push_back(i * 0.25);
  // A few exceptions among decimals: kept as their bytes.
  values[10] = -0.0;
  values[20] = std::numeric_limits<double>::quiet_NaN();
  values[30] = inf;
  values[40] = -inf;
  values[50] = 0.1 + 0.2;
  values[60] = std::numeric_limits<double>::denorm_min();
  values[70] = 1e300;
  values[999] = -std::numeric_limits<double>::quiet_NaN();
  std::string bytes;
  ASSERT_TRUE(EncodeDecimalFloats(values.data(), values.size(), bytes));
  ExpectSameBits(Decode<double>(bytes, values.size()), values);

  std::vector<float> floats(200, 1.5f);
  floats[0] = -0.0f;
  floats[199] = std::numeric_limits<float>::quiet_NaN();
  floats[100] = -std::numeric_limits<float>::infinity();
  bytes.clear();
  ASSERT_TRUE(EncodeDecimalFloats(floats.data(), floats.size(), bytes));
  ExpectSameBits(Decode<float>(bytes, floats.size()), floats);
}

TEST(FloatSegmentTest, NonDecimalValuesAreLeftRaw) {
  std::mt19937_64 random(9);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::vector<double> measurements(10000);
  for (auto& m : measurements) m = uniform(random);
  std::string bytes;
  EXPECT_FALSE(EncodeDecimalFloats(measurements.data(), measurements.size(), bytes));
  EXPECT_TRUE(bytes.empty());
  // Five fractional digits are past the scale tried.
  std::vector<double> fine(1000);
  for (size_t i = 0; i < fine.size(); i++) fine[i] = static_cast<double>(i) / 100000.0 + 0.00001;
  EXPECT_FALSE(EncodeDecimalFloats(fine.data(), fine.size(), bytes));
  // All special: nothing decimal about them.
  std::vector<double> nans(100, std::numeric_limits<double>::quiet_NaN());
  EXPECT_FALSE(EncodeDecimalFloats(nans.data(), nans.size(), bytes));
}

TEST(FloatSegmentTest, EdgeShapesRoundTrip) {
  for (const std::vector<double>& values : std::vector<std::vector<double>>{
           {}, {42.5}, std::vector<double>(122880, 19.99), {-1e15, 1e15, 0, -0.5}, {9.2e14, -9.2e14}}) {
    std::string bytes;
    if (EncodeDecimalFloats(values.data(), values.size(), bytes)) {
      ExpectSameBits(Decode<double>(bytes, values.size()), values);
    }
  }
}

TEST(FloatSegmentTest, CorruptSegmentsAreReported) {
  std::vector<double> values(1000, 2.5);
  values[3] = -0.0;
  std::string bytes;
  ASSERT_TRUE(EncodeDecimalFloats(values.data(), values.size(), bytes));
  ExpectDataCorrupted([&] { Decode<double>(bytes.substr(0, bytes.size() - 1), values.size()); });
  ExpectDataCorrupted([&] { Decode<double>(bytes + "x", values.size()); });
  ExpectDataCorrupted([&] { Decode<double>(bytes, 2); });  // more exceptions than rows
  std::string bad_scale = bytes;
  bad_scale[1] = 40;
  ExpectDataCorrupted([&] { Decode<double>(bad_scale, values.size()); });
  ExpectDataCorrupted([&] { Decode<double>("", 0); });
}

}  // namespace
}  // namespace stockroom
