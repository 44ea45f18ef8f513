// bool_and, bool_or, every, bit_and, bit_or, bit_xor. Expected strings are PostgreSQL 15's
// output for the same rows, e.g. `select bool_and(x), bool_or(x), every(x) from (values
// (true),(null),(false)) v(x)`.
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

TEST(BoolAggregatesTest, AndOrEvery) {
  Column x = {Bool(true), Null(TypeId::kBoolean), Bool(false)};
  AggregateHarness all("bool_and", {TypeId::kBoolean});
  AggregateHarness any("bool_or", {TypeId::kBoolean});
  AggregateHarness every("every", {TypeId::kBoolean});
  // (true),(null),(false) -> f|t|f
  EXPECT_EQ(all.Run1(x), "f");
  EXPECT_EQ(any.Run1(x), "t");
  EXPECT_EQ(every.Run1(x), "f");
  // (true),(true) -> t|t|t
  EXPECT_EQ(all.Run1({Bool(true), Bool(true)}), "t");
  EXPECT_EQ(every.Run1({Bool(true), Bool(true)}), "t");
  // (false),(false) -> f|f
  EXPECT_EQ(any.Run1({Bool(false), Bool(false)}), "f");
  // (null) -> NULL
  EXPECT_EQ(all.Run1({Null(TypeId::kBoolean)}), "NULL");
  EXPECT_EQ(any.Run1({}), "NULL");
  EXPECT_EQ(all.Combined({{Bool(true), Bool(false)}}, 1), "f");
  EXPECT_EQ(any.Combined({{Bool(false), Bool(true)}}, 1), "t");
  EXPECT_EQ(any.Grouped({x}, {0, 1, 2}, 3), (std::vector<std::string>{"t", "NULL", "f"}));
}

TEST(BitAggregatesTest, AndOrXor) {
  // (12),(10),(null),(7) -> 0|15|1
  Column x = {Int(12), Int(10), Null(TypeId::kInteger), Int(7)};
  AggregateHarness bit_and("bit_and", {TypeId::kInteger});
  AggregateHarness bit_or("bit_or", {TypeId::kInteger});
  AggregateHarness bit_xor("bit_xor", {TypeId::kInteger});
  EXPECT_EQ(bit_and.return_type().id(), TypeId::kInteger);
  EXPECT_EQ(bit_and.Run1(x), "0");
  EXPECT_EQ(bit_or.Run1(x), "15");
  EXPECT_EQ(bit_xor.Run1(x), "1");
  EXPECT_EQ(bit_xor.Combined({x}, 2), "1");
  // (-1::int8),(9223372036854775807) -> 9223372036854775807|-1|-9223372036854775808
  Column big = {Big(-1), Big(INT64_MAX)};
  AggregateHarness and8("bit_and", {TypeId::kBigInt});
  AggregateHarness or8("bit_or", {TypeId::kBigInt});
  AggregateHarness xor8("bit_xor", {TypeId::kBigInt});
  EXPECT_EQ(and8.Run1(big), "9223372036854775807");
  EXPECT_EQ(or8.Run1(big), "-1");
  EXPECT_EQ(xor8.Run1(big), "-9223372036854775808");
  EXPECT_EQ(bit_and.Run1({Null(TypeId::kInteger)}), "NULL");
  AggregateHarness and2("bit_and", {TypeId::kSmallInt});
  EXPECT_EQ(and2.Run1({Small(12), Small(10)}), "8");
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
