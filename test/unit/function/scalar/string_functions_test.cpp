#include "function/scalar/string_functions.hpp"

#include <gtest/gtest.h>

#include <climits>
#include <string>
#include <vector>

#include "function/scalar/unicode_case.hpp"
#include "string_function_tester.hpp"

// Expected values are PostgreSQL 15's (UTF8 database, LC_CTYPE C.UTF-8), obtained by running
// the same calls against it. Every call is checked with constant, flat and mixed inputs.

namespace stockroom::string_test {
namespace {

using Rows = std::vector<std::string>;

TEST(StringFunctionsTest, CaseMapping) {
  EXPECT_EQ(Eval("lower", {T("ABC ÀÉÎ Ωmega İ")}), "abc àéî ωmega i");
  EXPECT_EQ(Eval("lower", {T("")}), "");
  EXPECT_EQ(Eval("lower", {NullText()}), kNull);
  EXPECT_EQ(Eval("upper", {T("abc àéî ωmega ß ÿ")}), "ABC ÀÉÎ ΩMEGA ß Ÿ");
  EXPECT_EQ(Eval("initcap", {T("hELLO wORLD")}), "Hello World");
  EXPECT_EQ(Eval("initcap", {T("3rd_place x-ray")}), "3rd_Place X-Ray");
  EXPECT_EQ(Eval("initcap", {T("ÉCOLE élan ñandú")}), "École Élan Ñandú");
  EXPECT_EQ(Eval("initcap", {T("中a b")}), "中a B");
  EXPECT_EQ(Eval("initcap", {T("o'neil mcdonald")}), "O'Neil Mcdonald");
}

TEST(StringFunctionsTest, Lengths) {
  EXPECT_EQ(Eval("length", {T("héllo")}), "5");
  EXPECT_EQ(Eval("length", {T("")}), "0");
  EXPECT_EQ(Eval("length", {NullText()}), kNull);
  EXPECT_EQ(Eval("char_length", {T("日本語")}), "3");
  EXPECT_EQ(Eval("character_length", {T("abc")}), "3");
  EXPECT_EQ(Eval("octet_length", {T("héllo")}), "6");
  EXPECT_EQ(Eval("bit_length", {T("héllo")}), "48");
}

TEST(StringFunctionsTest, Substring) {
  EXPECT_EQ(Eval("substr", {T("hello"), I(0), I(3)}), "he");
  EXPECT_EQ(Eval("substr", {T("hello"), I(-5), I(3)}), "");
  EXPECT_EQ(Eval("substr", {T("hello"), I(-1)}), "hello");
  EXPECT_EQ(Eval("substr", {T("hello"), I(2), I(2147483647)}), "ello");
  EXPECT_EQ(Eval("substr", {T("hello"), I(INT32_MIN), I(2147483647)}), "");
  EXPECT_EQ(Eval("substr", {T("héllo"), I(2), I(2)}), "él");
  EXPECT_EQ(Eval("substr", {T("hello"), I(10)}), "");
  EXPECT_EQ(Eval("substr", {T("日本語テキスト"), I(3), I(2)}), "語テ");
  EXPECT_EQ(Eval("substring", {T("hello"), I(2)}), "ello");
  EXPECT_EQ(EvalError("substring", {T("hello"), I(1), I(-1)}),
            Error(SubstringErrorCode(), "negative substring length not allowed"));
  EXPECT_EQ(Eval("substring", {T("hello"), I(3), I(0)}), "");
  EXPECT_EQ(Eval("substring", {T("hello"), NullInt()}), kNull);
  EXPECT_EQ(Eval("substring", {T(""), I(1), I(1)}), "");
}

TEST(StringFunctionsTest, Position) {
  EXPECT_EQ(Eval("strpos", {T("héllo"), T("l")}), "3");
  EXPECT_EQ(Eval("strpos", {T("abc"), T("")}), "1");
  EXPECT_EQ(Eval("strpos", {T(""), T("")}), "1");
  EXPECT_EQ(Eval("strpos", {T(""), T("x")}), "0");
  EXPECT_EQ(Eval("strpos", {T("日本語"), T("語")}), "3");
  EXPECT_EQ(Eval("position", {T("abcabc"), T("ca")}), "3");
  EXPECT_EQ(Eval("starts_with", {T("abc"), T("ab")}), "t");
  EXPECT_EQ(Eval("starts_with", {T("abc"), T("")}), "t");
  EXPECT_EQ(Eval("starts_with", {T(""), T("a")}), "f");
  EXPECT_EQ(Eval("starts_with", {T("abc"), T("abcd")}), "f");
  EXPECT_EQ(Eval("starts_with", {T("hé"), T("h")}), "t");
}

TEST(StringFunctionsTest, SplitPart) {
  EXPECT_EQ(Eval("split_part", {T("a,b,c"), T(","), I(-1)}), "c");
  EXPECT_EQ(Eval("split_part", {T("a,b,c"), T(","), I(-3)}), "a");
  EXPECT_EQ(Eval("split_part", {T("a,b,c"), T(","), I(-4)}), "");
  EXPECT_EQ(Eval("split_part", {T("a,b,c"), T(","), I(4)}), "");
  EXPECT_EQ(Eval("split_part", {T(""), T("x"), I(1)}), "");
  EXPECT_EQ(Eval("split_part", {T("abc"), T(""), I(1)}), "abc");
  EXPECT_EQ(Eval("split_part", {T("abc"), T(""), I(-1)}), "abc");
  EXPECT_EQ(Eval("split_part", {T("abc"), T(""), I(2)}), "");
  EXPECT_EQ(Eval("split_part", {T("aaa"), T("aa"), I(2)}), "a");
  EXPECT_EQ(Eval("split_part", {T("a,,b"), T(","), I(2)}), "");
  EXPECT_EQ(EvalError("split_part", {T("a,b"), T(","), I(0)}), "22023: field position must not be zero");
  EXPECT_EQ(Eval("split_part", {T("a→b→c"), T("→"), I(2)}), "b");
  EXPECT_EQ(Eval("split_part", {T("abc~@~def~@~ghi"), T("~@~"), I(2)}), "def");
  EXPECT_EQ(Eval("split_part", {T("a,b,c"), T(","), I(-2)}), "b");
}

TEST(StringFunctionsTest, Replace) {
  EXPECT_EQ(Eval("replace", {T("abcabc"), T("b"), T("XX")}), "aXXcaXXc");
  EXPECT_EQ(Eval("replace", {T("abc"), T(""), T("x")}), "abc");
  EXPECT_EQ(Eval("replace", {T(""), T("a"), T("b")}), "");
  EXPECT_EQ(Eval("replace", {T("aaa"), T("aa"), T("b")}), "ba");
  EXPECT_EQ(Eval("replace", {T("héllo"), T("é"), T("e")}), "hello");
  EXPECT_EQ(Eval("replace", {T("abc"), T("b"), T("")}), "ac");
  EXPECT_EQ(Eval("translate", {T("héllo"), T("él"), T("EL")}), "hELLo");
  EXPECT_EQ(Eval("translate", {T("12345"), T("143"), T("ax")}), "a2x5");
  EXPECT_EQ(Eval("translate", {T("abc"), T(""), T("")}), "abc");
  EXPECT_EQ(Eval("translate", {T("aaa"), T("aa"), T("xy")}), "xxx");
  EXPECT_EQ(Eval("translate", {T("abc"), T("abc"), T("ñ")}), "ñ");
}

TEST(StringFunctionsTest, Trim) {
  EXPECT_EQ(Eval("btrim", {T("xxhixx"), T("x")}), "hi");
  EXPECT_EQ(Eval("btrim", {T("  hi  ")}), "hi");
  EXPECT_EQ(Eval("btrim", {T("ééaéé"), T("é")}), "a");
  EXPECT_EQ(Eval("btrim", {T("abc"), T("")}), "abc");
  EXPECT_EQ(Eval("btrim", {T(""), T("a")}), "");
  EXPECT_EQ(Eval("btrim", {T("abcba"), T("ab")}), "c");
  EXPECT_EQ(Eval("btrim", {T("xxx"), T("x")}), "");
  EXPECT_EQ(Eval("ltrim", {T("  hi  ")}), "hi  ");
  EXPECT_EQ(Eval("ltrim", {T("xyxzab"), T("xyz")}), "ab");
  EXPECT_EQ(Eval("ltrim", {T("\t x"), T(" ")}), "\t x");
  EXPECT_EQ(Eval("rtrim", {T("  hi  ")}), "  hi");
  EXPECT_EQ(Eval("rtrim", {T("abcé"), T("é")}), "abc");
  EXPECT_EQ(Eval("rtrim", {T("aé"), T("e")}), "aé");
}

TEST(StringFunctionsTest, LeftRight) {
  EXPECT_EQ(Eval("left", {T("abc"), I(-1)}), "ab");
  EXPECT_EQ(Eval("left", {T("abc"), I(-5)}), "");
  EXPECT_EQ(Eval("left", {T("héllo"), I(2)}), "hé");
  EXPECT_EQ(Eval("left", {T("abc"), I(INT32_MIN)}), "");
  EXPECT_EQ(Eval("left", {T("abc"), I(0)}), "");
  EXPECT_EQ(Eval("right", {T("abc"), I(-1)}), "bc");
  EXPECT_EQ(Eval("right", {T("abc"), I(-5)}), "");
  EXPECT_EQ(Eval("right", {T("héllo"), I(4)}), "éllo");
  EXPECT_EQ(Eval("right", {T("abc"), I(INT32_MIN)}), "abc");
  EXPECT_EQ(Eval("right", {T("abc"), I(10)}), "abc");
}

TEST(StringFunctionsTest, Pad) {
  EXPECT_EQ(Eval("lpad", {T("abcdef"), I(3), T("")}), "abc");
  EXPECT_EQ(Eval("lpad", {T("ab"), I(5), T("")}), "ab");
  EXPECT_EQ(Eval("lpad", {T("ab"), I(-1)}), "");
  EXPECT_EQ(Eval("lpad", {T("ab"), I(6), T("xy")}), "xyxyab");
  EXPECT_EQ(Eval("lpad", {T("héllo"), I(7), T("ñ")}), "ññhéllo");
  EXPECT_EQ(Eval("lpad", {T("hi"), I(5)}), "   hi");
  EXPECT_EQ(Eval("lpad", {T("x"), I(8), T("añb")}), "añbañbax");
  EXPECT_EQ(EvalError("lpad", {T("a"), I(2000000000)}), "54000: requested length too large");
  EXPECT_EQ(Eval("rpad", {T("ab"), I(6), T("xy")}), "abxyxy");
  EXPECT_EQ(Eval("rpad", {T("héllo"), I(3)}), "hél");
  EXPECT_EQ(Eval("rpad", {T("hi"), I(5)}), "hi   ");
  EXPECT_EQ(Eval("rpad", {T("x"), I(7), T("añb")}), "xañbañb");
  EXPECT_EQ(Eval("rpad", {T(""), I(3), T("z")}), "zzz");
}

TEST(StringFunctionsTest, RepeatReverse) {
  EXPECT_EQ(Eval("repeat", {T("ab"), I(3)}), "ababab");
  EXPECT_EQ(Eval("repeat", {T("ab"), I(0)}), "");
  EXPECT_EQ(Eval("repeat", {T("ab"), I(-1)}), "");
  EXPECT_EQ(EvalError("repeat", {T("ab"), I(1000000000)}), "54000: requested length too large");
  EXPECT_EQ(Eval("repeat", {T("é"), I(3)}), "ééé");
  EXPECT_EQ(Eval("repeat", {T(""), I(5)}), "");
  EXPECT_EQ(Eval("reverse", {T("héllo")}), "olléh");
  EXPECT_EQ(Eval("reverse", {T("")}), "");
  EXPECT_EQ(Eval("reverse", {T("abcdefghijklmnop")}), "ponmlkjihgfedcba");
}

TEST(StringFunctionsTest, Md5) {
  EXPECT_EQ(Eval("md5", {T("")}), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(Eval("md5", {T("abc")}), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(Eval("md5", {T("The quick brown fox jumps over the lazy dog")}),
            "9e107d9d372bb6826bd81d3542a419d6");
  EXPECT_EQ(Eval("md5", {T("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")}),
            "04364420e25c512fd958a70738aa8f72");
  EXPECT_EQ(Eval("md5", {T("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")}),
            "668a72d5ba17f08e62dabcafad6db14b");
  EXPECT_EQ(Eval("md5", {T("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")}),
            "c1bb4f81d892b2d57947682aeb252456");
  EXPECT_EQ(Eval("md5", {T("héllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohélloh"
                           "éllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllohéllo")}),
            "61fca6c813426afc383039fe84aa5463");
}

TEST(StringFunctionsTest, AsciiChr) {
  EXPECT_EQ(Eval("ascii", {T("")}), "0");
  EXPECT_EQ(Eval("ascii", {T("é")}), "233");
  EXPECT_EQ(Eval("ascii", {T("A")}), "65");
  EXPECT_EQ(Eval("ascii", {T("😀x")}), "128512");
  EXPECT_EQ(Eval("chr", {I(233)}), "é");
  EXPECT_EQ(Eval("chr", {I(65)}), "A");
  EXPECT_EQ(Eval("chr", {I(128512)}), "😀");
  EXPECT_EQ(EvalError("chr", {I(0)}), "54000: null character not permitted");
  EXPECT_EQ(EvalError("chr", {I(-1)}), "22023: character number must be positive");
  EXPECT_EQ(EvalError("chr", {I(1114112)}), "54000: requested character too large for encoding: 1114112");
  EXPECT_EQ(EvalError("chr", {I(55296)}), "54000: requested character not valid for encoding: 55296");
  EXPECT_EQ(Eval("chr", {NullInt()}), kNull);
}

TEST(StringFunctionsTest, CharArgumentsIgnorePadding) {
  // length(character) ignores trailing blanks, octet_length(character) counts them.
  Value padded = Value::String(LogicalType::Char(5), "ab   ");
  EXPECT_EQ(Eval("length", {padded}), "2");
  EXPECT_EQ(Eval("char_length", {padded}), "2");
  EXPECT_EQ(Eval("character_length", {padded}), "2");
  EXPECT_EQ(Eval("octet_length", {padded}), "5");
}

// Redshift's LEN and CHARINDEX. Redshift documents LEN('français') = 8 (characters; its
// OCTET_LENGTH is 9), LEN counting the trailing blanks of a VARCHAR but not of a CHAR, and
// CHARINDEX('dog', 'fish') = 0, CHARINDEX('fish', 'dogfish') = 4.
TEST(StringFunctionsTest, RedshiftLenAndCharindex) {
  EXPECT_EQ(Eval("len", {T("français")}), "8");
  EXPECT_EQ(Eval("octet_length", {T("français")}), "9");
  EXPECT_EQ(Eval("len", {T("abc  ")}), "5");
  EXPECT_EQ(Eval("len", {Value::String(LogicalType::Char(5), "abc  ")}), "3");
  EXPECT_EQ(Eval("len", {NullText()}), kNull);
  EXPECT_EQ(Eval("charindex", {T("dog"), T("fish")}), "0");
  EXPECT_EQ(Eval("charindex", {T("fish"), T("dogfish")}), "4");
  EXPECT_EQ(Eval("charindex", {T("ö"), T("schön")}), "4");
  EXPECT_EQ(Eval("charindex", {NullText(), T("dogfish")}), kNull);
}

TEST(StringFunctionsTest, RowsWithNullsAndVaryingArguments) {
  EXPECT_EQ(EvalRows("split_part", {{T("a,b"), T(","), I(2)},
                                    {NullText(), T(","), I(1)},
                                    {T("x;y;z"), T(";"), I(-1)},
                                    {T("q"), NullText(), I(1)},
                                    {T("q"), T(","), NullInt()}}),
            (Rows{"b", kNull, "z", kNull, kNull}));
  EXPECT_EQ(EvalRows("translate", {{T("abc"), T("a"), T("x")},
                                   {T("abc"), T("b"), T("y")},
                                   {T("héllo"), T("é"), T("e")},
                                   {T("abc"), T("b"), T("y")}}),
            (Rows{"xbc", "ayc", "hello", "ayc"}));
  EXPECT_EQ(EvalRows("btrim",
                     {{T("xxaxx"), T("x")}, {T("ééaé"), T("é")}, {T("  a "), T(" ")}, {NullText(), T("x")}}),
            (Rows{"a", "a", "a", kNull}));
  EXPECT_EQ(EvalRows("lower", {{T("ABC")}, {NullText()}, {T("ÀB")}, {T("")}}),
            (Rows{"abc", kNull, "àb", ""}));
  EXPECT_EQ(EvalRows("lpad", {{T("a"), I(3), T("xy")}, {T("a"), I(3), T("é")}, {T("abc"), I(1), T("z")}}),
            (Rows{"xya", "ééa", "a"}));
}

TEST(StringFunctionsTest, SlicesOutliveTheirInput) {
  // These kernels return slices of their input without copying; the result must keep the
  // input's bytes alive after the input vectors are gone (Eval drops them before reading).
  const char* text = "  the quick brown fox jumps over the lazy dog  ";
  EXPECT_EQ(Eval("substr", {T(text), I(7), I(20)}), "quick brown fox jump");
  EXPECT_EQ(Eval("btrim", {T(text)}), "the quick brown fox jumps over the lazy dog");
  EXPECT_EQ(Eval("split_part", {T(text), T(" fox "), I(2)}), "jumps over the lazy dog  ");
  EXPECT_EQ(Eval("left", {T(text), I(-10)}), "  the quick brown fox jumps over the ");
  EXPECT_EQ(Eval("right", {T(text), I(-20)}), "x jumps over the lazy dog  ");
  EXPECT_EQ(Eval("replace", {T(text), T("cat"), T("dog")}), text);
  EXPECT_EQ(Eval("rpad", {T(text), I(20)}), "  the quick brown fo");
}

TEST(StringFunctionsTest, UnicodeCaseTables) {
  EXPECT_EQ(unicode::ToUpper(0xDF), 0xDFu);    // ß has no single-character upper case
  EXPECT_EQ(unicode::ToLower(0x130), 0x69u);   // İ lower-cases to i
  EXPECT_EQ(unicode::ToLower(0x1C5), 0x1C6u);  // ǅ
  EXPECT_EQ(unicode::ToUpper(0x1C5), 0x1C4u);
  EXPECT_EQ(unicode::ToUpper(0x3C9), 0x3A9u);  // ω
  EXPECT_EQ(unicode::ToLower(0x42F), 0x44Fu);  // Я
  EXPECT_EQ(unicode::ToUpper(0x1F600), 0x1F600u);
  EXPECT_TRUE(unicode::IsAlnum(0x4E2D));   // 中
  EXPECT_TRUE(unicode::IsAlnum(0xE9));     // é
  EXPECT_FALSE(unicode::IsAlnum(0x2192));  // →
  EXPECT_FALSE(unicode::IsAlnum(' '));
  EXPECT_EQ(Eval("initcap", {T("ǆemal")}), "Ǆemal");
  EXPECT_EQ(Eval("lower", {T("ǅ")}), "ǆ");
}

}  // namespace
}  // namespace stockroom::string_test
