// percentile_cont, percentile_disc, mode and median. The core passes the fraction first
// and the WITHIN GROUP value last. Expected strings are PostgreSQL 15's output, e.g.
// `select percentile_cont(0.25) within group (order by x) from (values (1),(2),(3),(10),(null)) v(x)`;
// median follows Amazon Redshift (https://docs.aws.amazon.com/redshift/latest/dg/r_MEDIAN.html:
// "MEDIAN is a special case of PERCENTILE_CONT(.5)"; integer and decimal inputs give DECIMAL).
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

const LogicalType kDouble = TypeId::kDouble;
const LogicalType kDoubleArray = LogicalType::Array(TypeId::kDouble);

// Runs percentile_<kind>(fraction) WITHIN GROUP (ORDER BY x) over x of `type`.
std::string Percentile(const char* name, double fraction, const LogicalType& type, const Column& x) {
  AggregateHarness h(name, {kDouble, type});
  return h.Run({Column(x.size(), Dbl(fraction)), x});
}

Column OneTwoThreeTen() { return {Dbl(1), Dbl(2), Dbl(3), Dbl(10), Null(kDouble)}; }

TEST(PercentileContTest, Interpolates) {
  AggregateHarness h("percentile_cont", {kDouble, kDouble});
  EXPECT_TRUE(h.function().ordered_set);
  EXPECT_EQ(h.return_type(), kDouble);
  // 0, 0.25, 0.5, 0.9, 1 -> 1|1.75|2.5|7.900000000000001|10
  EXPECT_EQ(Percentile("percentile_cont", 0, kDouble, OneTwoThreeTen()), "1");
  EXPECT_EQ(Percentile("percentile_cont", 0.25, kDouble, OneTwoThreeTen()), "1.75");
  EXPECT_EQ(Percentile("percentile_cont", 0.5, kDouble, OneTwoThreeTen()), "2.5");
  EXPECT_EQ(Percentile("percentile_cont", 0.9, kDouble, OneTwoThreeTen()), "7.900000000000001");
  EXPECT_EQ(Percentile("percentile_cont", 1, kDouble, OneTwoThreeTen()), "10");
  // NaN sorts last: (nan),(1),(2) -> 2
  EXPECT_EQ(Percentile("percentile_cont", 0.5, kDouble, {Dbl(NAN), Dbl(1), Dbl(2)}), "2");
  EXPECT_EQ(Percentile("percentile_cont", 0.5, kDouble, {}), "NULL");
  EXPECT_EQ(Percentile("percentile_cont", 0.5, kDouble, {Null(kDouble)}), "NULL");
}

TEST(PercentileContTest, ManyRowsAndCombine) {
  // percentile_cont(0.37) within group (order by x) from generate_series(1,1000) x -> 370.63
  Column x;
  for (int i = 1000; i >= 1; i--) x.push_back(Dbl(i));
  EXPECT_EQ(Percentile("percentile_cont", 0.37, kDouble, x), "370.63");
  EXPECT_EQ(Percentile("percentile_disc", 0.37, kDouble, x), "370");
  AggregateHarness h("percentile_cont", {kDouble, kDouble});
  std::string source;
  EXPECT_EQ(h.Combined({Column(x.size(), Dbl(0.37)), x}, 400, &source), "370.63");
  // The source state keeps rows [400, 1000), which are 600 down to 1.
  EXPECT_EQ(source, "222.63");
}

TEST(PercentileContTest, Intervals) {
  LogicalType interval = TypeId::kInterval;
  AggregateHarness h("percentile_cont", {kDouble, interval});
  EXPECT_EQ(h.return_type(), interval);
  // (1 day),(1 month 3 hours) at 0.5 -> 16 days -10:30:00
  EXPECT_EQ(Percentile("percentile_cont", 0.5, interval, {Ivl("1 day"), Ivl("1 month 3 hours")}),
            "16 days -10:30:00");
  // (1 day),(1 month 3 hours),(5 days) at 0.3 -> 3 days 09:36:00
  EXPECT_EQ(
      Percentile("percentile_cont", 0.3, interval, {Ivl("1 day"), Ivl("1 month 3 hours"), Ivl("5 days")}),
      "3 days 09:36:00");
}

