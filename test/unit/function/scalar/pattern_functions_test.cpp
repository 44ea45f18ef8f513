#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "function/scalar/like_matcher.hpp"
#include "function/scalar/regex.hpp"
#include "function/scalar/string_functions.hpp"
#include "string_function_tester.hpp"

// LIKE ("~~"), ILIKE ("~~*"), their negations, SIMILAR TO and the POSIX regex operators.
// Expected values are PostgreSQL 15's (UTF8, LC_CTYPE C.UTF-8), obtained by running the same
// expressions against it; "t"/"f" are booleans.

namespace stockroom::string_test {
namespace {

using Rows = std::vector<std::string>;
using Kind = LikeMatcher::Kind;

TEST(PatternFunctionsTest, Like) {
  EXPECT_EQ(Eval("~~", {T("abc"), T("abc")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("ab")}), "f");
  EXPECT_EQ(Eval("~~", {T("abc"), T("a%")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("%c")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("%b%")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("_b_")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("%")}), "t");
  EXPECT_EQ(Eval("~~", {T(""), T("%")}), "t");
  EXPECT_EQ(Eval("~~", {T(""), T("")}), "t");
  EXPECT_EQ(Eval("~~", {T(""), T("_")}), "f");
  EXPECT_EQ(Eval("~~", {T("abc"), T("a%c")}), "t");
  EXPECT_EQ(Eval("~~", {T("ac"), T("a%c")}), "t");
  EXPECT_EQ(Eval("~~", {T("a"), T("a%a")}), "f");
  EXPECT_EQ(Eval("~~", {T("aa"), T("a%a")}), "t");
  EXPECT_EQ(Eval("~~", {T("abcabc"), T("%b%b%")}), "t");
  EXPECT_EQ(Eval("~~", {T("abcac"), T("%b%b%")}), "f");
  EXPECT_EQ(Eval("~~", {T("héllo"), T("h_llo")}), "t");
  EXPECT_EQ(Eval("~~", {T("héllo"), T("h__llo")}), "f");
  EXPECT_EQ(Eval("~~", {T("héllo"), T("%é%")}), "t");
  EXPECT_EQ(Eval("~~", {T("a%c"), T("a\\%c")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("a\\%c")}), "f");
  EXPECT_EQ(Eval("~~", {T("a_c"), T("a\\_c")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("a\\_c")}), "f");
  EXPECT_EQ(Eval("~~", {T("a\\c"), T("a\\\\c")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("abc\\")}), "f");
  EXPECT_EQ(Eval("~~", {T("x"), T("a\\")}), "f");
  EXPECT_EQ(EvalError("~~", {T("abc"), T("%\\")}), "22025: LIKE pattern must not end with escape character");
  EXPECT_EQ(Eval("~~", {T(""), T("%\\")}), "f");
  EXPECT_EQ(Eval("~~", {T("a"), T("_\\")}), "f");
  EXPECT_EQ(Eval("~~", {T("abc"), T("ab\\c")}), "t");
  EXPECT_EQ(Eval("~~", {NullText(), T("a")}), kNull);
  EXPECT_EQ(Eval("~~", {T("a"), NullText()}), kNull);
  EXPECT_EQ(Eval("~~", {T("a"), T("A")}), "f");
  EXPECT_EQ(Eval("~~", {T("PROMO BRUSHED BRASS"), T("%BRASS")}), "t");
  EXPECT_EQ(Eval("~~", {T("forest green"), T("forest%")}), "t");
  EXPECT_EQ(Eval("~~", {T("pending special requests"), T("%special%requests%")}), "t");
  EXPECT_EQ(Eval("~~", {T("special requests"), T("%requests%special%")}), "f");
  EXPECT_EQ(Eval("~~", {T("abc"), T("a_%")}), "t");
  EXPECT_EQ(Eval("~~", {T("a"), T("a_%")}), "f");
  EXPECT_EQ(Eval("~~", {T("abcd"), T("_%_")}), "t");
  EXPECT_EQ(Eval("~~", {T("a"), T("%_%_%")}), "f");
  EXPECT_EQ(Eval("~~", {T("ab"), T("%_%_%")}), "t");
  EXPECT_EQ(Eval("~~", {T("mississippi"), T("%iss%ipp%")}), "t");
  EXPECT_EQ(Eval("~~", {T("mississippi"), T("m%iss%pi")}), "t");
  EXPECT_EQ(Eval("~~", {T("mississippi"), T("m%ss%ss%ss%")}), "f");
  EXPECT_EQ(Eval("~~", {T("a%c"), T("a#%c"), T("#")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("a#%c"), T("#")}), "f");
  EXPECT_EQ(Eval("~~", {T("a#c"), T("a##c"), T("#")}), "t");
  EXPECT_EQ(Eval("~~", {T("a\\c"), T("a\\c"), T("#")}), "t");
  EXPECT_EQ(Eval("~~", {T("abc"), T("abc#"), T("#")}), "f");
  EXPECT_EQ(Eval("~~", {T("a\\c"), T("a\\c"), T("")}), "t");
  EXPECT_EQ(Eval("~~", {T("a%c"), T("a\\%c"), T("")}), "f");
  EXPECT_EQ(Eval("~~", {T("a%"), T("a%"), T("")}), "t");
  EXPECT_EQ(EvalError("~~", {T("abc"), T("a"), T("xy")}), "22025: invalid escape string");
  EXPECT_EQ(Eval("~~", {T("a_c"), T("aé_c"), T("é")}), "t");
  EXPECT_EQ(Eval("~~", {T("aéc"), T("a_c"), T("é")}), "t");
  EXPECT_EQ(Eval("~~", {T("a\\b"), T("a#\\b"), T("#")}), "t");
  EXPECT_EQ(Eval("~~", {T("a"), T("a"), NullText()}), kNull);
  EXPECT_EQ(Eval("~~", {T("ab"), T("%b"), T("\\")}), "t");
  EXPECT_EQ(Eval("!~~", {T("abc"), T("a%")}), "f");
  EXPECT_EQ(Eval("!~~", {T("abc"), T("x%")}), "t");
  EXPECT_EQ(Eval("!~~", {T("abc"), T("x%"), T("#")}), "t");
}

TEST(PatternFunctionsTest, ILike) {
  EXPECT_EQ(Eval("~~*", {T("ABC"), T("abc")}), "t");
  EXPECT_EQ(Eval("~~*", {T("abc"), T("A%")}), "t");
  EXPECT_EQ(Eval("~~*", {T("ÉCOLE"), T("éco%")}), "t");
  EXPECT_EQ(Eval("~~*", {T("Straße"), T("%STRASSE")}), "f");
  EXPECT_EQ(Eval("~~*", {T("xyz"), T("X_Z")}), "t");
  EXPECT_EQ(Eval("~~*", {T("a%c"), T("A#%C"), T("#")}), "t");
  EXPECT_EQ(Eval("~~*", {T("İ"), T("i")}), "t");
  EXPECT_EQ(Eval("!~~*", {T("ABC"), T("abc")}), "f");
}

TEST(PatternFunctionsTest, RegexOperators) {
  EXPECT_EQ(Eval("~", {T("abc"), T("b")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("^b")}), "f");
  EXPECT_EQ(Eval("~", {T("abc"), T("B")}), "f");
  EXPECT_EQ(EvalError("~", {T("abc"), T("(")}),
            "2201B: invalid regular expression: parentheses () not balanced");
  EXPECT_EQ(EvalError("~", {T("abc"), T("[a")}),
            "2201B: invalid regular expression: brackets [] not balanced");
  EXPECT_EQ(EvalError("~", {T("abc"), T("*a")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(EvalError("~", {T("a"), T("a)")}),
            "2201B: invalid regular expression: parentheses () not balanced");
  EXPECT_EQ(EvalError("~", {T("a"), T("\\q")}),
            "2201B: invalid regular expression: invalid escape \\ sequence");
  EXPECT_EQ(EvalError("~", {T("a"), T("a\\")}),
            "2201B: invalid regular expression: invalid escape \\ sequence");
  EXPECT_EQ(EvalError("~", {T("a"), T("[z-a]")}),
            "2201B: invalid regular expression: invalid character range");
  EXPECT_EQ(EvalError("~", {T("a"), T("\\2(a)")}),
            "2201B: invalid regular expression: invalid backreference number");
  EXPECT_EQ(EvalError("~", {T("a"), T("a{3,2}")}),
            "2201B: invalid regular expression: invalid repetition count(s)");
  EXPECT_EQ(EvalError("~", {T("aaa"), T("a{256}")}),
            "2201B: invalid regular expression: invalid repetition count(s)");
  EXPECT_EQ(Eval("~", {T("aaa"), T("a{2,255}")}), "t");
  EXPECT_EQ(Eval("~", {T("a{"), T("a{")}), "t");
  EXPECT_EQ(Eval("~", {T("a{x"), T("a{x}")}), "f");
  EXPECT_EQ(EvalError("~", {T("aaa"), T("a**")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(EvalError("~", {T("aaa"), T("a*+")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(EvalError("~", {T("aaa"), T("a*??")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(EvalError("~", {T("aaa"), T("a{2}*")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(EvalError("~", {T("x"), T("[[:foo:]]")}),
            "2201B: invalid regular expression: invalid character class");
  EXPECT_EQ(EvalError("~", {T("a"), T("(?z)a")}),
            "2201B: invalid regular expression: invalid embedded option");
  EXPECT_EQ(Eval("~", {T("aa"), T("(a)\\1")}), "t");
  EXPECT_EQ(EvalError("~", {T("a"), T("(a\\1)")}),
            "2201B: invalid regular expression: invalid backreference number");
  EXPECT_EQ(Eval("~", {T("a b"), T("\\mb\\M")}), "t");
  EXPECT_EQ(Eval("~", {T("ab"), T("\\mb")}), "f");
  EXPECT_EQ(Eval("~", {T("foo bar"), T("\\ybar\\y")}), "t");
  EXPECT_EQ(Eval("~", {T("foobar"), T("\\ybar")}), "f");
  EXPECT_EQ(Eval("~", {T("foobar"), T("\\Ybar")}), "t");
  EXPECT_EQ(Eval("~", {T("a bc"), T("[[:<:]]bc[[:>:]]")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("[[:<:]]bc")}), "f");
  EXPECT_EQ(Eval("~", {T("a\010b"), T("a\\bb")}), "t");
  EXPECT_EQ(Eval("~", {T("a\\b"), T("a\\Bb")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("\\u0062")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("\\x62")}), "t");
  EXPECT_EQ(Eval("~", {T("é"), T("^\\u00e9$")}), "t");
  EXPECT_EQ(Eval("~", {T("é"), T("^\\w$")}), "t");
  EXPECT_EQ(Eval("~", {T("٣"), T("\\d")}), "f");
  EXPECT_EQ(Eval("~", {T("é"), T("[[:alpha:]]")}), "t");
  EXPECT_EQ(Eval("~", {T("ÉA"), T("(?i)éa")}), "t");
  EXPECT_EQ(Eval("~", {T("abc\n"), T("c$")}), "f");
  EXPECT_EQ(Eval("~", {T("a\nb"), T("^b")}), "f");
  EXPECT_EQ(Eval("~", {T("a\nb"), T("a.b")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("***=a.c")}), "f");
  EXPECT_EQ(Eval("~", {T("a.c"), T("***=a.c")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("***:b")}), "t");
  EXPECT_EQ(Eval("~", {T("a\nb"), T("(?n)^b")}), "t");
  EXPECT_EQ(Eval("~", {T("a\nb"), T("(?n)a.b")}), "f");
  EXPECT_EQ(Eval("~", {T("a\nb"), T("(?n)a[^x]b")}), "f");
  EXPECT_EQ(Eval("~", {T("a1"), T("[\\d]")}), "t");
  EXPECT_EQ(Eval("~", {T("a_1"), T("^[\\w]+$")}), "t");
  EXPECT_EQ(Eval("~", {T("A"), T("[[:upper:]]")}), "t");
  EXPECT_EQ(Eval("~", {T("a.b"), T("[[.period.]]")}), "t");
  EXPECT_EQ(Eval("~", {T("a.b"), T("a[[...]]b")}), "t");
  EXPECT_EQ(Eval("~", {T("aeb"), T("a[[=e=]]b")}), "t");
  EXPECT_EQ(Eval("~", {T("a b"), T("(?x) a \\  b")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("a(?=b)")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("(?<=a)c")}), "f");
  EXPECT_EQ(Eval("~", {T("abc"), T("(?<!a)b")}), "f");
  EXPECT_EQ(Eval("~", {T("abcd"), T("a(?:bc)d")}), "t");
  EXPECT_EQ(EvalError("~", {T("ab"), T("(?P<n>a)")}),
            "2201B: invalid regular expression: invalid embedded option");
  EXPECT_EQ(Eval("~", {NullText(), T("a")}), kNull);
  EXPECT_EQ(Eval("~", {T("abc"), T("a.C")}), "f");
  EXPECT_EQ(Eval("~", {T("a\\b"), T("a\\\\b")}), "t");
  EXPECT_EQ(Eval("~", {T("x\ty"), T("x\\ty")}), "t");
  EXPECT_EQ(Eval("~", {T("a"), T("\\Aa\\Z")}), "t");
  EXPECT_EQ(Eval("~", {T("a\n"), T("\\Aa\\Z")}), "f");
  EXPECT_EQ(Eval("~", {T("a-z"), T("[a\\-z]{3}")}), "t");
  EXPECT_EQ(Eval("~", {T("ab"), T("a|ab")}), "t");
  EXPECT_EQ(Eval("~", {T(""), T("^$")}), "t");
  EXPECT_EQ(Eval("~", {T("abc"), T("")}), "t");
  EXPECT_EQ(EvalError("~", {T("ab"), T("a(?P<n>b)")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(EvalError("~", {T("ab"), T("(?P<n>b)")}),
            "2201B: invalid regular expression: invalid embedded option");
  EXPECT_EQ(EvalError("~", {T("ab"), T("(?>b)")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(Eval("~", {T("ab"), T("(?#x)b")}), "t");
  EXPECT_EQ(Eval("~", {T("ab"), T("a(?#x)b")}), "t");
  EXPECT_EQ(Eval("~", {T("a-b"), T("a[[.hyphen.]]b")}), "t");
  EXPECT_EQ(EvalError("~", {T("a"), T("[[.foo.]]")}),
            "2201B: invalid regular expression: invalid collating element");
  EXPECT_EQ(EvalError("~", {T("ab"), T("a(?i)B")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(EvalError("~", {T("ab"), T("(?i)(?c)B")}),
            "2201B: invalid regular expression: quantifier operand invalid");
  EXPECT_EQ(Eval("~", {T("AB"), T("(?ic)b")}), "f");
  EXPECT_EQ(Eval("~", {T("a.b"), T("[[.period.]]")}), "t");
  EXPECT_EQ(Eval("~*", {T("abc"), T("B")}), "t");
  EXPECT_EQ(Eval("~*", {T("a"), T("[[:upper:]]")}), "t");
  EXPECT_EQ(Eval("~*", {T("abc"), T("a.C")}), "t");
  EXPECT_EQ(Eval("~*", {T("ABC"), T("^[[:lower:]]+$")}), "t");
  EXPECT_EQ(Eval("~*", {T("123"), T("[[:upper:]]")}), "f");
  EXPECT_EQ(Eval("~*", {T("a"), T("[^[:upper:]]")}), "f");
  EXPECT_EQ(Eval("!~", {T("abc"), T("b")}), "f");
  EXPECT_EQ(Eval("!~*", {T("abc"), T("B")}), "f");
}

TEST(PatternFunctionsTest, SimilarTo) {
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("abc")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("a%")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("_b_")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("(a|x)bc")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("a.c")}), "f");
  EXPECT_EQ(Eval("similar_to", {T("a.c"), T("a.c")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("b")}), "f");
  EXPECT_EQ(Eval("similar_to", {T("aaa"), T("a*")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abab"), T("(ab)+")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("[a-c]+")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("a%c"), T("a\\%c")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("a\\%c")}), "f");
  EXPECT_EQ(Eval("similar_to", {T("a%c"), T("a#%c"), T("#")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("a$"), T("a$")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("a^"), T("a^")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("abc"), T("a%"), T("")}), "t");
  EXPECT_EQ(EvalError("similar_to", {T("a"), T("a"), T("xy")}), "22025: invalid escape string");
  EXPECT_EQ(Eval("similar_to", {T("a"), T("a\\")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("a\\b"), T("a\\b"), T("")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("xy"), T("[%_]y")}), "f");
  EXPECT_EQ(Eval("similar_to", {T("ab"), T("a#\"b#\""), T("#")}), "t");
  EXPECT_EQ(EvalError("similar_to", {T("abcde"), T("a#\"b#\"c#\"d#\"e"), T("#")}),
            Error(InvalidUseOfEscapeCharacterCode(),
                  "SQL regular expression may not contain more than two escape-double-quote separators"));
  EXPECT_EQ(Eval("similar_to", {NullText(), T("a")}), kNull);
  EXPECT_EQ(Eval("similar_to", {T("aaa"), T("a{2,3}")}), "t");
  EXPECT_EQ(Eval("similar_to", {T("héllo"), T("h_llo")}), "t");
}

TEST(LikeMatcherTest, ClassifiesPatterns) {
  auto kind = [](const char* pattern) { return LikeMatcher::Compile(pattern, false, "", false).kind(); };
  EXPECT_EQ(kind("%"), Kind::kAll);
  EXPECT_EQ(kind("%%"), Kind::kAll);
  EXPECT_EQ(kind("abc"), Kind::kExact);
  EXPECT_EQ(kind(""), Kind::kExact);
  EXPECT_EQ(kind("forest%"), Kind::kPrefix);
  EXPECT_EQ(kind("%BRASS"), Kind::kSuffix);
  EXPECT_EQ(kind("%special%"), Kind::kContains);
  EXPECT_EQ(kind("%special%requests%"), Kind::kSegments);
  EXPECT_EQ(kind("a%b"), Kind::kSegments);
  EXPECT_EQ(kind("%50\\%%"), Kind::kContains);  // an escaped % is a literal
  EXPECT_EQ(kind("a_c"), Kind::kGeneric);
  EXPECT_EQ(kind("abc\\"), Kind::kGeneric);  // the dangling escape errors only if reached
  EXPECT_EQ(LikeMatcher::Compile("a#_c", true, "#", false).kind(), Kind::kExact);
  EXPECT_EQ(LikeMatcher::Compile("a\\_c", true, "", false).kind(), Kind::kGeneric);
}

TEST(LikeMatcherTest, MatchesEachKind) {
  LikeMatcher segments = LikeMatcher::Compile("%special%requests%", false, "", false);
  EXPECT_TRUE(segments.Match("pending special deposits requests"));
  EXPECT_FALSE(segments.Match("pending requests special"));
  EXPECT_FALSE(segments.Match("specialrequest"));
  LikeMatcher anchored = LikeMatcher::Compile("ab%ba", false, "", false);
  EXPECT_TRUE(anchored.Match("abba"));
  EXPECT_TRUE(anchored.Match("aba%ba"));
  EXPECT_FALSE(anchored.Match("aba"));  // prefix and suffix may not overlap
  LikeMatcher folded = LikeMatcher::Compile("%ÉCOLE%", false, "", true);
  std::string buffer;
  EXPECT_TRUE(folded.Match(FoldCaseForLike("Une École", buffer)));
  EXPECT_THROW(LikeMatcher::Compile("a", true, "xy", false), SqlError);
}

TEST(LikeMatcherTest, LiteralSearchAgreesWithFind) {
  // Texts long enough for the 16-byte blocks, needles at every position and near the ends.
  std::string text;
  for (int i = 0; i < 300; i++) text.push_back(static_cast<char>('a' + (i * 7 + i / 13) % 5));
  for (size_t m : {1, 2, 3, 5, 8, 16, 17, 40}) {
    for (size_t start = 0; start + m <= text.size(); start += 11) {
      LiteralSearcher searcher(text.substr(start, m));
      for (size_t begin : {size_t(0), size_t(1), start, start + 1}) {
        for (size_t end : {text.size(), start + m, start + m + 20}) {
          if (end > text.size() || begin > end) continue;
          size_t expected = std::string_view(text).substr(0, end).find(searcher.needle(), begin);
          EXPECT_EQ(searcher.Find(text, begin, end), expected) << "needle at " << start << " length " << m;
        }
      }
    }
  }
  LikeMatcher absent = LikeMatcher::Compile("%zz%", false, "", false);
  EXPECT_FALSE(absent.Match(text));
}

TEST(PatternFunctionsTest, PatternsVaryByRow) {
  EXPECT_EQ(EvalRows("~~", {{T("abc"), T("a%")},
                            {T("abc"), T("b%")},
                            {T("abc"), T("%c")},
                            {NullText(), T("%")},
                            {T("x"), NullText()},
                            {T("abc"), T("a%")}}),
            (Rows{"t", "f", "t", kNull, kNull, "t"}));
  // The same pattern under another escape character must be recompiled.
  EXPECT_EQ(
      EvalRows("~~",
               {{T("a%c"), T("a#%c"), T("#")}, {T("a%c"), T("a!%c"), T("!")}, {T("abc"), T("a!%c"), T("#")}}),
      (Rows{"t", "t", "f"}));
  EXPECT_EQ(EvalRows("~~*", {{T("ABC"), T("a%")}, {T("École"), T("é%")}, {T("x"), T("X")}}),
            (Rows{"t", "t", "t"}));
  EXPECT_EQ(
      EvalRows("~", {{T("abc"), T("^a")}, {T("abc"), T("^b")}, {T("abc"), T("c$")}, {NullText(), T("a")}}),
      (Rows{"t", "f", "t", kNull}));
  EXPECT_EQ(EvalRows("similar_to", {{T("abc"), T("a%")}, {T("abc"), T("b%")}, {T("a%"), T("a#%")}}),
            (Rows{"t", "f", "f"}));
}

TEST(PatternFunctionsTest, NullTextNeverCompilesThePattern) {
  // PostgreSQL compiles a regex only for a non-NULL text, but checks ESCAPE strings (and
  // SIMILAR TO translation) on their own.
  EXPECT_EQ(Eval("~", {NullText(), T("(")}), kNull);
  EXPECT_EQ(Eval("~*", {NullText(), T("[")}), kNull);
  EXPECT_EQ(Eval("similar_to", {NullText(), T("(")}), kNull);
  EXPECT_EQ(EvalError("~~", {NullText(), T("a"), T("xy")}), "22025: invalid escape string");
  EXPECT_EQ(EvalRows("~", {{NullText(), T("(")}, {T("a"), T("a")}}), (Rows{kNull, "t"}));
}

TEST(PatternFunctionsTest, CompiledPatternIsReusedAndReplaced) {
  // A constant pattern compiles once per ExpressionState; a different constant in a later
  // chunk (a prepared statement re-executed) must not reuse the old matcher.
  const ScalarFunction& like = FindOverload("~~", {T(""), T("")});
  TestExpression expr;
  ExpressionState state(expr, nullptr);
  auto run = [&](const char* text, const char* pattern) {
    Vector result = RunKernel(
        like, 2, 1, [&](size_t i) { return Vector(i == 0 ? T(text) : T(pattern)); }, state);
    return Render(result.GetValue(0));
  };
  EXPECT_EQ(run("forest green", "forest%"), "t");
  EXPECT_EQ(run("dark forest", "forest%"), "f");
  EXPECT_EQ(run("dark forest", "%forest"), "t");
  EXPECT_EQ(run("dark forest", "%Forest"), "f");
}

TEST(PatternFunctionsTest, SimilarToTranslation) {
  // Compared with PostgreSQL's similar_to_escape() output.
  EXPECT_EQ(SimilarToRegex("a%b_c.d(e|f)*[g.h]\\.x^$", false, ""), "^(?:a.*b.c\\.d(?:e|f)*[g.h]\\.x\\^\\$)$");
  EXPECT_EQ(SimilarToRegex("a#%b\\c", true, "#"), "^(?:a\\%b\\\\c)$");
  EXPECT_EQ(SimilarToRegex("a\\%b", true, ""), "^(?:a\\\\.*b)$");
  EXPECT_EQ(SimilarToRegex("[%_]x[^.]\\\"y\\\"z", false, ""), "^(?:[%_]x[^.]){1,1}?(y){1,1}(?:z)$");
  EXPECT_EQ(SimilarToRegex("a\\", false, ""), "^(?:a)$");
  EXPECT_EQ(SimilarToRegex("[[:alpha:]]", false, ""), "^(?:[[:alpha:]])$");
}

TEST(PatternFunctionsTest, AreTranslation) {
  auto translate = [](const char* pattern) {
    RegexFlags flags;
    return TranslateAre(pattern, flags);
  };
  EXPECT_EQ(translate("\\mfoo\\M"), "\\b(?=\\w)foo\\b(?<=\\w)");
  EXPECT_EQ(translate("[[:<:]]x[[:>:]]"), "\\b(?=\\w)x\\b(?<=\\w)");
  EXPECT_EQ(translate("\\yx\\Y"), "\\bx\\B");
  EXPECT_EQ(translate("a\\Z"), "a\\z");
  EXPECT_EQ(translate("\\d+[\\d.]"), "[0-9]+[0-9.]");
  EXPECT_EQ(translate("[[:digit:]]"), "[0-9]");
  EXPECT_EQ(translate("\\u00e9\\x41"), "\\x{E9}\\x{41}");
  EXPECT_EQ(translate("(a)\\1"), "(a)\\g{1}");
  EXPECT_EQ(translate("a{"), "a\\{");
  RegexFlags flags;
  EXPECT_EQ(TranslateAre("***=a.c", flags), "a\\.c");
  EXPECT_TRUE(flags.literal);
  flags = RegexFlags();
  EXPECT_EQ(TranslateAre("(?in)[^a]", flags), "[^a\\n]");
  EXPECT_TRUE(flags.case_insensitive);
  EXPECT_TRUE(flags.line_anchors);
  EXPECT_FALSE(flags.dot_newline);
}

}  // namespace
}  // namespace stockroom::string_test
