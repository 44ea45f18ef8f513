#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "function/scalar/regex.hpp"
#include "string_function_tester.hpp"

// regexp_replace, regexp_match, regexp_like, regexp_count, regexp_instr, regexp_substr and
// substring(text FROM pattern). Expected values are PostgreSQL 15's, obtained by running the
// same calls against it; regexp_match returns the text form of a text[].

namespace stockroom::string_test {
namespace {

using Rows = std::vector<std::string>;

TEST(RegexpFunctionsTest, RegexpReplace) {
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("(b)"), T("[\\0|\\1|\\&|&|\\\\|\\x|\\2]")}),
            "a[\\0|b|b|&|\\|\\x|]c");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("b*"), T("-"), T("g")}), "-a--c-");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("x*"), T("-"), T("g")}), "-a-b-c-");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("b"), T("x\\")}), "ax\\c");
  EXPECT_EQ(EvalError("regexp_replace", {T("abc"), T("b"), T("x"), T("z")}),
            "22023: invalid regular expression option: \"z\"");
  EXPECT_EQ(EvalError("regexp_replace", {T("abc"), T("b"), T("x"), I(0)}),
            "22023: invalid value for parameter \"start\": 0");
  EXPECT_EQ(EvalError("regexp_replace", {T("abc"), T("b"), T("x"), I(1), I(-1)}),
            "22023: invalid value for parameter \"n\": -1");
  EXPECT_EQ(EvalError("regexp_replace", {T("abc"), T("b"), T("x"), T("1")}),
            "22023: invalid regular expression option: \"1\"");
  EXPECT_EQ(Eval("regexp_replace", {T("aaa"), T("a"), T("b"), I(2)}), "aba");
  EXPECT_EQ(Eval("regexp_replace", {T("aaa"), T("a"), T("b"), I(1), I(2)}), "aba");
  EXPECT_EQ(Eval("regexp_replace", {T("aaa"), T("a"), T("b"), I(1), I(0)}), "bbb");
  EXPECT_EQ(Eval("regexp_replace", {T("aAa"), T("a"), T("b"), I(1), I(0), T("i")}), "bbb");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("x*"), T("-"), I(1), I(2)}), "a-bc");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("b"), T("x"), I(10)}), "abc");
  EXPECT_EQ(Eval("regexp_replace", {T("Hello World"), T("(\\w+) (\\w+)"), T("\\2 \\1")}), "World Hello");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("B"), T("x"), T("gi")}), "axc");
  EXPECT_EQ(Eval("regexp_replace", {T("a.b.c"), T("."), T("-"), T("g")}), "-----");
  EXPECT_EQ(Eval("regexp_replace", {T("a.b.c"), T("\\."), T("-"), T("g")}), "a-b-c");
  EXPECT_EQ(Eval("regexp_replace", {T("héllo"), T("l"), T("L"), T("g")}), "héLLo");
  EXPECT_EQ(Eval("regexp_replace", {T("héllo"), T("é"), T("[&\\&]")}), "h[&é]llo");
  EXPECT_EQ(Eval("regexp_replace", {T("foobarbaz"), T("b(..)"), T("X\\1Y"), T("g")}), "fooXarYXazY");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T(""), T("-"), T("g")}), "-a-b-c-");
  EXPECT_EQ(Eval("regexp_replace", {T(""), T(""), T("x")}), "x");
  EXPECT_EQ(Eval("regexp_replace", {T(""), T("a"), T("x")}), "");
  EXPECT_EQ(Eval("regexp_replace", {NullText(), T("a"), T("x")}), kNull);
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), NullText(), T("x")}), kNull);
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("b"), NullText()}), kNull);
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("b"), T("x"), NullText()}), kNull);
  EXPECT_EQ(Eval("regexp_replace", {T("aaa"), T("a"), T("b"), I(4)}), "aaa");
  EXPECT_EQ(Eval("regexp_replace", {T("aaa"), T("a"), T("b"), I(3), I(1)}), "aab");
  EXPECT_EQ(Eval("regexp_replace", {T("abcabc"), T("b"), T("X"), I(1), I(2), T("g")}), "abcaXc");
  EXPECT_EQ(Eval("regexp_replace", {T("日本語日本語"), T("本"), T("X"), I(3)}), "日本語日X語");
  EXPECT_EQ(Eval("regexp_replace", {T("ab"), T("a|b"), T("\\&\\&"), T("g")}), "aabb");
  EXPECT_EQ(Eval("regexp_replace", {T("a1b2"), T("[0-9]"), T("<\\&>"), T("g")}), "a<1>b<2>");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("(a)(b)(c)"), T("\\3\\2\\1\\9")}), "cba");
  EXPECT_EQ(Eval("regexp_replace", {T("abc"), T("(?:a)(x)?b"), T("[\\1]")}), "[]c");
  EXPECT_EQ(EvalError("regexp_replace", {T("abc"), T("["), T("x")}),
            "2201B: invalid regular expression: brackets [] not balanced");
  EXPECT_EQ(Eval("regexp_replace", {T("ABC"), T("b"), T("x"), T("ig")}), "AxC");
  EXPECT_EQ(Eval("regexp_replace", {T("a\nb"), T("^b"), T("x"), T("n")}), "a\nx");
  EXPECT_EQ(Eval("regexp_replace", {T("a\nb"), T("^b"), T("x")}), "a\nb");
}

