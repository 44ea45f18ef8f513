#include "common/types/numeric.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/error/exception.hpp"

// Every expected string in the tables below is what PostgreSQL 15 printed for the same
// input (numeric_out, and float8out/float4out with extra_float_digits = 1); errors are
// "SQLSTATE: message", with " DETAIL: detail" when PostgreSQL sent one.

namespace stockroom {
namespace numeric {
namespace {

struct Case {
  std::string_view op;
  std::string_view a;
  std::string_view b;
  std::string_view c;
  std::string_view expected;
};

VarNumeric N(std::string_view text) { return Parse(text); }

int ToInt(std::string_view text) { return std::stoi(std::string(text)); }

// Returns "SQLSTATE: message[ DETAIL: detail]" for a SqlError thrown by `fn`, else its result.
template <typename Fn>
std::string Outcome(Fn fn) {
  try {
    return fn();
  } catch (const SqlError& e) {
    std::string out = std::string(e.sqlstate()) + ": " + e.what();
    if (!e.detail().empty()) out += " DETAIL: " + e.detail();
    return out;
  }
}

// Evaluates a case the way the matching SQL expression does (see the op names).
std::string Eval(const Case& c) {
  return Outcome([&]() -> std::string {
    std::string_view op = c.op;
    if (op == "parse") return Format(N(c.a));
    if (op == "add") return Format(Add(N(c.a), N(c.b)));
    if (op == "sub") return Format(Subtract(N(c.a), N(c.b)));
    if (op == "mul") return Format(Multiply(N(c.a), N(c.b)));
    if (op == "div") return Format(Divide(N(c.a), N(c.b)));
    if (op == "mod") return Format(Modulo(N(c.a), N(c.b)));
    if (op == "round") return Format(Round(N(c.a), ToInt(c.b)));
    if (op == "trunc") return Format(Trunc(N(c.a), ToInt(c.b)));
    if (op == "ceil") return Format(Ceil(N(c.a)));
    if (op == "floor") return Format(Floor(N(c.a)));
    if (op == "sqrt") return Format(Sqrt(N(c.a)));
    if (op == "abs") return Format(Abs(N(c.a)));
    if (op == "neg") return Format(Negate(N(c.a)));
    if (op == "typmod") return Format(ToTypmod(N(c.a), ToInt(c.b), ToInt(c.c)), ToInt(c.c));
    if (op == "tof8") return FormatDouble(ToDouble(N(c.a)));
    if (op == "fromf8") return Format(FromDouble(ParseDouble(c.a)));
    if (op == "fromf4") return Format(FromFloat(ParseFloat(c.a)));
    if (op == "int2") return std::to_string(ToInt64(N(c.a), INT16_MIN, INT16_MAX, "smallint"));
    if (op == "int4") return std::to_string(ToInt64(N(c.a), INT32_MIN, INT32_MAX, "integer"));
    if (op == "int8") return std::to_string(ToInt64(N(c.a), INT64_MIN, INT64_MAX, "bigint"));
    if (op == "f8") return FormatDouble(ParseDouble(c.a));
    if (op == "f4") return FormatFloat(ParseFloat(c.a));
    ADD_FAILURE() << "unknown op " << op;
    return "";
  });
}

void ExpectAll(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    EXPECT_EQ(Eval(c), c.expected) << c.op << "('" << c.a << "', '" << c.b << "', '" << c.c << "')";
  }
}

// SQL: 'a'::numeric
TEST(NumericTest, ParseMatchesPostgres) {
  ExpectAll({
      {"parse", "abc", "", "", "22P02: invalid input syntax for type numeric: \"abc\""},
      {"parse", "  -12.50 ", "", "", "-12.50"},
      {"parse", "1e3", "", "", "1000"},
      {"parse", "1.5e-3", "", "", "0.0015"},
      {"parse", ".5", "", "", "0.5"},
      {"parse", "5.", "", "", "5"},
      {"parse", "+.5", "", "", "0.5"},
      {"parse", "-0.00", "", "", "0.00"},
      {"parse", "0000.0100", "", "", "0.0100"},
      {"parse", "12.345e2", "", "", "1234.5"},
      {"parse", "100e-2", "", "", "1.00"},
      {"parse", "0.0e5", "", "", "0"},
      {"parse", "1e 3", "", "", "1000"},
      {"parse", "1e +3", "", "", "1000"},
      {"parse", "0.00000000000000000000000000000000000000000012345e40", "", "", "0.0012345"},
      {"parse", "12345678901234567890123456789012345678", "", "", "12345678901234567890123456789012345678"},
      {"parse", "-1.2345678901234567890123456789012345678", "", "", "-1.2345678901234567890123456789012345678"},
      {"parse", "1e37", "", "", "10000000000000000000000000000000000000"},
      {"parse", "1e-16384", "", "", "22003: value overflows numeric format"},
      {"parse", "1e2147483647", "", "", "22003: value overflows numeric format"},
      {"parse", "1.2.3", "", "", "22P02: invalid input syntax for type numeric: \"1.2.3\""},
      {"parse", "", "", "", "22P02: invalid input syntax for type numeric: \"\""},
      {"parse", "   ", "", "", "22P02: invalid input syntax for type numeric: \"   \""},
      {"parse", "-", "", "", "22P02: invalid input syntax for type numeric: \"-\""},
      {"parse", "-.e3", "", "", "22P02: invalid input syntax for type numeric: \"-.e3\""},
      {"parse", "1e", "", "", "22P02: invalid input syntax for type numeric: \"1e\""},
      {"parse", "1e-", "", "", "22P02: invalid input syntax for type numeric: \"1e-\""},
      {"parse", "1 e3", "", "", "22P02: invalid input syntax for type numeric: \"1 e3\""},
      {"parse", "1e3.5", "", "", "22P02: invalid input syntax for type numeric: \"1e3.5\""},
      {"parse", "0x10", "", "", "22P02: invalid input syntax for type numeric: \"0x10\""},
      {"parse", "1_000", "", "", "22P02: invalid input syntax for type numeric: \"1_000\""},
      {"parse", "NaNx", "", "", "22P02: invalid input syntax for type numeric: \"NaNx\""},
      {"parse", "+nan", "", "", "22P02: invalid input syntax for type numeric: \"+nan\""},
      {"parse", " abc ", "", "", "22P02: invalid input syntax for type numeric: \" abc \""},
  });
}

// SQL: 'a'::numeric <op> 'b'::numeric
TEST(NumericTest, ArithmeticMatchesPostgres) {
  ExpectAll({
      {"add", "1.5", "2.25", "", "3.75"},
      {"add", "-1.5", "1.5", "", "0.0"},
      {"add", "0.1", "-0.10", "", "0.00"},
      {"sub", "1.50", "0.5", "", "1.00"},
      {"sub", "0", "0.000", "", "0.000"},
      {"sub", "-99.99", "0.001", "", "-99.991"},
      {"mul", "1.5", "2.25", "", "3.375"},
      {"mul", "-0.1", "0", "", "0.0"},
      {"mul", "-1.25", "-4", "", "5.00"},
      {"mul", "1234567890.12345", "0.001", "", "1234567.89012345"},
      {"mul", "1234567890123456789", "-98765432109876543", "", "-121932631137021794964487123185200427"},
      {"div", "1", "3", "", "0.33333333333333333333"},
      {"div", "10", "3", "", "3.3333333333333333"},
      {"div", "2", "3", "", "0.66666666666666666667"},
      {"div", "1000000", "7", "", "142857.142857142857"},
      {"div", "0.001", "7", "", "0.00014285714285714286"},
      {"div", "123456789.123", "0.007", "", "17636684160.42857143"},
      {"div", "-1", "3", "", "-0.33333333333333333333"},
      {"div", "1", "-3", "", "-0.33333333333333333333"},
      {"div", "-10", "-3", "", "3.3333333333333333"},
      {"div", "15301.00", "600", "", "25.5016666666666667"},
      {"div", "7", "7", "", "1.00000000000000000000"},
      {"div", "0", "5", "", "0.00000000000000000000"},
      {"div", "0.00", "5.000", "", "0.00000000000000000000"},
      {"div", "1", "9999", "", "0.00010001000100010001"},
      {"div", "1", "10000", "", "0.000100000000000000000000"},
      {"div", "1", "10001", "", "0.000099990000999900009999"},
      {"div", "9999", "1", "", "9999.0000000000000000"},
      {"div", "10000", "1", "", "10000.0000000000000000"},
      {"div", "10000", "10000", "", "1.00000000000000000000"},
      {"div", "1.0000000000000000000000000000", "3", "", "0.3333333333333333333333333333"},
      {"div", "100000000000000000000", "3", "", "33333333333333333333"},
      {"div", "12345678901234567890123456789", "7", "", "1763668414462081127160493827"},
      {"div", "1e-30", "1e30", "", "0.00000000000000000000000000000000000000000000000000000000000100000000000000000000"},
      {"div", "2", "0.5", "", "4.0000000000000000"},
      {"div", "5", "2", "", "2.5000000000000000"},
      {"div", "0.5", "0.25", "", "2.0000000000000000"},
      {"div", "123", "4567", "", "0.02693234070505802496"},
      {"div", "4567", "123", "", "37.1300813008130081"},
      {"div", "99.99", "1.01", "", "99.0000000000000000"},
      {"div", "1", "0", "", "22012: division by zero"},
      {"div", "0", "0", "", "22012: division by zero"},
      {"mod", "10", "3", "", "1"},
      {"mod", "-10", "3", "", "-1"},
      {"mod", "10", "-3", "", "1"},
      {"mod", "10.5", "3", "", "1.5"},
      {"mod", "10", "0.3", "", "0.1"},
      {"mod", "-7.25", "2", "", "-1.25"},
      {"mod", "5.5", "0.0000000000000000000000000000000000000003", "", "0.0000000000000000000000000000000000000001"},
      {"mod", "-749", "2548657883.5554325076739475577", "", "-749.0000000000000000000"},
      {"mod", "1", "0", "", "22012: division by zero"},
  });
}

// SQL: round(a, b), trunc(a, b), ceil(a), floor(a), sqrt(a), abs(a), -a
TEST(NumericTest, RoundingAndSqrtMatchPostgres) {
  ExpectAll({
      {"round", "1234.5", "-2", "", "1200"},
      {"round", "1234.5", "0", "", "1235"},
      {"round", "-1234.5", "0", "", "-1235"},
      {"round", "2.5", "0", "", "3"},
      {"round", "-2.5", "0", "", "-3"},
      {"round", "1.5", "3", "", "1.500"},
      {"round", "0.5555", "3", "", "0.556"},
      {"round", "-0.5555", "3", "", "-0.556"},
      {"round", "99.5", "-2", "", "100"},
      {"round", "49.9", "-2", "", "0"},
      {"round", "1.2345", "10", "", "1.2345000000"},
      {"round", "0.0004", "3", "", "0.000"},
      {"trunc", "1234.567", "-2", "", "1200"},
      {"trunc", "-1234.567", "1", "", "-1234.5"},
      {"trunc", "1.5", "3", "", "1.500"},
      {"trunc", "-0.0009", "3", "", "0.000"},
      {"ceil", "1.5", "", "", "2"},
      {"ceil", "-1.5", "", "", "-1"},
      {"ceil", "-0.5", "", "", "0"},
      {"ceil", "2.000", "", "", "2"},
      {"floor", "1.5", "", "", "1"},
      {"floor", "-1.5", "", "", "-2"},
      {"floor", "-0.5", "", "", "-1"},
      {"floor", "0.00", "", "", "0"},
      {"sqrt", "2", "", "", "1.414213562373095"},
      {"sqrt", "100", "", "", "10.000000000000000"},
      {"sqrt", "0.0001", "", "", "0.01000000000000000"},
      {"sqrt", "12345678.9", "", "", "3513.6418286444622"},
      {"sqrt", "0", "", "", "0.000000000000000"},
      {"sqrt", "0.00", "", "", "0.000000000000000"},
      {"sqrt", "1e-20", "", "", "0.0000000001000000000000000"},
      {"sqrt", "1.21", "", "", "1.100000000000000"},
      {"sqrt", "15241578750190521", "", "", "123456789.0000000"},
      {"sqrt", "99999999999999999999999999999999999999", "", "", "10000000000000000000"},
      {"sqrt", "0.99999999999999999999999999999999999999", "", "", "0.99999999999999999999999999999999999999"},
      {"sqrt", "0.000000000000000000000000000001", "", "", "0.0000000000000010000000000000000"},
      {"sqrt", "-1", "", "", "2201F: cannot take square root of a negative number"},
      {"abs", "-1.50", "", "", "1.50"},
      {"neg", "1.5", "", "", "-1.5"},
      {"neg", "0.00", "", "", "0.00"},
  });
}

// SQL: 'a'::numeric::numeric(b, c)
TEST(NumericTest, TypmodMatchesPostgres) {
  ExpectAll({
      {"typmod", "1000.5", "5", "2", "22003: numeric field overflow DETAIL: A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
      {"typmod", "999.994", "5", "2", "999.99"},
      {"typmod", "999.995", "5", "2", "22003: numeric field overflow DETAIL: A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
      {"typmod", "-999.995", "5", "2", "22003: numeric field overflow DETAIL: A field with precision 5, scale 2 must round to an absolute value less than 10^3."},
      {"typmod", "12345.678", "3", "5", "22003: numeric field overflow DETAIL: A field with precision 3, scale 5 must round to an absolute value less than 10^-2."},
      {"typmod", "0.001234", "3", "5", "0.00123"},
      {"typmod", "0.01", "3", "5", "22003: numeric field overflow DETAIL: A field with precision 3, scale 5 must round to an absolute value less than 10^-2."},
      {"typmod", "99500", "2", "-3", "22003: numeric field overflow DETAIL: A field with precision 2, scale -3 must round to an absolute value less than 10^5."},
      {"typmod", "99499", "2", "-3", "99000"},
      {"typmod", "12.5", "2", "2", "22003: numeric field overflow DETAIL: A field with precision 2, scale 2 must round to an absolute value less than 1."},
      {"typmod", "0.995", "2", "2", "22003: numeric field overflow DETAIL: A field with precision 2, scale 2 must round to an absolute value less than 1."},
      {"typmod", "0.5", "1", "0", "1"},
      {"typmod", "9.5", "1", "0", "22003: numeric field overflow DETAIL: A field with precision 1, scale 0 must round to an absolute value less than 10^1."},
      {"typmod", "-9.4", "1", "0", "-9"},
      {"typmod", "1e30", "10", "9", "22003: numeric field overflow DETAIL: A field with precision 10, scale 9 must round to an absolute value less than 10^1."},
      {"typmod", "1.5", "38", "37", "1.5000000000000000000000000000000000000"},
      {"typmod", "12.5", "38", "37", "22003: numeric field overflow DETAIL: A field with precision 38, scale 37 must round to an absolute value less than 10^1."},
      {"typmod", "0", "5", "2", "0.00"},
      {"typmod", "123.456", "10", "0", "123"},
  });
}

// SQL: 'a'::numeric::float8, 'a'::float8::numeric, 'a'::float4::numeric, 'a'::numeric::int4
TEST(NumericTest, ConversionsMatchPostgres) {
  ExpectAll({
      {"tof8", "0.1", "", "", "0.1"},
      {"tof8", "1.5", "", "", "1.5"},
      {"tof8", "-2.5", "", "", "-2.5"},
      {"tof8", "123456789012345678901234567890", "", "", "1.2345678901234568e+29"},
      {"tof8", "0.000000000000000000000000000001", "", "", "1e-30"},
      {"tof8", "3.14159265358979323846", "", "", "3.141592653589793"},
      {"tof8", "9007199254740993", "", "", "9.007199254740992e+15"},
      {"tof8", "36449777638053618.114396205", "", "", "3.6449777638053616e+16"},
      {"tof8", "1e-320", "", "", "1e-320"},
      {"fromf8", "0.1", "", "", "0.1"},
      {"fromf8", "1e20", "", "", "100000000000000000000"},
      {"fromf8", "1e-20", "", "", "0.00000000000000000001"},
      {"fromf8", "123456789.123456789", "", "", "123456789.123457"},
      {"fromf8", "-0", "", "", "0"},
      {"fromf8", "3.14159265358979", "", "", "3.14159265358979"},
      {"fromf8", "0.30000000000000004", "", "", "0.3"},
      {"fromf8", "-1.5e-7", "", "", "-0.00000015"},
      {"fromf4", "0.1", "", "", "0.1"},
      {"fromf4", "1e6", "", "", "1000000"},
      {"fromf4", "123456.7", "", "", "123457"},
      {"fromf4", "1.17549435e-38", "", "", "0.0000000000000000000000000000000000000117549"},
      {"fromf4", "-3.75", "", "", "-3.75"},
      {"int4", "2147483647.4", "", "", "2147483647"},
      {"int4", "2147483647.5", "", "", "22003: integer out of range"},
      {"int4", "-2147483648.4", "", "", "-2147483648"},
      {"int4", "-2147483648.5", "", "", "22003: integer out of range"},
      {"int2", "32767.5", "", "", "22003: smallint out of range"},
      {"int2", "-0.5", "", "", "-1"},
      {"int2", "0.5", "", "", "1"},
      {"int2", "-32768.4", "", "", "-32768"},
      {"int8", "9223372036854775807.4", "", "", "9223372036854775807"},
      {"int8", "9223372036854775807.5", "", "", "22003: bigint out of range"},
      {"int8", "-9223372036854775808.5", "", "", "22003: bigint out of range"},
      {"int8", "99999999999999999999999999999999999999", "", "", "22003: bigint out of range"},
  });
}

// SQL: 'a'::float8, 'a'::float4
TEST(NumericTest, FloatTextMatchesPostgres) {
  ExpectAll({
      {"f8", "1e15", "", "", "1e+15"},
      {"f8", "1e16", "", "", "1e+16"},
      {"f8", "123456789012345.6", "", "", "123456789012345.6"},
      {"f8", "1e-4", "", "", "0.0001"},
      {"f8", "1e-5", "", "", "1e-05"},
      {"f8", "0.1", "", "", "0.1"},
      {"f8", "1.5e-7", "", "", "1.5e-07"},
      {"f8", "-0", "", "", "-0"},
      {"f8", "1e300", "", "", "1e+300"},
      {"f8", "0.00012345", "", "", "0.00012345"},
      {"f8", "0.000012345", "", "", "1.2345e-05"},
      {"f8", "1234567890123456", "", "", "1.234567890123456e+15"},
      {"f8", "12345678901234567", "", "", "1.2345678901234568e+16"},
      {"f8", "36449777638053616", "", "", "3.6449777638053616e+16"},
      {"f8", "5e-324", "", "", "5e-324"},
      {"f8", "1e-310", "", "", "1e-310"},
      {"f8", "1e-400", "", "", "22003: \"1e-400\" is out of range for type double precision"},
      {"f8", "1e400", "", "", "22003: \"1e400\" is out of range for type double precision"},
      {"f8", " 1e400 ", "", "", "22003: \"1e400\" is out of range for type double precision"},
      {"f8", "-1e400", "", "", "22003: \"-1e400\" is out of range for type double precision"},
      {"f8", "0x10", "", "", "16"},
      {"f8", "nan(123)", "", "", "NaN"},
      {"f8", "  ", "", "", "22P02: invalid input syntax for type double precision: \"  \""},
      {"f8", "", "", "", "22P02: invalid input syntax for type double precision: \"\""},
      {"f8", " abc ", "", "", "22P02: invalid input syntax for type double precision: \" abc \""},
      {"f8", "infinity", "", "", "Infinity"},
      {"f8", "+inf", "", "", "Infinity"},
      {"f8", "-Infinity", "", "", "-Infinity"},
      {"f8", " NaN ", "", "", "NaN"},
      {"f8", "1.7976931348623157e308", "", "", "1.7976931348623157e+308"},
      {"f8", "100", "", "", "100"},
      {"f8", "-123.456", "", "", "-123.456"},
      {"f8", ".5e1", "", "", "5"},
      {"f8", "1e+", "", "", "22P02: invalid input syntax for type double precision: \"1e+\""},
      {"f8", "1 2", "", "", "22P02: invalid input syntax for type double precision: \"1 2\""},
      {"f4", "1e6", "", "", "1e+06"},
      {"f4", "1e7", "", "", "1e+07"},
      {"f4", "123456.7", "", "", "123456.7"},
      {"f4", "1234567.8", "", "", "1.2345678e+06"},
      {"f4", "1e-4", "", "", "0.0001"},
      {"f4", "1e-5", "", "", "1e-05"},
      {"f4", "3.4028235e38", "", "", "3.4028235e+38"},
      {"f4", "0.33333334", "", "", "0.33333334"},
      {"f4", "0.1", "", "", "0.1"},
      {"f4", "-0", "", "", "-0"},
      {"f4", " 1e50 ", "", "", "22003: \" 1e50 \" is out of range for type real"},
      {"f4", "1e-50", "", "", "22003: \"1e-50\" is out of range for type real"},
      {"f4", "1e-40", "", "", "1e-40"},
      {"f4", "abc", "", "", "22P02: invalid input syntax for type real: \"abc\""},
      {"f4", "999999", "", "", "999999"},
      {"f4", "16777217", "", "", "1.6777216e+07"},
      {"f4", "33554442", "", "", "3.355444e+07"},
      {"f4", "-inf", "", "", "-Infinity"},
  });
}

TEST(NumericTest, ParseKeepsWrittenScale) {
  VarNumeric v = Parse("1.50");
  EXPECT_EQ(v.value, 150);
  EXPECT_EQ(v.scale, 2);
  v = Parse("1e3");
  EXPECT_EQ(v.value, 1000);
  EXPECT_EQ(v.scale, 0);
  v = Parse(" -1.5e-3");
  EXPECT_EQ(v.value, -15);
  EXPECT_EQ(v.scale, 4);
  v = Parse("1e-16383");  // PostgreSQL's largest display scale
  EXPECT_EQ(v.value, 1);
  EXPECT_EQ(v.scale, 16383);
  EXPECT_EQ(Format(v).size(), 16385u);
}

TEST(NumericTest, ParseRejectsWhatVarNumericCannotHold) {
  // PostgreSQL accepts these; Stockroom's numeric has no NaN/Infinity and 38 digits.
  for (std::string_view text : {"NaN", " nan ", "Infinity", "-inf", "+Infinity"}) {
    EXPECT_EQ(Outcome([&] { return Format(Parse(text)); }),
              "0A000: numeric NaN and Infinity are not supported")
        << text;
  }
  EXPECT_EQ(Outcome([] { return Format(Parse("1e38")); }), "22003: value overflows numeric format");
  EXPECT_EQ(Outcome([] { return Format(Parse("123456789012345678901234567890123456789")); }),
            "22003: value overflows numeric format");
  EXPECT_EQ(Outcome([] { return Format(Parse("1.00000000000000000000000000000000000000")); }),
            "22003: value overflows numeric format");
  // Syntax is checked before the digit limit, as PostgreSQL checks it before make_result.
  EXPECT_EQ(Outcome([] { return Format(Parse("1234567890123456789012345678901234567890x")); }),
            "22P02: invalid input syntax for type numeric: \"1234567890123456789012345678901234567890x\"");
}

TEST(NumericTest, TryParseReportsOnlySyntax) {
  VarNumeric v;
  EXPECT_FALSE(TryParse("abc", &v));
  EXPECT_FALSE(TryParse("1.2.3", &v));
  ASSERT_TRUE(TryParse(" 2.50 ", &v));
  EXPECT_EQ(v.value, 250);
  EXPECT_EQ(v.scale, 2);
  EXPECT_THROW(TryParse("1e40", &v), SqlError);
  EXPECT_THROW(TryParse("NaN", &v), SqlError);
}

TEST(NumericTest, FormatPlacesThePoint) {
  EXPECT_EQ(Format(150, 2), "1.50");
  EXPECT_EQ(Format(-5, 3), "-0.005");
  EXPECT_EQ(Format(0, 2), "0.00");
  EXPECT_EQ(Format(0, 0), "0");
  EXPECT_EQ(Format(-12345, 0), "-12345");
  EXPECT_EQ(Format(12, -3), "12000");  // numeric(p, -3) values
  EXPECT_EQ(Format(Pow10Int128(38) - 1, 38), "0.99999999999999999999999999999999999999");
  EXPECT_EQ(Format(-(Pow10Int128(38) - 1), 0), "-99999999999999999999999999999999999999");
}

TEST(NumericTest, RescaleRoundsHalfAwayFromZero) {
  EXPECT_EQ(Rescale(12345, 3, 1), 123);
  EXPECT_EQ(Rescale(12355, 3, 2), 1236);
  EXPECT_EQ(Rescale(-15, 1, 0), -2);
  EXPECT_EQ(Rescale(-14, 1, 0), -1);
  EXPECT_EQ(Rescale(15, 1, 3), 1500);
  EXPECT_EQ(Rescale(12345, 0, -3), 12);
  EXPECT_EQ(Rescale(5, 50, 0), 0);
  EXPECT_EQ(Rescale(0, 0, 60), 0);
  EXPECT_THROW(Rescale(1, 0, 38), SqlError);
  EXPECT_EQ(ToTypmod(N("12345"), 5, -3), 12);  // the unscaled value at scale -3
}

TEST(NumericTest, DivisionScaleFollowsSelectDivScale) {
  EXPECT_EQ(DivisionScale(N("1"), N("3")), 20);
  EXPECT_EQ(DivisionScale(N("10"), N("3")), 16);
  EXPECT_EQ(DivisionScale(N("15301.00"), N("600")), 16);
  EXPECT_EQ(DivisionScale(N("1"), N("10000")), 24);
  EXPECT_EQ(DivisionScale(N("0"), N("5")), 20);
  EXPECT_EQ(DivisionScale(N("1.0000000000000000000000000000"), N("3")), 28);
  EXPECT_EQ(DivisionScale(N("1e-30"), N("1e30")), 80);
}

TEST(NumericTest, DivideToScaleRoundsTheExactQuotient) {
  EXPECT_EQ(Format(DivideToScale(N("2"), N("3"), 2)), "0.67");
  EXPECT_EQ(Format(DivideToScale(N("-2"), N("3"), 0)), "-1");
  EXPECT_EQ(Format(DivideToScale(N("1.25"), N("1"), 1)), "1.3");
  EXPECT_EQ(Format(DivideToScale(N("-1.25"), N("1"), 1)), "-1.3");
  EXPECT_EQ(Format(DivideToScale(N("1"), N("3"), 30)), "0.333333333333333333333333333333");
  EXPECT_EQ(Format(DivideToScale(N("25"), N("1"), -1)), "30");
  EXPECT_EQ(Format(DivideToScale(N("1"), N("3"), -1)), "0");
  EXPECT_EQ(Outcome([] { return Format(DivideToScale(N("1"), N("0"), 2)); }), "22012: division by zero");
  // The caller asked for the scale, so no fractional digits are dropped to make it fit.
  EXPECT_EQ(Outcome([] { return Format(DivideToScale(N("1"), N("1e-30"), 30)); }),
            "22003: value overflows numeric format");
}

// Results PostgreSQL shows with more than 38 digits: Stockroom drops fractional digits
// (correctly rounded) for products, quotients and roots, and fails when integer digits
// would go or for sums.
TEST(NumericTest, ResultsBeyondThirtyEightDigits) {
  VarNumeric a = N("0.1234567890123456789012345");
  // PostgreSQL: 0.01524157875323883675049533479957338669120562399025
  EXPECT_EQ(Format(Multiply(a, a)), "0.015241578753238836750495334799573386691");
  // PostgreSQL: 1524157875323883676253619888873647310.25
  EXPECT_EQ(Format(Multiply(N("1234567890123456789.5"), N("1234567890123456789.5"))),
            "1524157875323883676253619888873647310.3");
  EXPECT_EQ(Outcome([] { return Format(Multiply(N("12345678901234567890"), N("12345678901234567890"))); }),
            "22003: value overflows numeric format");
  // PostgreSQL: 1000000000000000000000000000000.000000000000000000000000000000
  EXPECT_EQ(Format(Divide(N("1"), N("0.000000000000000000000000000001"))), "1000000000000000000000000000000.0000000");
  // PostgreSQL: 35958057607864078906108113847.90249006396
  EXPECT_EQ(Format(Divide(N("7676790356650541090134638"), N("0.00021349291"))),
            "35958057607864078906108113847.902490064");
  EXPECT_EQ(Outcome([] { return Format(Add(N("1e37"), N("0.1"))); }), "22003: value overflows numeric format");
  EXPECT_EQ(Outcome([] { return Format(Add(N("99999999999999999999999999999999999999"), N("1"))); }),
            "22003: value overflows numeric format");
  EXPECT_EQ(Outcome([] { return Format(Round(N("1.5"), 40)); }), "22003: value overflows numeric format");
  EXPECT_EQ(Format(Round(N("0"), 3000)).size(), 2002u);  // scale clamped to 2000 as in PostgreSQL
  // Products past PostgreSQL's largest display scale are rounded to it, as PostgreSQL does.
  VarNumeric tiny = N("1e-10000");
  VarNumeric product = Multiply(tiny, tiny);
  EXPECT_EQ(product.value, 0);
  EXPECT_EQ(product.scale, 16383);
}

TEST(NumericTest, CompareIgnoresScale) {
  EXPECT_EQ(Compare(N("1.5"), N("1.50")), 0);
  EXPECT_EQ(Compare(N("0"), N("-0.000")), 0);
  EXPECT_EQ(Compare(N("-2"), N("-1.9999")), -1);
  EXPECT_EQ(Compare(N("1e-16383"), N("0")), 1);
  EXPECT_EQ(Compare(N("1"), N("1e-16383")), 1);
  EXPECT_EQ(Compare(N("-1"), N("-0.99999999999999999999999999999999999999")), -1);
  EXPECT_EQ(Compare(N("99999999999999999999999999999999999999"), N("0.1")), 1);
  EXPECT_EQ(Compare(N("0.1"), N("99999999999999999999999999999999999999")), -1);
  EXPECT_EQ(Sign(N("-0.001")), -1);
  EXPECT_EQ(Sign(N("0.000")), 0);
  EXPECT_EQ(Sign(N("5")), 1);
}

TEST(NumericTest, NormalizeStripsFractionalZeros) {
  VarNumeric v = Normalize(N("1.500"));
  EXPECT_EQ(v.value, 15);
  EXPECT_EQ(v.scale, 1);
  v = Normalize(N("0.000"));
  EXPECT_EQ(v.value, 0);
  EXPECT_EQ(v.scale, 0);
  v = Normalize(N("100.00"));
  EXPECT_EQ(v.value, 100);
  EXPECT_EQ(v.scale, 0);
}

TEST(NumericTest, FromDoubleRejectsNaNAndInfinity) {
  EXPECT_EQ(Outcome([] { return Format(FromDouble(std::nan(""))); }), "22003: cannot convert NaN to numeric");
  EXPECT_EQ(Outcome([] { return Format(FromDouble(-HUGE_VAL)); }),
            "22003: cannot convert infinity to numeric");
  EXPECT_EQ(Outcome([] { return Format(FromFloat(std::numeric_limits<float>::infinity())); }),
            "22003: cannot convert infinity to numeric");
  EXPECT_EQ(Format(FromDouble(1e300 * 0.0)), "0");
}

TEST(NumericTest, ToDoubleIsCorrectlyRounded) {
  EXPECT_EQ(ToDouble(1, 1), 0.1);
  EXPECT_EQ(ToDouble(N("123456789012345678901234567890")), 1.2345678901234568e29);
  EXPECT_EQ(ToDouble(N("-0.000000000000000000000000000001")), -1e-30);
  EXPECT_EQ(ToDouble(12, -3), 12000.0);
  std::string message = Outcome([] { return std::to_string(ToDouble(N("1e-400"))); });
  EXPECT_EQ(message.substr(0, 10), "22003: \"0.");
  EXPECT_NE(message.find("\" is out of range for type double precision"), std::string::npos);
}

TEST(NumericTest, RandomArithmeticIsConsistent) {
  std::mt19937_64 rng(42);
  auto random_value = [&] {
    int digits = static_cast<int>(rng() % 18) + 1;
    int64_t value = static_cast<int64_t>(rng() % static_cast<uint64_t>(Pow10Int64(digits)));
    if (rng() % 2) value = -value;
    return VarNumeric{value, static_cast<int32_t>(rng() % 12)};
  };
  for (int i = 0; i < 2000; i++) {
    VarNumeric a = random_value();
    VarNumeric b = random_value();
    VarNumeric difference = Subtract(a, b);
    EXPECT_EQ(Compare(a, b), Sign(difference));
    EXPECT_EQ(Compare(Add(difference, b), a), 0);
    EXPECT_EQ(Compare(Normalize(a), a), 0);
    EXPECT_EQ(Compare(Parse(Format(a)), a), 0);
    if (b.value != 0) {
      // a % b has a's sign, is smaller than b, and a - a % b is a whole multiple of b.
      VarNumeric remainder = Modulo(a, b);
      EXPECT_TRUE(remainder.value == 0 || Sign(remainder) == Sign(a));
      EXPECT_LT(Compare(Abs(remainder), Abs(b)), 0);
      VarNumeric whole = Subtract(a, remainder);
      VarNumeric multiple = DivideToScale(whole, b, 0);
      EXPECT_EQ(Compare(Multiply(multiple, b), whole), 0);
    }
  }
}

TEST(NumericTest, FloatTextRoundTrips) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; i++) {
    uint64_t bits = rng();
    double d;
    std::memcpy(&d, &bits, sizeof(d));
    if (std::isnan(d)) continue;
    EXPECT_EQ(ParseDouble(FormatDouble(d)), d) << FormatDouble(d);
    uint32_t fbits = static_cast<uint32_t>(bits >> 32);
    float f;
    std::memcpy(&f, &fbits, sizeof(f));
    if (std::isnan(f)) continue;
    EXPECT_EQ(ParseFloat(FormatFloat(f)), f) << FormatFloat(f);
  }
}

}  // namespace
}  // namespace numeric
}  // namespace stockroom
