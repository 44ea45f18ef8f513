// count, sum and avg. Every expected string is what PostgreSQL 15 printed for the same
// rows (psql, e.g. `select sum(x), avg(x) from (values (1.5),(2.25)) v(x)`).
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

const LogicalType kInt = TypeId::kInteger;
const LogicalType kNumeric = TypeId::kNumeric;

TEST(CountTest, CountStarCountsRowsAndCountSkipsNulls) {
  // select count(*), count(x) from (values (1),(null),(3)) v(x) -> 3|2
  AggregateHarness star("count_star", {});
  EXPECT_EQ(star.return_type().id(), TypeId::kBigInt);
  EXPECT_EQ(star.function().null_handling, NullHandling::kSpecial);
  Column x = {Int(1), Null(kInt), Int(3)};
  AggregateHarness count("count", {kInt});
  EXPECT_EQ(count.Run1(x), "2");
  // count(*) has no inputs: feed it through a column it ignores via the generic driver.
  AggregateHarness any_text("count", {LogicalType(TypeId::kText)});
  EXPECT_EQ(any_text.Run1({Text("a"), Null(TypeId::kText), Text(""), Text("b")}), "3");
}

TEST(CountTest, CountOfNothingIsZero) {
  AggregateHarness count("count", {kInt});
  EXPECT_EQ(count.Run1({}), "0");
  EXPECT_EQ(count.Run1({Null(kInt)}), "0");
}

TEST(CountTest, CountStarDirect) {
  const auto& f = FunctionRegistry::Get().Aggregate("count_star")->front();
  EXPECT_TRUE(f.arguments.empty());
  alignas(8) uint64_t a = 0, b = 0;
  f.initialize(reinterpret_cast<data_ptr_t>(&a));
  f.initialize(reinterpret_cast<data_ptr_t>(&b));
  AggregateInputData input;
  f.simple_update(nullptr, input, 0, reinterpret_cast<data_ptr_t>(&a), 5);
  Vector states(TypeId::kBigInt, 3);
  auto* slots = reinterpret_cast<data_ptr_t*>(states.data());
  slots[0] = reinterpret_cast<data_ptr_t>(&b);
  slots[1] = reinterpret_cast<data_ptr_t>(&a);
  slots[2] = reinterpret_cast<data_ptr_t>(&b);
  f.update(nullptr, input, 0, states, 3);
  Vector source(TypeId::kBigInt, 1), target(TypeId::kBigInt, 1);
  reinterpret_cast<data_ptr_t*>(source.data())[0] = reinterpret_cast<data_ptr_t>(&b);
  reinterpret_cast<data_ptr_t*>(target.data())[0] = reinterpret_cast<data_ptr_t>(&a);
  f.combine(source, target, input, 1);
  Vector result(TypeId::kBigInt, 2);
  f.finalize(states, input, result, 2, 0);  // states: b, a
  EXPECT_EQ(result.GetValue(0).GetInt64(), 2);
  EXPECT_EQ(result.GetValue(1).GetInt64(), 8);
}

TEST(SumTest, IntegerSums) {
  // select count(*), count(x), sum(x), avg(x) from (values (1),(null),(3)) v(x)
  AggregateHarness sum("sum", {kInt});
  EXPECT_EQ(sum.return_type().id(), TypeId::kBigInt);
  EXPECT_EQ(sum.Run1({Int(1), Null(kInt), Int(3)}), "4");
  EXPECT_EQ(sum.Run1({Null(kInt)}), "NULL");
  EXPECT_EQ(sum.Run1({}), "NULL");
  // 3 * 2147483647 -> 6442450941
  EXPECT_EQ(sum.Run1({Int(2147483647), Int(2147483647), Int(2147483647)}), "6442450941");
  AggregateHarness small("sum", {TypeId::kSmallInt});
  EXPECT_EQ(small.Run1({Small(7), Small(8), Small(8)}), "23");
}

TEST(SumTest, BigintSumIsNumeric) {
  AggregateHarness sum("sum", {TypeId::kBigInt});
  EXPECT_EQ(sum.return_type().id(), TypeId::kNumeric);
  EXPECT_EQ(sum.Run1({Big(INT64_MAX), Big(INT64_MAX)}), "18446744073709551614");
  EXPECT_EQ(sum.Run1({Big(INT64_MAX), Big(INT64_MAX), Big(INT64_MAX)}), "27670116110564327421");
  EXPECT_EQ(sum.Run1({Big(7), Big(8), Big(8)}), "23");
}