TEST(RegexpFunctionsTest, RegexpMatch) {
  EXPECT_EQ(Eval("regexp_match", {T("foobarbequebaz"), T("(bar)(beque)")}), "{bar,beque}");
  EXPECT_EQ(Eval("regexp_match", {T("abc"), T("x")}), kNull);
  EXPECT_EQ(Eval("regexp_match", {T("abc"), T("b")}), "{b}");
  EXPECT_EQ(Eval("regexp_match", {T("a,b"), T("(,)")}), "{\",\"}");
  EXPECT_EQ(Eval("regexp_match", {T("a b"), T("(a) (b)")}), "{a,b}");
  EXPECT_EQ(Eval("regexp_match", {T("NULL"), T("(.*)")}), "{\"NULL\"}");
  EXPECT_EQ(Eval("regexp_match", {T(""), T("(x?)")}), "{\"\"}");
  EXPECT_EQ(Eval("regexp_match", {T("abc"), T("(?:a)(b)?(x)?")}), "{b,NULL}");
  EXPECT_EQ(EvalError("regexp_match", {T("abc"), T("b"), T("g")}),
            "22023: regexp_match() does not support the \"global\" option");
  EXPECT_EQ(Eval("regexp_match", {T("ABC"), T("b"), T("i")}), "{B}");
  EXPECT_EQ(Eval("regexp_match", {T("a\"b\\c"), T("(.*)")}), "{\"a\\\"b\\\\c\"}");
  EXPECT_EQ(Eval("regexp_match", {T("a{b}"), T("(.)\\{(.)")}), "{a,b}");
  EXPECT_EQ(Eval("regexp_match", {T("héllo wörld"), T("(\\w+) (\\w+)")}), "{héllo,wörld}");
  EXPECT_EQ(Eval("regexp_match", {NullText(), T("a")}), kNull);
  EXPECT_EQ(Eval("regexp_match", {T("abc"), T("b"), NullText()}), kNull);
  EXPECT_EQ(EvalError("regexp_match", {T("abc"), T("b"), T("z")}),
            "22023: invalid regular expression option: \"z\"");
}

TEST(RegexpFunctionsTest, RegexpLike) {
  EXPECT_EQ(Eval("regexp_like", {T("Hello"), T("hello")}), "f");
  EXPECT_EQ(Eval("regexp_like", {T("Hello"), T("hello"), T("i")}), "t");
  EXPECT_EQ(EvalError("regexp_like", {T("abc"), T("b"), T("g")}),
            "22023: regexp_like() does not support the \"global\" option");
  EXPECT_EQ(Eval("regexp_like", {T("abc"), T("^b")}), "f");
  EXPECT_EQ(EvalError("regexp_like", {T("abc"), T("(")}),
            "2201B: invalid regular expression: parentheses () not balanced");
}

