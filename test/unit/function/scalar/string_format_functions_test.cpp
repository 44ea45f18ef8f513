#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "function/scalar/string_functions.hpp"
#include "string_function_tester.hpp"

// Expected values are PostgreSQL 15's, obtained by running the same calls against it. Non-text
// arguments of concat, format and quote_literal reach the kernels as integers and booleans
// and go through CastToText.

namespace stockroom::string_test {
namespace {

using Rows = std::vector<std::string>;

TEST(StringFormatFunctionsTest, Quote) {
  EXPECT_EQ(Eval("quote_ident", {T("Foo")}), "\"Foo\"");
  EXPECT_EQ(Eval("quote_ident", {T("foo_1")}), "foo_1");
  EXPECT_EQ(Eval("quote_ident", {T("select")}), "\"select\"");
  EXPECT_EQ(Eval("quote_ident", {T("1a")}), "\"1a\"");
  EXPECT_EQ(Eval("quote_ident", {T("a\"b")}), "\"a\"\"b\"");
  EXPECT_EQ(Eval("quote_ident", {T("")}), "\"\"");
  EXPECT_EQ(Eval("quote_ident", {T("é")}), "\"é\"");
  EXPECT_EQ(Eval("quote_ident", {T("_x")}), "_x");
  EXPECT_EQ(Eval("quote_ident", {T("name")}), "name");
  EXPECT_EQ(Eval("quote_ident", {T("xmltable")}), "\"xmltable\"");
  EXPECT_EQ(Eval("quote_literal", {T("a\\b'c")}), "E'a\\\\b''c'");
  EXPECT_EQ(Eval("quote_literal", {T("it's")}), "'it''s'");
  EXPECT_EQ(Eval("quote_literal", {T("")}), "''");
  EXPECT_EQ(Eval("quote_literal", {NullText()}), kNull);
  EXPECT_EQ(Eval("quote_literal", {I(15)}), "'15'");
  EXPECT_EQ(Eval("quote_literal", {B(true)}), "'true'");
  EXPECT_EQ(Eval("quote_nullable", {NullText()}), "NULL");
  EXPECT_EQ(Eval("quote_nullable", {T("x'y")}), "'x''y'");
  EXPECT_EQ(Eval("quote_nullable", {NullInt()}), "NULL");
}

TEST(StringFormatFunctionsTest, Concat) {
  EXPECT_EQ(Eval("concat", {T("a"), NullText(), T("b")}), "ab");
  EXPECT_EQ(Eval("concat", {NullText()}), "");
  EXPECT_EQ(Eval("concat", {T("a"), I(1), B(true)}), "a1t");
  EXPECT_EQ(Eval("concat", {T("")}), "");
  EXPECT_EQ(Eval("concat_ws", {T(","), T("a"), NullText(), T("b")}), "a,b");
  EXPECT_EQ(Eval("concat_ws", {NullText(), T("a")}), kNull);
  EXPECT_EQ(Eval("concat_ws", {T(""), T("a"), T("b")}), "ab");
  EXPECT_EQ(Eval("concat_ws", {T(","), NullText(), NullText()}), "");
  EXPECT_EQ(Eval("concat_ws", {T("-"), I(1), I(2), T("x")}), "1-2-x");
}

TEST(StringFormatFunctionsTest, Format) {
  EXPECT_EQ(Eval("format", {T("Hello %s, %I, %L"), T("World"), T("Some Table"), T("O'Reilly")}),
            "Hello World, \"Some Table\", 'O''Reilly'");
  EXPECT_EQ(EvalError("format", {T("%s %s"), T("a")}), "22023: too few arguments for format()");
  EXPECT_EQ(EvalError("format", {T("%z"), T("a")}), "22023: unrecognized format() type specifier \"z\"");
  EXPECT_EQ(EvalError("format", {T("%")}), "22023: unterminated format() type specifier");
  EXPECT_EQ(EvalError("format", {T("abc%")}), "22023: unterminated format() type specifier");
  EXPECT_EQ(Eval("format", {T("%%")}), "%");
  EXPECT_EQ(Eval("format", {NullText()}), kNull);
  EXPECT_EQ(Eval("format", {T("%s|%L|%I"), T("x"), NullText(), T("y")}), "x|NULL|y");
  EXPECT_EQ(Eval("format", {T("%s %L"), NullText(), NullText()}), " NULL");
  EXPECT_EQ(EvalError("format", {T("%I"), NullText()}),
            "22004: null values cannot be formatted as an SQL identifier");
  EXPECT_EQ(Eval("format", {T("%1$s %1$s %2$s"), T("a"), T("b")}), "a a b");
  EXPECT_EQ(Eval("format", {T("%2$s %s"), T("a"), T("b"), T("c")}), "b c");
  EXPECT_EQ(EvalError("format", {T("%0$s"), T("a")}),
            "22023: format specifies argument 0, but arguments are numbered from 1");
  EXPECT_EQ(Eval("format", {T("|%5s|%-5s|"), T("a"), T("b")}), "|    a|b    |");
  EXPECT_EQ(Eval("format", {T("|%*s|%-*s|"), I(3), T("c"), I(3), T("d")}), "|  c|d  |");
  EXPECT_EQ(Eval("format", {T("|%*s|"), I(-4), T("x")}), "|x   |");
  EXPECT_EQ(Eval("format", {T("%1$*2$s|"), T("x"), I(4)}), "   x|");
  EXPECT_EQ(EvalError("format", {T("%*1$s|"), I(4)}), "22023: too few arguments for format()");
  EXPECT_EQ(Eval("format", {T("%5I|%-6L"), T("a"), T("b")}), "    a|'b'   ");
  EXPECT_EQ(Eval("format", {T("%3s|"), T("héllo")}), "héllo|");
  EXPECT_EQ(Eval("format", {T("%7s|"), T("héllo")}), "  héllo|");
  EXPECT_EQ(EvalError("format", {T("%2147483648$s"), T("a")}), "22003: number is out of range");
  EXPECT_EQ(EvalError("format", {T("%*2$s"), T("x")}), "22023: too few arguments for format()");
  EXPECT_EQ(EvalError("format", {T("%1$"), T("x")}), "22023: unterminated format() type specifier");
  EXPECT_EQ(EvalError("format", {T("%-"), T("x")}), "22023: unterminated format() type specifier");
  EXPECT_EQ(Eval("format", {T("%s"), I(12)}), "12");
  EXPECT_EQ(Eval("format", {T("%L"), I(12)}), "'12'");
  EXPECT_EQ(Eval("format", {T("%s %s"), B(true), NullText()}), "t ");
  EXPECT_EQ(Eval("format", {T("no args")}), "no args");
  EXPECT_EQ(Eval("format", {T("%*s|"), NullInt(), T("x")}), "x|");
  EXPECT_EQ(EvalError("format", {T("%é"), T("x")}), "22023: unrecognized format() type specifier \"é\"");
}

TEST(StringFormatFunctionsTest, StringToArray) {
  EXPECT_EQ(Eval("string_to_array", {T("a,b,NULL,"), T(","), T("NULL")}), "{a,b,NULL,\"\"}");
  EXPECT_EQ(Eval("string_to_array", {T("a,b"), NullText()}), "{a,\",\",b}");
  EXPECT_EQ(Eval("string_to_array", {T(""), T(",")}), "{}");
  EXPECT_EQ(Eval("string_to_array", {T("abc"), T("")}), "{abc}");
  EXPECT_EQ(Eval("string_to_array", {T("a b,\"c\",{d}, ,null"), T(",")}),
            "{\"a b\",\"\\\"c\\\"\",\"{d}\",\" \",\"null\"}");
  EXPECT_EQ(Eval("string_to_array", {NullText(), T(",")}), kNull);
  EXPECT_EQ(Eval("string_to_array", {T("héé"), NullText(), T("é")}), "{h,NULL,NULL}");
  EXPECT_EQ(Eval("string_to_array", {T(""), T("")}), "{}");
  EXPECT_EQ(Eval("string_to_array", {T("a\\b,c"), T(",")}), "{\"a\\\\b\",c}");
  EXPECT_EQ(Eval("string_to_array", {T("1||2||3"), T("||")}), "{1,2,3}");
  EXPECT_EQ(Eval("string_to_array", {T("x"), T(","), NullText()}), "{x}");
}

TEST(StringFormatFunctionsTest, ArrayToString) {
  EXPECT_EQ(Eval("array_to_string", {TextArray("{a,NULL,\"c d\",\"e\\\"f\"}"), T("|")}), "a|c d|e\"f");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{a,NULL,c}"), T("|"), T("*")}), "a|*|c");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{a,NULL,c}"), T("|"), NullText()}), "a|c");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{{1,2},{3,4}}"), T(",")}), "1,2,3,4");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{}"), T(",")}), "");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{1,2}"), NullText()}), kNull);
  EXPECT_EQ(Eval("array_to_string", {TextArray("[0:1]={5,6}"), T("-")}), "5-6");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{\"\",x}"), T("-")}), "-x");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{\"NULL\",NULL}"), T("-"), T("?")}), "NULL-?");
  EXPECT_EQ(Eval("array_to_string", {TextArray("{é,ü}"), T("")}), "éü");
}

