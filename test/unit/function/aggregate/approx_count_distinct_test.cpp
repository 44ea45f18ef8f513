// approx_count_distinct: exact on small sets, within 2% on a million distinct values,
// and counts equal values once under SQL equality (1.5 = 1.50, '1 day' = '24 hours').
#include <gtest/gtest.h>

#include <cstdlib>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

TEST(ApproxCountDistinctTest, SmallSetsAreExact) {
  AggregateHarness ints("approx_count_distinct", {TypeId::kInteger});
  EXPECT_EQ(ints.return_type().id(), TypeId::kBigInt);
  EXPECT_EQ(ints.Run1({Int(1), Int(2), Int(2), Null(TypeId::kInteger), Int(3), Int(1)}), "3");
  EXPECT_EQ(ints.Run1({}), "0");
  EXPECT_EQ(ints.Run1({Null(TypeId::kInteger)}), "0");
  AggregateHarness text("approx_count_distinct", {TypeId::kText});
  EXPECT_EQ(text.Run1({Text("a"), Text("b"), Text("a"), Text(""), Text(std::string(30, 'x'))}), "4");
  // Equal under SQL equality counts once.
  AggregateHarness nums("approx_count_distinct", {TypeId::kNumeric});
  EXPECT_EQ(nums.Run1({Num("1.5"), Num("1.50"), Num("2")}), "2");
  AggregateHarness intervals("approx_count_distinct", {TypeId::kInterval});
  EXPECT_EQ(intervals.Run1({Ivl("1 day"), Ivl("24 hours"), Ivl("1 hour")}), "2");
  Column x;
  for (int i = 0; i < 1000; i++) x.push_back(Int(i % 700));
  EXPECT_EQ(ints.Run1(x), "700");
  EXPECT_EQ(ints.Combined({x}, 500), "700");
  EXPECT_EQ(ints.Grouped({{Int(1), Int(1), Int(2), Int(3)}}, {0, 0, 1, 1}, 3),
            (std::vector<std::string>{"1", "2", "0"}));
}

TEST(ApproxCountDistinctTest, MillionDistinctWithinTwoPercent) {
  const auto& f = FunctionRegistry::Get().Aggregate("approx_count_distinct")->front();
  std::vector<uint64_t> state_a((f.state_size + 7) / 8), state_b((f.state_size + 7) / 8);
  auto* a = reinterpret_cast<data_ptr_t>(state_a.data());
  auto* b = reinterpret_cast<data_ptr_t>(state_b.data());
  f.initialize(a);
  f.initialize(b);
  AggregateInputData input;
  const int64_t n = 1000000;
  Vector chunk(TypeId::kBigInt);
  // Every value twice, the second pass into the other state; then merge.
  for (int pass = 0; pass < 2; pass++) {
    for (int64_t start = 0; start < n; start += kVectorSize) {
      idx_t count = std::min<int64_t>(kVectorSize, n - start);
      chunk.Reset();
      for (idx_t i = 0; i < count; i++) chunk.Data<int64_t>()[i] = start + static_cast<int64_t>(i);
      f.simple_update(&chunk, input, 1, pass == 0 ? a : b, count);
    }
  }
  Vector source(TypeId::kBigInt, 1), target(TypeId::kBigInt, 1), result(TypeId::kBigInt, 2);
  reinterpret_cast<data_ptr_t*>(source.data())[0] = b;
  reinterpret_cast<data_ptr_t*>(target.data())[0] = a;
  f.combine(source, target, input, 1);
  Vector both(TypeId::kBigInt, 2);
  reinterpret_cast<data_ptr_t*>(both.data())[0] = a;
  reinterpret_cast<data_ptr_t*>(both.data())[1] = b;
  f.finalize(both, input, result, 2, 0);
  for (idx_t i = 0; i < 2; i++) {
    double estimate = static_cast<double>(result.GetValue(i).GetInt64());
    EXPECT_LT(std::abs(estimate - n) / n, 0.02) << estimate;
  }
  f.destroy(both, 2);
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