TEST(SumTest, BigintOverflowOfIntegerSum) {
  // sum(int4) accumulates in int8; PostgreSQL reports "bigint out of range" on overflow,
  // which needs 2^32 rows there. Check the constant path, which multiplies.
  AggregateHarness sum("sum", {kInt});
  const AggregateFunction& f = sum.function();
  alignas(8) uint64_t state[4] = {};
  f.initialize(reinterpret_cast<data_ptr_t>(state));
  Vector constant(Int(2147483647));
  AggregateInputData input;
  EXPECT_EQ(ErrorOf([&] {
              for (int i = 0; i < 3; i++)
                f.simple_update(&constant, input, 1, reinterpret_cast<data_ptr_t>(state), 2000000000);
            }),
            "22003: bigint out of range");
}

TEST(SumTest, FixedNumericKeepsScale) {
  // select sum(x), avg(x) from (values (1.5::numeric(10,2)),(2.25),(3)) v(x) -> 6.75|2.2500000000000000
  LogicalType type = LogicalType::Numeric(10, 2);
  AggregateHarness sum("sum", {type});
  EXPECT_EQ(sum.return_type(), LogicalType::Numeric(38, 2));
  Column x = {Fixed(10, 2, "1.5"), Fixed(10, 2, "2.25"), Fixed(10, 2, "3")};
  EXPECT_EQ(sum.Run1(x), "6.75");
  AggregateHarness avg("avg", {type});
  EXPECT_EQ(avg.return_type(), LogicalType(TypeId::kNumeric));
  EXPECT_EQ(avg.Run1(x), "2.2500000000000000");
  EXPECT_EQ(avg.Combined({x}, 1), "2.2500000000000000");
}

TEST(SumTest, WideFixedNumeric) {
  // numeric(30,3): int128 unscaled values.
  // -> 12345678901234567891.123|6172839450617283945.562
  LogicalType type = LogicalType::Numeric(30, 3);
  Column x = {Fixed(30, 3, "12345678901234567890.123"), Fixed(30, 3, "1")};
  AggregateHarness sum("sum", {type});
  EXPECT_EQ(sum.Run1(x), "12345678901234567891.123");
  AggregateHarness avg("avg", {type});
  EXPECT_EQ(avg.Run1(x), "6172839450617283945.562");
}

TEST(SumTest, NumericOverflowPast38Digits) {
  LogicalType type = LogicalType::Numeric(38, 0);
  Column x = {Fixed(38, 0, "99999999999999999999999999999999999999"), Fixed(38, 0, "1")};
  AggregateHarness sum("sum", {type});
  EXPECT_EQ(ErrorOf([&] { sum.Simple({x}); }), "22003: value overflows numeric format");
}

TEST(SumTest, UnconstrainedNumericTakesLargestScale) {
  AggregateHarness sum("sum", {kNumeric});
  EXPECT_EQ(sum.return_type(), kNumeric);
  // (1.5),(2.250),(3) -> 6.750
  EXPECT_EQ(sum.Run1({Num("1.5"), Num("2.250"), Num("3")}), "6.750");
  // (0.001),(100000) -> 100000.001
  EXPECT_EQ(sum.Run1({Num("0.001"), Num("100000")}), "100000.001");
  // (1e-20),(1) -> 1.00000000000000000001
  EXPECT_EQ(sum.Run1({Num("1e-20"), Num("1")}), "1.00000000000000000001");
  EXPECT_EQ(sum.Combined({{Num("0.001"), Num("100000"), Num("2.5")}}, 1), "100002.501");
}

TEST(SumTest, Floats) {
  AggregateHarness sum8("sum", {TypeId::kDouble});
  EXPECT_EQ(sum8.return_type().id(), TypeId::kDouble);
  EXPECT_EQ(sum8.Run1({Dbl(0.1), Dbl(0.2)}), "0.30000000000000004");
  EXPECT_EQ(sum8.Run1({Dbl(-0.0)}), "-0");
  AggregateHarness sum4("sum", {TypeId::kReal});
  EXPECT_EQ(sum4.return_type().id(), TypeId::kReal);
  EXPECT_EQ(sum4.Run1({Real(0.1f), Real(0.2f)}), "0.3");
  // sum(x) from (values ('infinity'::float8),('-infinity')) -> NaN
  EXPECT_EQ(sum8.Run1({Dbl(INFINITY), Dbl(-INFINITY)}), "NaN");
  EXPECT_EQ(sum8.Run1({Dbl(INFINITY), Dbl(1)}), "Infinity");
}

