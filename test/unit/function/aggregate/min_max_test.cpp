// min and max. Expected strings are PostgreSQL 15's output for the same rows, e.g.
// `select min(x), max(x) from (values (3),(null),(-7),(5)) v(x)`.
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

std::pair<std::string, std::string> MinMax(const LogicalType& type, const Column& x,
                                           const std::string& time_zone = "UTC") {
  AggregateHarness min("min", {type}, {}, time_zone);
  AggregateHarness max("max", {type}, {}, time_zone);
  return {min.Run1(x), max.Run1(x)};
}

using Pair = std::pair<std::string, std::string>;

TEST(MinMaxTest, Integers) {
  EXPECT_EQ(MinMax(TypeId::kInteger, {Int(3), Null(TypeId::kInteger), Int(-7), Int(5)}), Pair("-7", "5"));
  EXPECT_EQ(MinMax(TypeId::kSmallInt, {Small(32767), Small(-32767)}), Pair("-32767", "32767"));
  EXPECT_EQ(MinMax(TypeId::kBigInt, {Big(INT64_MIN), Big(INT64_MAX)}),
            Pair("-9223372036854775808", "9223372036854775807"));
  EXPECT_EQ(MinMax(TypeId::kInteger, {}), Pair("NULL", "NULL"));
  AggregateHarness min("min", {TypeId::kInteger});
  EXPECT_EQ(min.return_type().id(), TypeId::kInteger);
}

TEST(MinMaxTest, TextIsBytewise) {
  Column x = {Text("b"), Text("abc"), Text(""), Text("ab"), Null(TypeId::kText)};
  EXPECT_EQ(MinMax(TypeId::kText, x), Pair("", "b"));
  // C collation: 'Z' < 'z' < 'é' (UTF-8 bytes above ASCII).
  EXPECT_EQ(MinMax(TypeId::kText, {Text("é"), Text("z"), Text("Z")}), Pair("Z", "é"));
  EXPECT_EQ(MinMax(TypeId::kText, {Null(TypeId::kText)}), Pair("NULL", "NULL"));
  // Long values outlive the vectors they came from, and grow the state's buffer.
  Column long_values = {Text(std::string(40, 'm')), Text(std::string(100, 'z')), Text(std::string(5, 'a'))};
  EXPECT_EQ(MinMax(TypeId::kText, long_values), Pair(std::string(5, 'a'), std::string(100, 'z')));
  AggregateHarness max("max", {TypeId::kText});
  EXPECT_EQ(max.Combined({long_values}, 2), std::string(100, 'z'));
  EXPECT_EQ(max.Grouped({long_values}, {1, 0, 1}, 2),
            (std::vector<std::string>{std::string(100, 'z'), std::string(40, 'm')}));
}

TEST(MinMaxTest, NumericKeepsTheValuesScale) {
  EXPECT_EQ(MinMax(TypeId::kNumeric, {Num("1.50"), Num("1.5"), Num("-0.001"), Num("2")}),
            Pair("-0.001", "2"));
  // Equal values: the later one wins, as in numeric_smaller/numeric_larger.
  EXPECT_EQ(MinMax(TypeId::kNumeric, {Num("1.0"), Num("1.00"), Num("1")}), Pair("1", "1"));
  EXPECT_EQ(MinMax(TypeId::kNumeric, {Num("1.00"), Num("1"), Num("1.0")}), Pair("1.0", "1.0"));
  LogicalType fixed = LogicalType::Numeric(5, 2);
  EXPECT_EQ(MinMax(fixed, {Fixed(5, 2, "1.5"), Fixed(5, 2, "-0.001"), Fixed(5, 2, "2")}),
            Pair("0.00", "2.00"));
  AggregateHarness min("min", {fixed});
  EXPECT_EQ(min.return_type(), fixed);
  LogicalType wide = LogicalType::Numeric(30, 3);
  EXPECT_EQ(MinMax(wide, {Fixed(30, 3, "-12345678901234567890.5"), Fixed(30, 3, "7")}),
            Pair("-12345678901234567890.500", "7.000"));
}

TEST(MinMaxTest, FloatsOrderNaNLast) {
  // min(x), max(x) from (values ('nan'::float4),(1),('-infinity')) -> -Infinity|NaN
  EXPECT_EQ(MinMax(TypeId::kReal, {Real(NAN), Real(1), Real(-INFINITY)}), Pair("-Infinity", "NaN"));
  EXPECT_EQ(MinMax(TypeId::kDouble, {Dbl(NAN), Dbl(1), Dbl(-INFINITY)}), Pair("-Infinity", "NaN"));
  EXPECT_EQ(MinMax(TypeId::kDouble, {Dbl(0.5), Dbl(-2.25), Dbl(1e300)}), Pair("-2.25", "1e+300"));
  AggregateHarness max("max", {TypeId::kDouble});
  EXPECT_EQ(max.Combined({{Dbl(NAN), Dbl(1)}}, 1), "NaN");
  EXPECT_EQ(max.Combined({{Dbl(1), Dbl(NAN)}}, 1), "NaN");
}

TEST(MinMaxTest, DatesTimestampsIntervals) {
  EXPECT_EQ(MinMax(TypeId::kDate, {Date("2024-01-01"), Date("1999-12-31"), Date("infinity")}),
            Pair("1999-12-31", "infinity"));
  EXPECT_EQ(MinMax(TypeId::kTimestamp, {Ts("2024-01-01 10:00"), Ts("1999-12-31 23:59:59.5")}),
            Pair("1999-12-31 23:59:59.5", "2024-01-01 10:00:00"));
  EXPECT_EQ(MinMax(TypeId::kTimestampTz, {TsTz("2024-01-01 10:00+00"), TsTz("2024-07-01 00:00+00")},
                   "America/New_York"),
            Pair("2024-01-01 05:00:00-05", "2024-06-30 20:00:00-04"));
  EXPECT_EQ(MinMax(TypeId::kInterval, {Ivl("1 mon"), Ivl("29 days"), Ivl("-1 hour")}),
            Pair("-01:00:00", "1 mon"));
  // Intervals compare by span; of equal ones the later wins: (1 day),(24 hours) -> 24:00:00|24:00:00
  EXPECT_EQ(MinMax(TypeId::kInterval, {Ivl("1 day"), Ivl("24 hours")}), Pair("24:00:00", "24:00:00"));
}

TEST(MinMaxTest, GroupedWithNullGroups) {
  Column x = {Int(5), Null(TypeId::kInteger), Int(1), Int(9), Int(-4)};
  AggregateHarness min("min", {TypeId::kInteger});
  EXPECT_EQ(min.Grouped({x}, {0, 1, 0, 2, 2}, 3), (std::vector<std::string>{"1", "NULL", "-4"}));
  AggregateHarness max("max", {TypeId::kInteger});
  EXPECT_EQ(max.Grouped({x}, {0, 1, 0, 2, 2}, 3), (std::vector<std::string>{"5", "NULL", "9"}));
}

TEST(MinMaxTest, NoBooleanOverloadAsInPostgres) {
  // PostgreSQL 15: ERROR: function max(boolean) does not exist
  for (const char* name : {"min", "max"}) {
    for (auto& f : *FunctionRegistry::Get().Aggregate(name)) EXPECT_NE(f.arguments[0].id(), TypeId::kBoolean);
  }
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