TEST(StringFormatFunctionsTest, CharArguments) {
  // concat and format print char(n) with its padding (the output function); quote_literal
  // quotes the ::text form, which drops it.
  Value padded = Value::String(LogicalType::Char(4), "ab  ");
  EXPECT_EQ(Eval("concat", {padded, T("|")}), "ab  |");
  EXPECT_EQ(Eval("format", {T("%s|%L"), padded, padded}), "ab  |'ab  '");
  EXPECT_EQ(Eval("quote_literal", {padded}), "'ab'");
  EXPECT_EQ(Eval("quote_nullable", {padded}), "'ab'");
}

TEST(StringFormatFunctionsTest, VariadicArities) {
  // concat, concat_ws and format accept up to 100 arguments, like PostgreSQL's VARIADIC "any".
  std::vector<Value> args(100, T("x"));
  EXPECT_EQ(Eval("concat", args), std::string(100, 'x'));
  args[0] = T("-");
  EXPECT_EQ(Eval("concat_ws", args).size(), 99u * 2 - 1);
}

TEST(StringFormatFunctionsTest, RowsWithNulls) {
  EXPECT_EQ(EvalRows("concat", {{T("a"), NullText()}, {NullText(), NullText()}, {T("b"), T("c")}}),
            (Rows{"a", "", "bc"}));
  EXPECT_EQ(EvalRows("concat_ws",
                     {{T(","), T("a"), T("b")}, {NullText(), T("a"), T("b")}, {T(""), NullText(), T("b")}}),
            (Rows{"a,b", kNull, "b"}));
  EXPECT_EQ(
      EvalRows("format",
               {{T("%s-%s"), T("a"), T("b")}, {NullText(), T("a"), T("b")}, {T("%L"), NullText(), T("b")}}),
      (Rows{"a-b", kNull, "NULL"}));
  EXPECT_EQ(EvalRows("string_to_array", {{T("a,b"), T(",")}, {T("a,b"), NullText()}, {NullText(), T(",")}}),
            (Rows{"{a,b}", "{a,\",\",b}", kNull}));
}

TEST(StringFormatFunctionsTest, MalformedArrayText) {
  EXPECT_EQ(EvalError("array_to_string", {TextArray("{a,\"b}"), T(",")}),
            "22P02: malformed array literal: \"{a,\"b}\"");
  EXPECT_EQ(EvalError("array_to_string", {TextArray("a,b"), T(",")}),
            "22P02: malformed array literal: \"a,b\"");
}

}  // namespace
}  // namespace stockroom::string_test
