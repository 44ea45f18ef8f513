// string_agg and listagg. Expected strings are PostgreSQL 15's output for the same rows
// (e.g. `select string_agg(x, y) from (values ('a','-'),('b',null),('c','+')) v(x,y)`),
// except listagg, which PostgreSQL lacks: those follow Amazon Redshift's documentation
// (https://docs.aws.amazon.com/redshift/latest/dg/r_LISTAGG.html): "NULL values and empty
// strings are ignored", the delimiter defaults to none, the result is VARCHAR.
#include <gtest/gtest.h>

#include <cmath>

#include "aggregate_harness.hpp"

namespace stockroom {
namespace aggregate_test {
namespace {

const LogicalType kText = TypeId::kText;

TEST(StringAggTest, ConcatenatesInArrivalOrder) {
  AggregateHarness agg("string_agg", {kText, kText});
  EXPECT_EQ(agg.return_type(), kText);
  EXPECT_TRUE(agg.function().order_sensitive);
  Column sep(4, Text(", "));
  // ('a'),(null),('b'),('') with ', ' -> "a, b, "
  EXPECT_EQ(agg.Run({{Text("a"), Null(kText), Text("b"), Text("")}, sep}), "a, b, ");
  // The first value's delimiter is dropped; a NULL delimiter adds nothing:
  // ('a','-'),('b',null),('c','+') -> ab+c
  EXPECT_EQ(agg.Run({{Text("a"), Text("b"), Text("c")}, {Text("-"), Null(kText), Text("+")}}), "ab+c");
  EXPECT_EQ(agg.Run({{Null(kText)}, {Text(",")}}), "NULL");
  EXPECT_EQ(agg.Run({{}, {}}), "NULL");
  EXPECT_EQ(agg.Run({{Text("ab"), Text("cd")}, {Text(""), Text("")}}), "abcd");
}

TEST(StringAggTest, CombineKeepsTheSeparator) {
  AggregateHarness agg("string_agg", {kText, kText});
  Column x = {Text("a"), Text("bb"), Text("a long value of some bytes"), Text("d")};
  Column sep = {Text(";"), Text(";"), Text("|"), Text(";")};
  std::string source;
  // The target holds rows [0, 2), the source rows [2, 4): target || source.
  EXPECT_EQ(agg.Combined({x, sep}, 2, &source), "a;bb|a long value of some bytes;d");
  EXPECT_EQ(source, "a long value of some bytes;d");
  EXPECT_EQ(agg.Combined({x, sep}, 0), "a;bb|a long value of some bytes;d");
  EXPECT_EQ(agg.Combined({x, sep}, 4), "a;bb|a long value of some bytes;d");
  EXPECT_EQ(agg.Grouped({x, sep}, {1, 0, 1, 0}, 2),
            (std::vector<std::string>{"bb;d", "a|a long value of some bytes"}));
}

TEST(ListaggTest, RedshiftSemantics) {
  AggregateHarness with_delimiter("listagg", {kText, kText});
  EXPECT_EQ(with_delimiter.return_type().id(), TypeId::kVarchar);
  Column x = {Text("b"), Null(kText), Text(""), Text("a"), Text("c")};
  EXPECT_EQ(with_delimiter.Run({x, Column(5, Text(", "))}), "b, a, c");
  AggregateHarness no_delimiter("listagg", {kText});
  EXPECT_EQ(no_delimiter.Run1(x), "bac");
  EXPECT_EQ(no_delimiter.Run1({Null(kText), Text("")}), "NULL");
  EXPECT_EQ(with_delimiter.Combined({x, Column(5, Text("-"))}, 3), "b-a-c");
}

}  // namespace
}  // namespace aggregate_test
}  // namespace stockroom
