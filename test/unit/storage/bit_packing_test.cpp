#include "storage/compression/bit_packing.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "expect_corrupted.hpp"

namespace stockroom {
namespace {

std::vector<int64_t> RoundTrip(const std::vector<int64_t>& values, size_t* encoded_size = nullptr) {
  std::string encoded = "prefix";  // encodings append
  EncodeFrameOfReference(values.data(), values.size(), encoded);
  if (encoded_size) *encoded_size = encoded.size() - 6;
  std::vector<int64_t> decoded(values.size());
  DecodeFrameOfReference(reinterpret_cast<const uint8_t*>(encoded.data()) + 6, encoded.size() - 6, values.size(),
                         decoded.data());
  return decoded;
}

TEST(BitPackingTest, WidthsFromTheLargestDistance) {
  EXPECT_EQ(BitWidth(0), 0);
  EXPECT_EQ(BitWidth(1), 1);
  EXPECT_EQ(BitWidth(255), 8);
  EXPECT_EQ(BitWidth(256), 9);
  EXPECT_EQ(BitWidth(std::numeric_limits<uint64_t>::max()), 64);
}

TEST(BitPackingTest, RoundTripsEveryWidth) {
  std::mt19937_64 random(42);
  for (int width = 0; width <= 64; width++) {
    for (size_t count : {0, 1, 7, 8, 9, 2048, 2049}) {
      std::vector<int64_t> values(count);
      int64_t base = static_cast<int64_t>(random());
      for (auto& v : values) {
        uint64_t distance = width == 64 ? random() : random() & ((uint64_t(1) << width) - 1);
        v = static_cast<int64_t>(static_cast<uint64_t>(base) + distance);
      }
      EXPECT_EQ(RoundTrip(values), values) << "width " << width << " count " << count;
    }
  }
}

TEST(BitPackingTest, SmallRangesTakeFewBits) {
  // Dates of one year as days: 9 bits each instead of 64.
  std::vector<int64_t> days(120000);
  for (size_t i = 0; i < days.size(); i++) days[i] = 8766 + static_cast<int64_t>(i % 365);
  size_t size = 0;
  EXPECT_EQ(RoundTrip(days, &size), days);
  EXPECT_EQ(size, FrameOfReferenceSize(days.size(), 9));
  EXPECT_LT(size, days.size() * 9 / 8 + 16);
  std::vector<int64_t> constant(1000, -5);
  EXPECT_EQ(RoundTrip(constant, &size), constant);
  EXPECT_EQ(size, 9u);  // the reference and the width only
  std::vector<int64_t> extremes = {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(), 0};
  EXPECT_EQ(RoundTrip(extremes), extremes);
}

TEST(BitPackingTest, TruncatedDataIsReportedNotRead) {
  std::vector<int64_t> values = {1, 100, 1000, 10000};
  std::string encoded;
  EncodeFrameOfReference(values.data(), values.size(), encoded);
  std::vector<int64_t> decoded(values.size());
  const auto* data = reinterpret_cast<const uint8_t*>(encoded.data());
  ExpectDataCorrupted([&] { DecodeFrameOfReference(data, encoded.size() - 1, values.size(), decoded.data()); });
  encoded[8] = 65;  // an impossible bit width
  ExpectDataCorrupted([&] { DecodeFrameOfReference(data, encoded.size(), values.size(), decoded.data()); });
}

}  // namespace
}  // namespace stockroom