TEST(PercentileContTest, FractionOutOfRange) {
  // percentile_cont(1.5) ... -> ERROR 22003 percentile value 1.5 is not between 0 and 1
  EXPECT_EQ(ErrorOf([] { Percentile("percentile_cont", 1.5, kDouble, {Dbl(1)}); }),
            "22003: percentile value 1.5 is not between 0 and 1");
  EXPECT_EQ(ErrorOf([] { Percentile("percentile_cont", 1.23456789, kDouble, {Dbl(1)}); }),
            "22003: percentile value 1.23457 is not between 0 and 1");
  EXPECT_EQ(ErrorOf([] { Percentile("percentile_cont", -0.000001, kDouble, {Dbl(1)}); }),
            "22003: percentile value -1e-06 is not between 0 and 1");
  EXPECT_EQ(ErrorOf([] { Percentile("percentile_cont", 2, kDouble, {Dbl(1)}); }),
            "22003: percentile value 2 is not between 0 and 1");
  EXPECT_EQ(ErrorOf([] { Percentile("percentile_cont", NAN, kDouble, {Dbl(1)}); }),
            "22003: percentile value NaN is not between 0 and 1");
  EXPECT_EQ(ErrorOf([] { Percentile("percentile_disc", 1.5, kDouble, {Dbl(1)}); }),
            "22003: percentile value 1.5 is not between 0 and 1");
  // Without rows PostgreSQL still checks a constant fraction: ... where false -> ERROR.
  AggregateHarness constant("percentile_cont", {kDouble, kDouble}, {Dbl(1.5)});
  EXPECT_EQ(ErrorOf([&] {
              constant.Simple({{}, {}});
            }),
            "22003: percentile value 1.5 is not between 0 and 1");
  AggregateHarness fine("percentile_cont", {kDouble, kDouble}, {Dbl(0.5)});
  EXPECT_EQ(fine.Simple({{}, {}}), "NULL");
  // A NULL fraction gives NULL.
  AggregateHarness null_fraction("percentile_cont", {kDouble, kDouble});
  EXPECT_EQ(null_fraction.Run({{Null(kDouble), Null(kDouble)}, {Dbl(1), Dbl(2)}}), "NULL");
}

TEST(PercentileContTest, ArrayOfFractions) {
  AggregateHarness h("percentile_cont", {kDoubleArray, kDouble});
  EXPECT_EQ(h.return_type(), kDoubleArray);
  Column x = OneTwoThreeTen();
  Value fractions = Value::String(kDoubleArray, "{0.1,NULL,0.75}");
  // percentile_cont(array[0.1,null,0.75]) -> {1.3,NULL,4.75}
  EXPECT_EQ(h.Run({Column(x.size(), fractions), x}), "{1.3,NULL,4.75}");
  LogicalType interval = TypeId::kInterval;
  AggregateHarness intervals("percentile_cont", {kDoubleArray, interval});
  Value half_tenth = Value::String(kDoubleArray, "{0.5,0.1}");
  EXPECT_EQ(intervals.Run({{half_tenth, half_tenth}, {Ivl("1 day"), Ivl("1 month 3 hours")}}),
            R"({"16 days -10:30:00","4 days -02:06:00"})");
  Value bad = Value::String(kDoubleArray, "{0.5,7}");
  EXPECT_EQ(ErrorOf([&] {
              h.Simple({{bad}, {Dbl(1)}});
            }),
            "22003: percentile value 7 is not between 0 and 1");
}

TEST(PercentileDiscTest, AnySortableType) {
  // 0, 0.25, 0.5, 0.9, 1 over (1),(2),(3),(10),(null) -> 1|1|2|10|10, as integer
  Column ints = {Int(1), Int(2), Int(3), Int(10), Null(TypeId::kInteger)};
  AggregateHarness h("percentile_disc", {kDouble, TypeId::kInteger});
  EXPECT_EQ(h.return_type().id(), TypeId::kInteger);
  EXPECT_EQ(Percentile("percentile_disc", 0, TypeId::kInteger, ints), "1");
  EXPECT_EQ(Percentile("percentile_disc", 0.25, TypeId::kInteger, ints), "1");
  EXPECT_EQ(Percentile("percentile_disc", 0.5, TypeId::kInteger, ints), "2");
  EXPECT_EQ(Percentile("percentile_disc", 0.9, TypeId::kInteger, ints), "10");
  EXPECT_EQ(Percentile("percentile_disc", 1, TypeId::kInteger, ints), "10");
  // Text sorts bytewise: ('b'),('a'),('c'),('d') at 0.5 -> b
  EXPECT_EQ(Percentile("percentile_disc", 0.5, TypeId::kText, {Text("b"), Text("a"), Text("c"), Text("d")}),
            "b");
  // Numeric keeps the value's scale: (1.50),(1.5),(0.1) -> 1.50
  EXPECT_EQ(Percentile("percentile_disc", 0.5, TypeId::kNumeric, {Num("1.50"), Num("1.5"), Num("0.1")}),
            "1.50");
  EXPECT_EQ(Percentile("percentile_disc", 0.5, TypeId::kBoolean, {Bool(true), Bool(false), Bool(true)}), "t");
  EXPECT_EQ(Percentile("percentile_disc", 0.5, TypeId::kDate, {Date("2024-03-01"), Date("2023-01-01")}),
            "2023-01-01");
  EXPECT_EQ(Percentile("percentile_disc", 0.75, LogicalType::Numeric(30, 2),
                       {Fixed(30, 2, "5"), Fixed(30, 2, "-1.25"), Fixed(30, 2, "3")}),
            "5.00");
  EXPECT_EQ(Percentile("percentile_disc", 0.5, LogicalType::Numeric(30, 2),
                       {Fixed(30, 2, "5"), Fixed(30, 2, "-1.25"), Fixed(30, 2, "3")}),
            "3.00");
  // Long strings are copied into the state and back out.
  std::string long_a(50, 'a'), long_b(60, 'b');
  AggregateHarness text("percentile_disc", {kDouble, TypeId::kText});
  EXPECT_EQ(text.Combined({Column(2, Dbl(1)), {Text(long_b), Text(long_a)}}, 1), long_b);
}