TEST(RegexpFunctionsTest, RegexpCount) {
  EXPECT_EQ(Eval("regexp_count", {T("aaa"), T("a*")}), "2");
  EXPECT_EQ(Eval("regexp_count", {T("abc"), T("")}), "4");
  EXPECT_EQ(Eval("regexp_count", {T("héllo"), T("l"), I(3)}), "2");
  EXPECT_EQ(Eval("regexp_count", {T("abcabc"), T("abc"), I(5)}), "0");
  EXPECT_EQ(EvalError("regexp_count", {T("abc"), T("b"), I(1), T("g")}),
            "22023: regexp_count() does not support the \"global\" option");
  EXPECT_EQ(EvalError("regexp_count", {T("abc"), T("b"), I(0)}),
            "22023: invalid value for parameter \"start\": 0");
  EXPECT_EQ(Eval("regexp_count", {T("ABCabc"), T("b"), I(1), T("i")}), "2");
  EXPECT_EQ(Eval("regexp_count", {T("abcdefghijklmnopqrstuvwxyz"), T("[a-z]{3}")}), "8");
  EXPECT_EQ(Eval("regexp_count", {T("abc"), T("b"), I(10)}), "0");
  EXPECT_EQ(Eval("regexp_count", {T("abc"), T("b"), I(4)}), "0");
  EXPECT_EQ(Eval("regexp_count", {T("aaa"), T("^a"), I(2)}), "0");
  EXPECT_EQ(Eval("regexp_count", {T("a\na"), T("^a"), I(1), T("n")}), "2");
}

TEST(RegexpFunctionsTest, RegexpInstr) {
  EXPECT_EQ(Eval("regexp_instr", {T("héllo wörld"), T("ö")}), "8");
  EXPECT_EQ(Eval("regexp_instr", {T("abcabc"), T("b"), I(1), I(2)}), "5");
  EXPECT_EQ(Eval("regexp_instr", {T("abcabc"), T("b"), I(1), I(2), I(1)}), "6");
  EXPECT_EQ(Eval("regexp_instr", {T("abcabc"), T("(b)(c)"), I(1), I(1), I(0), T(""), I(2)}), "3");
  EXPECT_EQ(Eval("regexp_instr", {T("abc"), T("(x)?b"), I(1), I(1), I(0), T(""), I(1)}), "0");
  EXPECT_EQ(Eval("regexp_instr", {T("abc"), T("b"), I(1), I(1), I(0), T(""), I(3)}), "0");
  EXPECT_EQ(EvalError("regexp_instr", {T("abc"), T("b"), I(1), I(1), I(2)}),
            "22023: invalid value for parameter \"endoption\": 2");
  EXPECT_EQ(EvalError("regexp_instr", {T("abc"), T("b"), I(1), I(-1)}),
            "22023: invalid value for parameter \"n\": -1");
  EXPECT_EQ(EvalError("regexp_instr", {T("abc"), T("b"), I(1), I(0)}),
            "22023: invalid value for parameter \"n\": 0");
  EXPECT_EQ(EvalError("regexp_instr", {T("abc"), T("b"), I(0)}),
            "22023: invalid value for parameter \"start\": 0");
  EXPECT_EQ(Eval("regexp_instr", {T("abc"), T("x")}), "0");
  EXPECT_EQ(EvalError("regexp_instr", {T("abc"), T("b"), I(1), I(1), I(0), T("g")}),
            "22023: regexp_instr() does not support the \"global\" option");
  EXPECT_EQ(EvalError("regexp_instr", {T("abc"), T("b"), I(1), I(1), I(0), T(""), I(-1)}),
            "22023: invalid value for parameter \"subexpr\": -1");
  EXPECT_EQ(Eval("regexp_instr", {T("abcabc"), T("b"), I(3)}), "5");
  EXPECT_EQ(Eval("regexp_instr", {T("abc"), T("$")}), "4");
  EXPECT_EQ(Eval("regexp_instr", {T("abc"), T("c"), I(1), I(1), I(1)}), "4");
  EXPECT_EQ(Eval("regexp_instr", {T("ABCabc"), T("b"), I(1), I(2), I(0), T("i")}), "5");
  EXPECT_EQ(Eval("regexp_instr", {T("abcdefghijklmnopqrstuvwxyz"), T("[a-z]{3}"), I(1), I(3)}), "7");
}