TEST(SumTest, FloatOverflowIsAnError) {
  // sum(x) from (values (1e308::float8),(1e308),(-1e308)) -> ERROR 22003
  AggregateHarness sum8("sum", {TypeId::kDouble});
  Column x = {Dbl(1e308), Dbl(1e308), Dbl(-1e308)};
  EXPECT_EQ(ErrorOf([&] { sum8.Simple({x}); }), "22003: value out of range: overflow");
  EXPECT_EQ(ErrorOf([&] { sum8.Grouped({x}, {0, 0, 0}, 1); }), "22003: value out of range: overflow");
  AggregateHarness sum4("sum", {TypeId::kReal});
  EXPECT_EQ(ErrorOf([&] {
              sum4.Simple({{Real(3e38f), Real(3e38f)}});
            }),
            "22003: value out of range: overflow");
}

TEST(SumTest, Intervals) {
  AggregateHarness sum("sum", {TypeId::kInterval});
  // (1 month),(1 day) -> 1 mon 1 day
  EXPECT_EQ(sum.Run1({Ivl("1 month"), Ivl("1 day")}), "1 mon 1 day");
  EXPECT_EQ(sum.Run1({Ivl("1 month 1 day"), Ivl("1 hour"), Ivl("-3 days")}), "1 mon -2 days +01:00:00");
  EXPECT_EQ(sum.Run1({Ivl("1 month"), Ivl("1 day 3 hours"), Ivl("5 seconds")}), "1 mon 1 day 03:00:05");
  // (2000000000 months) twice -> 22008 interval out of range
  EXPECT_EQ(ErrorOf([&] {
              sum.Simple({{Ivl("2000000000 months"), Ivl("2000000000 months")}});
            }),
            "22008: interval out of range");
}

TEST(AvgTest, IntegerAverageIsNumeric) {
  AggregateHarness avg("avg", {kInt});
  EXPECT_EQ(avg.return_type(), kNumeric);
  EXPECT_EQ(avg.Run1({Int(1), Int(2)}), "1.5000000000000000");
  EXPECT_EQ(avg.Run1({Int(1), Null(kInt), Int(3)}), "2.0000000000000000");
  EXPECT_EQ(avg.Run1({Int(1), Int(2), Int(2)}), "1.6666666666666667");
  EXPECT_EQ(avg.Run1({Int(1), Int(0)}), "0.50000000000000000000");
  EXPECT_EQ(avg.Run1({Null(kInt)}), "NULL");
  AggregateHarness avg2("avg", {TypeId::kSmallInt});
  EXPECT_EQ(avg2.Run1({Small(7), Small(8), Small(8)}), "7.6666666666666667");
  AggregateHarness avg8("avg", {TypeId::kBigInt});
  EXPECT_EQ(avg8.Run1({Big(INT64_MAX), Big(INT64_MAX), Big(1)}), "6148914691236517205");
  EXPECT_EQ(avg8.Run1({Big(100000000000), Big(3)}), "50000000001.50000000");
}

TEST(AvgTest, NumericAverage) {
  AggregateHarness avg("avg", {kNumeric});
  EXPECT_EQ(avg.Run1({Num("1.5"), Num("2.25")}), "1.8750000000000000");
  EXPECT_EQ(avg.Run1({Num("-1.5"), Num("-2.25")}), "-1.8750000000000000");
  EXPECT_EQ(avg.Run1({Num("0.001"), Num("100000")}), "50000.000500000000");
  EXPECT_EQ(avg.Run1({Num("1e-20"), Num("1")}), "0.50000000000000000001");
  EXPECT_EQ(avg.Run1({Num("1.0000000000000000001"), Num("2")}), "1.5000000000000000001");
  EXPECT_EQ(avg.Combined({{Num("1.5"), Num("2.25"), Num("3")}}, 2), "2.2500000000000000");
  AggregateHarness fixed("avg", {LogicalType::Numeric(5, 0)});
  EXPECT_EQ(fixed.Run1({Fixed(5, 0, "1"), Fixed(5, 0, "2"), Fixed(5, 0, "2")}), "1.6666666666666667");
}

