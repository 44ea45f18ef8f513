// array_agg. Expected strings are PostgreSQL 15's output for the same rows, e.g.
// `select array_agg(x) from (values (1.50),(null),(-2)) v(x)` -> {1.50,NULL,-2}.
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

const LogicalType kText = TypeId::kText;

TEST(ArrayAggTest, ScalarsAndNulls) {
  AggregateHarness ints("array_agg", {TypeId::kInteger});
  EXPECT_EQ(ints.return_type(), LogicalType::Array(TypeId::kInteger));
  EXPECT_EQ(ints.function().null_handling, NullHandling::kSpecial);
  EXPECT_EQ(ints.Run1({Int(1), Null(TypeId::kInteger), Int(3)}), "{1,NULL,3}");
  EXPECT_EQ(ints.Run1({}), "NULL");
  EXPECT_EQ(ints.Run1({Null(TypeId::kInteger)}), "{NULL}");
  AggregateHarness nums("array_agg", {TypeId::kNumeric});
  EXPECT_EQ(nums.Run1({Num("1.50"), Null(TypeId::kNumeric), Num("-2")}), "{1.50,NULL,-2}");
  AggregateHarness bools("array_agg", {TypeId::kBoolean});
  EXPECT_EQ(bools.Run1({Bool(true), Bool(false)}), "{t,f}");
  AggregateHarness dbls("array_agg", {TypeId::kDouble});
  EXPECT_EQ(dbls.Run1({Dbl(1.5), Dbl(NAN), Dbl(-INFINITY), Dbl(1e20)}), "{1.5,NaN,-Infinity,1e+20}");
  AggregateHarness fixed("array_agg", {LogicalType::Numeric(10, 2)});
  EXPECT_EQ(fixed.Run1({Fixed(10, 2, "1.5"), Fixed(10, 2, "-3")}), "{1.50,-3.00}");
}

TEST(ArrayAggTest, QuotesLikeArrayOut) {
  AggregateHarness text("array_agg", {kText});
  EXPECT_EQ(text.return_type(), LogicalType::Array(kText));
  // ('a b'),(''),('NULL'),('x"y'),('back\slash'),(null),('{}')
  EXPECT_EQ(text.Run1({Text("a b"), Text(""), Text("NULL"), Text("x\"y"), Text("back\\slash"), Null(kText),
                       Text("{}")}),
            R"({"a b","","NULL","x\"y","back\\slash",NULL,"{}"})");
  // ('null'),('Null x'),('a,b'),('{'),('tab<TAB>x'),('é')
  EXPECT_EQ(text.Run1({Text("null"), Text("Null x"), Text("a,b"), Text("{"), Text("tab\tx"), Text("é")}),
            "{\"null\",\"Null x\",\"a,b\",\"{\",\"tab\tx\",é}");
  AggregateHarness json("array_agg", {TypeId::kJson});
  EXPECT_EQ(json.Run1({Value::String(TypeId::kJson, "{\"a\": 1}")}), R"({"{\"a\": 1}"})");
  // char(3) keeps its padding: ('a'::char(3)),('bc'::char(3)) -> {"a  ","bc "}
  AggregateHarness chars("array_agg", {LogicalType::Char(3)});
  EXPECT_EQ(
      chars.Run1({Value::String(LogicalType::Char(3), "a  "), Value::String(LogicalType::Char(3), "bc ")}),
      "{\"a  \",\"bc \"}");
}

TEST(ArrayAggTest, DateTimeElements) {
  AggregateHarness dates("array_agg", {TypeId::kDate});
  EXPECT_EQ(dates.Run1({Date("2024-01-05"), Null(TypeId::kDate)}), "{2024-01-05,NULL}");
  AggregateHarness stamps("array_agg", {TypeId::kTimestamp});
  EXPECT_EQ(stamps.Run1({Ts("2024-01-05 10:00")}), R"({"2024-01-05 10:00:00"})");
  // set timezone='Asia/Tokyo'; ... ('2024-01-05 10:00+00'::timestamptz) -> {"2024-01-05 19:00:00+09"}
  AggregateHarness stamps_tz("array_agg", {TypeId::kTimestampTz}, {}, "Asia/Tokyo");
  EXPECT_EQ(stamps_tz.Run1({TsTz("2024-01-05 10:00+00")}), R"({"2024-01-05 19:00:00+09"})");
  AggregateHarness intervals("array_agg", {TypeId::kInterval});
  EXPECT_EQ(intervals.Run1({Ivl("1 day"), Ivl("-1 mon")}), R"({"1 day","-1 mons"})");
}

