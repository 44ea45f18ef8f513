// The HyperLogLog sketch behind approx_count_distinct: exact while small, within 2% at
// large counts, and merging is a union.
#include "common/types/hyperloglog.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "common/types/hash.hpp"

namespace stockroom {
namespace types_test {
namespace {

TEST(HyperLogLogTest, ExactWhileSmall) {
  HyperLogLog sketch;
  EXPECT_EQ(sketch.Count(), 0u);
  for (int round = 0; round < 3; round++) {
    for (int64_t i = 0; i < 1000; i++) sketch.Add(HashValue(i));
  }
  EXPECT_EQ(sketch.Count(), 1000u);
  sketch.Add(HashValue(int64_t{-5}));
  EXPECT_EQ(sketch.Count(), 1001u);
}

TEST(HyperLogLogTest, EstimatesWithinTwoPercent) {
  for (int64_t n : {2000, 20000, 100000, 1000000}) {
    HyperLogLog sketch;
    for (int64_t i = 0; i < n; i++) sketch.Add(HashValue(i * 7919 + 13));
    double error = std::abs(static_cast<double>(sketch.Count()) - n) / n;
    EXPECT_LT(error, 0.02) << "n = " << n << ", estimate " << sketch.Count();
  }
}

TEST(HyperLogLogTest, MergeIsUnion) {
  HyperLogLog a, b, exact_a, exact_b;
  for (int64_t i = 0; i < 300000; i++) a.Add(HashValue(i));
  for (int64_t i = 200000; i < 500000; i++) b.Add(HashValue(i));
  for (int64_t i = 0; i < 600; i++) exact_a.Add(HashValue(i));
  for (int64_t i = 500; i < 1000; i++) exact_b.Add(HashValue(i));
  uint64_t b_before = b.Count();
  a.Merge(b);
  EXPECT_EQ(b.Count(), b_before);
  EXPECT_LT(std::abs(static_cast<double>(a.Count()) - 500000) / 500000, 0.02);
  exact_a.Merge(exact_b);
  EXPECT_EQ(exact_a.Count(), 1000u);
  // Exact into estimating and estimating into exact.
  HyperLogLog small, large;
  for (int64_t i = 0; i < 10; i++) small.Add(HashValue(i + 10000000));
  for (int64_t i = 0; i < 50000; i++) large.Add(HashValue(i));
  HyperLogLog large_copy;
  large_copy.Merge(large);
  large_copy.Merge(small);
  small.Merge(large);
  EXPECT_EQ(small.Count(), large_copy.Count());
}

}  // namespace
}  // namespace types_test
}  // namespace stockroom