TEST(AvgTest, FloatAverage) {
  AggregateHarness avg8("avg", {TypeId::kDouble});
  EXPECT_EQ(avg8.return_type().id(), TypeId::kDouble);
  EXPECT_EQ(avg8.Run1({Dbl(0.1), Dbl(0.2)}), "0.15000000000000002");
  EXPECT_EQ(avg8.Run1({Dbl(-0.0)}), "0");
  AggregateHarness avg4("avg", {TypeId::kReal});
  EXPECT_EQ(avg4.return_type().id(), TypeId::kDouble);
  EXPECT_EQ(avg4.Run1({Real(0.1f), Real(0.2f)}), "0.15000000223517418");
  // avg(3e38::real twice) -> 3.0000000054977558e+38 (accumulated as double)
  EXPECT_EQ(avg4.Run1({Real(3e38f), Real(3e38f)}), "3.0000000054977558e+38");
  EXPECT_EQ(avg8.Run1({Dbl(INFINITY), Dbl(-INFINITY)}), "NaN");
  EXPECT_EQ(avg8.Run1({Dbl(INFINITY), Dbl(1)}), "Infinity");
}

TEST(AvgTest, FloatAverageSeesPostgresOverflow) {
  // PostgreSQL's avg(float8) keeps Sxx and fails when it overflows:
  // avg(x) from (values (1e200::float8),(-1e200)) -> ERROR 22003
  AggregateHarness avg8("avg", {TypeId::kDouble});
  EXPECT_EQ(ErrorOf([&] {
              avg8.Simple({{Dbl(1e200), Dbl(-1e200)}});
            }),
            "22003: value out of range: overflow");
}

TEST(AvgTest, IntervalAverage) {
  AggregateHarness avg("avg", {TypeId::kInterval});
  EXPECT_EQ(avg.Run1({Ivl("1 month"), Ivl("1 day")}), "15 days 12:00:00");
  EXPECT_EQ(avg.Run1({Ivl("1 month 1 day"), Ivl("1 hour"), Ivl("-3 days")}), "10 days -15:40:00");
  EXPECT_EQ(avg.Run1({Ivl("1 month"), Ivl("0"), Ivl("0")}), "10 days");
  EXPECT_EQ(avg.Run1({Ivl("1 year"), Ivl("7 days"), Ivl("1 second")}), "4 mons 2 days 08:00:00.333333");
  EXPECT_EQ(avg.Run1({Ivl("1 month"), Ivl("1 day 3 hours"), Ivl("5 seconds")}), "10 days 09:00:01.666667");
  EXPECT_EQ(avg.Run1({}), "NULL");
}

TEST(AggregateGroupsTest, GroupedUpdateRoutesRowsToTheirStates) {
  // Rows of three groups interleaved, as hash aggregation hands them over.
  Column x = {Int(1), Int(10), Int(100), Int(2), Null(kInt), Int(200), Int(3)};
  std::vector<idx_t> groups = {0, 1, 2, 0, 1, 2, 0};
  AggregateHarness sum("sum", {kInt});
  EXPECT_EQ(sum.Grouped({x}, groups, 3), (std::vector<std::string>{"6", "10", "300"}));
  AggregateHarness avg("avg", {kInt});
  EXPECT_EQ(avg.Grouped({x}, groups, 3),
            (std::vector<std::string>{"2.0000000000000000", "10.0000000000000000", "150.0000000000000000"}));
  AggregateHarness count("count", {kInt});
  EXPECT_EQ(count.Grouped({x}, groups, 3), (std::vector<std::string>{"3", "1", "2"}));
  // A group with no rows.
  EXPECT_EQ(sum.Grouped({x}, groups, 4)[3], "NULL");
  EXPECT_EQ(count.Grouped({x}, groups, 4)[3], "0");
}

TEST(AggregateGroupsTest, CombineLeavesSourceIntact) {
  Column x = {Int(1), Int(2), Int(3), Int(4)};
  AggregateHarness sum("sum", {kInt});
  std::string source;
  EXPECT_EQ(sum.Combined({x}, 2, &source), "10");
  EXPECT_EQ(source, "7");
  AggregateHarness avg("avg", {TypeId::kDouble});
  EXPECT_EQ(avg.Combined({{Dbl(1), Dbl(2), Dbl(4)}}, 1, &source), "2.3333333333333335");
  EXPECT_EQ(source, "3");
  // Combining into an empty target and from an empty source.
  EXPECT_EQ(sum.Combined({x}, 0), "10");
  EXPECT_EQ(sum.Combined({x}, 4), "10");
}

TEST(AggregateGroupsTest, ManyRowsAcrossChunks) {
  Column x;
  for (int i = 1; i <= 5000; i++) x.push_back(i % 7 == 0 ? Null(kInt) : Int(i));
  AggregateHarness sum("sum", {kInt});
  // select sum(x), avg(x) from generate_series(1,5000) x where x % 7 <> 0
  EXPECT_EQ(sum.Run1(x), "10715715");
  AggregateHarness avg("avg", {kInt});
  EXPECT_EQ(avg.Run1(x), "2500.1668222118525432");
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