TEST(ArrayAggTest, ArraysOfArrays) {
  LogicalType int_array = LogicalType::Array(TypeId::kInteger);
  AggregateHarness agg("array_agg", {int_array});
  EXPECT_EQ(agg.return_type(), int_array);
  auto arr = [&](const char* text) { return Value::String(int_array, text); };
  EXPECT_EQ(agg.Run1({arr("{{1,2},{3,4}}"), arr("{{5,6},{7,8}}")}), "{{{1,2},{3,4}},{{5,6},{7,8}}}");
  EXPECT_EQ(agg.Run1({arr("{1,2}"), arr("{3,4}")}), "{{1,2},{3,4}}");
  LogicalType text_array = LogicalType::Array(kText);
  AggregateHarness texts("array_agg", {text_array});
  EXPECT_EQ(texts.Run1({Value::String(text_array, "{\"a b\",NULL}"), Value::String(text_array, "{c,d}")}),
            R"({{"a b",NULL},{c,d}})");
  // ('[0:1]={1,2}'),('[0:1]={5,6}') -> [1:2][0:1]={{1,2},{5,6}}
  EXPECT_EQ(agg.Run1({arr("[0:1]={1,2}"), arr("[0:1]={5,6}")}), "[1:2][0:1]={{1,2},{5,6}}");
  EXPECT_EQ(agg.Combined({{arr("{1,2}"), arr("{3,4}"), arr("{5,6}")}}, 1), "{{1,2},{3,4},{5,6}}");
}

TEST(ArrayAggTest, ArrayInputErrors) {
  LogicalType int_array = LogicalType::Array(TypeId::kInteger);
  AggregateHarness agg("array_agg", {int_array});
  auto arr = [&](const char* text) { return Value::String(int_array, text); };
  // PostgreSQL reports a NULL array with 22004, which Stockroom's error table lacks (22000 here).
  EXPECT_EQ(ErrorOf([&] {
              agg.Simple({{arr("{{1,2},{3,4}}"), arr("{5,6}")}});
            }),
            "2202E: cannot accumulate arrays of different dimensionality");
  EXPECT_EQ(ErrorOf([&] {
              agg.Simple({{arr("{1,2}"), arr("{3}")}});
            }),
            "2202E: cannot accumulate arrays of different dimensionality");
  EXPECT_EQ(ErrorOf([&] {
              agg.Simple({{arr("[0:1]={1,2}"), arr("{5,6}")}});
            }),
            "2202E: cannot accumulate arrays of different dimensionality");
  EXPECT_EQ(ErrorOf([&] {
              agg.Simple({{arr("{1,2}"), Null(int_array)}});
            }),
            "22000: cannot accumulate null arrays");
  EXPECT_EQ(ErrorOf([&] { agg.Simple({{arr("{}")}}); }), "2202E: cannot accumulate empty arrays");
}

TEST(ArrayAggTest, GroupsAndCombine) {
  AggregateHarness agg("array_agg", {TypeId::kInteger});
  Column x = {Int(1), Int(2), Null(TypeId::kInteger), Int(4), Int(5)};
  EXPECT_EQ(agg.Grouped({x}, {0, 1, 0, 1, 2}, 4),
            (std::vector<std::string>{"{1,NULL}", "{2,4}", "{5}", "NULL"}));
  std::string source;
  EXPECT_EQ(agg.Combined({x}, 2, &source), "{1,2,NULL,4,5}");
  EXPECT_EQ(source, "{NULL,4,5}");
  // Many rows across vectors keep their order.
  Column many;
  std::string expected = "{";
  for (int i = 0; i < 3000; i++) {
    many.push_back(Int(i));
    expected += (i ? "," : "") + std::to_string(i);
  }
  EXPECT_EQ(agg.Run1(many), expected + "}");
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