TEST(RegexpFunctionsTest, RegexpSubstr) {
  EXPECT_EQ(Eval("regexp_substr", {T("abcabc"), T("b."), I(1), I(2)}), "bc");
  EXPECT_EQ(Eval("regexp_substr", {T("abc"), T("(x)?b"), I(1), I(1), T(""), I(1)}), kNull);
  EXPECT_EQ(Eval("regexp_substr", {T("ABC"), T("b"), I(1), I(1), T("i")}), "B");
  EXPECT_EQ(Eval("regexp_substr", {T("abc"), T("b"), I(4)}), kNull);
  EXPECT_EQ(Eval("regexp_substr", {T("abc"), T("$"), I(4)}), "");
  EXPECT_EQ(Eval("regexp_substr", {T("abc"), T("b"), I(5)}), kNull);
  EXPECT_EQ(EvalError("regexp_substr", {T("abc"), T("b"), I(1), I(1), T("g")}),
            "22023: regexp_substr() does not support the \"global\" option");
  EXPECT_EQ(EvalError("regexp_substr", {T("abc"), T("b"), I(1), I(1), T(""), I(-1)}),
            "22023: invalid value for parameter \"subexpr\": -1");
  EXPECT_EQ(EvalError("regexp_substr", {T("abc"), T("b"), I(1), I(0)}),
            "22023: invalid value for parameter \"n\": 0");
  EXPECT_EQ(Eval("regexp_substr", {T("foo@example.com"), T("@[^.]*")}), "@example");
  EXPECT_EQ(Eval("regexp_substr", {T("abc123def456"), T("[0-9]+"), I(1), I(2)}), "456");
  EXPECT_EQ(Eval("regexp_substr", {T("abc123def456"), T("([a-z]+)([0-9]+)"), I(1), I(2), T(""), I(2)}),
            "456");
  EXPECT_EQ(Eval("regexp_substr", {T("abc123def456"), T("([a-z]+)([0-9]+)"), I(1), I(1), T(""), I(3)}),
            kNull);
  EXPECT_EQ(Eval("regexp_substr", {T("日本語テキスト"), T("テ."), I(2)}), "テキ");
  EXPECT_EQ(Eval("regexp_substr", {T(""), T("x*")}), "");
}

TEST(RegexpFunctionsTest, RegexSubstring) {
  EXPECT_EQ(Eval("substring", {T("foobar"), T("o(.)b")}), "o");
  EXPECT_EQ(Eval("substring", {T("foobar"), T("o.b")}), "oob");
  EXPECT_EQ(Eval("substring", {T("foobar"), T("x")}), kNull);
  EXPECT_EQ(Eval("substring", {T("foo"), T("foo(bar)?")}), kNull);
  EXPECT_EQ(Eval("substring", {T("héllo"), T("é.")}), "él");
  EXPECT_EQ(EvalError("substring", {T("abc"), T("(")}),
            "2201B: invalid regular expression: parentheses () not balanced");
}