TEST(PercentileDiscTest, ArrayOfFractions) {
  AggregateHarness ints("percentile_disc", {kDoubleArray, TypeId::kInteger});
  EXPECT_EQ(ints.return_type(), LogicalType::Array(TypeId::kInteger));
  Column x = {Int(1), Int(2), Int(3), Int(10), Null(TypeId::kInteger)};
  EXPECT_EQ(ints.Run({Column(x.size(), Value::String(kDoubleArray, "{0.1,0.75}")), x}), "{1,3}");
  // percentile_disc(array[0.5,1]) over ('b c'),('a'),('c'),('d') -> {"b c",d}
  AggregateHarness text("percentile_disc", {kDoubleArray, TypeId::kText});
  Column words = {Text("b c"), Text("a"), Text("c"), Text("d")};
  EXPECT_EQ(text.Run({Column(4, Value::String(kDoubleArray, "{0.5,1}")), words}), R"({"b c",d})");
}

TEST(ModeTest, MostFrequentSmallestOnTies) {
  AggregateHarness text("mode", {TypeId::kText});
  EXPECT_TRUE(text.function().ordered_set);
  EXPECT_EQ(text.return_type(), LogicalType(TypeId::kText));
  // ('b'),('a'),('b'),('a'),('c') -> a
  EXPECT_EQ(text.Run1({Text("b"), Text("a"), Text("b"), Text("a"), Text("c")}), "a");
  AggregateHarness ints("mode", {TypeId::kInteger});
  // (3),(1),(2) -> 1
  EXPECT_EQ(ints.Run1({Int(3), Int(1), Int(2)}), "1");
  EXPECT_EQ(ints.Run1({Int(3), Int(2), Int(3), Null(TypeId::kInteger), Int(2), Int(3)}), "3");
  EXPECT_EQ(ints.Run1({Null(TypeId::kInteger)}), "NULL");
  EXPECT_EQ(ints.Grouped({{Int(1), Int(5), Int(1), Int(5), Int(7)}}, {0, 1, 0, 1, 1}, 2),
            (std::vector<std::string>{"1", "5"}));
}

TEST(MedianTest, RedshiftMedian) {
  AggregateHarness dbl("median", {kDouble});
  EXPECT_FALSE(dbl.function().ordered_set);
  EXPECT_EQ(dbl.Run1({Dbl(1), Dbl(2), Dbl(3), Dbl(10), Null(kDouble)}), "2.5");
  EXPECT_EQ(dbl.Run1({Dbl(5), Dbl(1), Dbl(3)}), "3");
  EXPECT_EQ(dbl.Run1({}), "NULL");
  AggregateHarness ints("median", {TypeId::kInteger});
  EXPECT_EQ(ints.return_type(), LogicalType(TypeId::kNumeric));
  EXPECT_EQ(ints.Run1({Int(1), Int(2), Int(3), Int(10)}), "2.5");
  EXPECT_EQ(ints.Run1({Int(1), Int(3)}), "2");
  EXPECT_EQ(ints.Run1({Int(7)}), "7");
  AggregateHarness big("median", {TypeId::kBigInt});
  EXPECT_EQ(big.Run1({Big(INT64_MAX), Big(INT64_MAX - 1)}), "9223372036854775806.5");
  AggregateHarness nums("median", {TypeId::kNumeric});
  EXPECT_EQ(nums.Run1({Num("1.25"), Num("2.5")}), "1.875");
  EXPECT_EQ(nums.Run1({Num("1.5"), Num("0.25"), Num("9")}), "1.5");
  AggregateHarness intervals("median", {TypeId::kInterval});
  EXPECT_EQ(intervals.Run1({Ivl("1 day"), Ivl("1 month 3 hours")}), "16 days -10:30:00");
  EXPECT_EQ(ints.Combined({{Int(4), Int(1), Int(3), Int(2)}}, 2), "2.5");
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