// Redshift's REGEXP_COUNT, REGEXP_INSTR and REGEXP_SUBSTR take (source, pattern, position,
// occurrence, option, parameters) in the same order as PostgreSQL 15's functions. Redshift's
// documentation gives: REGEXP_COUNT('abcdefghijklmnopqrstuvwxyz', '[a-z]{3}') = 8;
// REGEXP_INSTR('Cum@accumsan.com', '@[^.]*') = 4; REGEXP_SUBSTR('Cum@accumsan.com',
// '@[^.]*') = '@accumsan'; and, with the PCRE parameter 'p', a lookahead count of words that
// hold a lower-case letter and a digit: 2 for 'passwd7 plain A1234 a1234'.
TEST(RegexpFunctionsTest, RedshiftForms) {
  EXPECT_EQ(Eval("regexp_count", {T("abcdefghijklmnopqrstuvwxyz"), T("[a-z]{3}")}), "8");
  EXPECT_EQ(Eval("regexp_instr", {T("Cum@accumsan.com"), T("@[^.]*")}), "4");
  EXPECT_EQ(Eval("regexp_substr", {T("Cum@accumsan.com"), T("@[^.]*")}), "@accumsan");
  EXPECT_EQ(Eval("regexp_count",
                 {T("passwd7 plain A1234 a1234"), T("(?=[^ ]*[a-z])(?=[^ ]*[0-9])[^ ]+"), I(1), T("p")}),
            "2");
  // Redshift's 'e' parameter extracts the first subexpression (PostgreSQL would read 'e' as
  // "extended syntax" and need the subexpr argument instead).
  EXPECT_EQ(Eval("regexp_substr", {T("abc123def"), T("[a-z]+([0-9]+)"), I(1), I(1), T("e")}), "123");
  EXPECT_EQ(Eval("regexp_instr", {T("abc123def"), T("[a-z]+([0-9]+)"), I(1), I(1), I(0), T("e")}), "4");
  EXPECT_EQ(Eval("regexp_substr", {T("abc123def"), T("[a-z]+[0-9]+"), I(1), I(1), T("e")}), "abc123");
  // Where Redshift returns '' for a missing occurrence, PostgreSQL's NULL is kept.
  EXPECT_EQ(Eval("regexp_substr", {T("abc"), T("x")}), kNull);
  EXPECT_EQ(Eval("regexp_instr", {T("abc"), T("x")}), "0");
}

TEST(RegexpFunctionsTest, PatternsVaryByRow) {
  // More distinct patterns than the per-thread cache holds, then the first ones again.
  std::vector<std::vector<Value>> rows;
  Rows expected;
  for (int i = 0; i < 40; i++) {
    int k = i % 20;
    std::string pattern = "^x{" + std::to_string(k) + "}$";
    rows.push_back({Value::Text(std::string(k, 'x')), Value::Text(pattern)});
    expected.push_back("t");
  }
  rows.push_back({T("xx"), T("^x{3}$")});
  expected.push_back("f");
  EXPECT_EQ(EvalRows("regexp_like", rows), expected);
  EXPECT_EQ(EvalRows("regexp_replace", {{T("abc"), T("b"), T("X")},
                                        {T("abc"), T("c"), T("Y")},
                                        {NullText(), T("c"), T("Y")},
                                        {T("abc"), T("("), NullText()}}),
            (Rows{"aXc", "abY", kNull, kNull}));
}

TEST(RegexpFunctionsTest, ResultsOutliveTheirInput) {
  const char* text = "the quick brown fox jumps over the lazy dog";
  EXPECT_EQ(Eval("regexp_substr", {T(text), T("q.*z")}), "quick brown fox jumps over the laz");
  EXPECT_EQ(Eval("regexp_replace", {T(text), T("cat"), T("dog")}), text);
  EXPECT_EQ(Eval("substring", {T(text), T("b(.*)y")}), "rown fox jumps over the laz");
}

TEST(RegexpFunctionsTest, FlagParsing) {
  RegexFlags flags = ParseRegexFlags("gix");
  EXPECT_TRUE(flags.global);
  EXPECT_TRUE(flags.case_insensitive);
  EXPECT_TRUE(flags.expanded);
  EXPECT_FALSE(ParseRegexFlags("ic").case_insensitive);
  EXPECT_TRUE(ParseRegexFlags("e", true).extract);
  EXPECT_FALSE(ParseRegexFlags("e").extract);
  EXPECT_EQ(EvalError("regexp_like", {T("a"), T("a"), T("b")}),
            "0A000: basic regular expressions (flag \"b\") are not supported");
}

}  // namespace
}  // namespace stockroom::string_test
