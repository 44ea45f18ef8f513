// Arithmetic, bitwise, power and || operators. Every expected string in the tables is what
// PostgreSQL 15 printed for the same expression (see scalar_function_harness.hpp for the
// argument notation); errors are "SQLSTATE: message".
#include <gtest/gtest.h>

#include "function/scalar/scalar_function_harness.hpp"

namespace stockroom {
namespace scalar_test {
namespace {

TEST(ArithmeticOperatorsTest, IntegerAndFloat) {
  Session session;
  const Case cases[] = {
      {"+;i2:32767;i2:1", "22003: smallint out of range"},
      {"+;i2:32767;i4:1", "32768"},
      {"+;i4:2147483647;i4:1", "22003: integer out of range"},
      {"+;i4:2147483647;i8:1", "2147483648"},
      {"+;i8:9223372036854775807;i8:1", "22003: bigint out of range"},
      {"+;i8:9223372036854775807;i2:-1", "9223372036854775806"},
      {"-;i2:-32768;i2:1", "22003: smallint out of range"},
      {"-;i4:-2147483648;i4:1", "22003: integer out of range"},
      {"-;i8:-9223372036854775808;i4:1", "22003: bigint out of range"},
      {"-;i4:5;i8:7", "-2"},
      {"*;i2:200;i2:200", "22003: smallint out of range"},
      {"*;i2:200;i4:200", "40000"},
      {"*;i4:65536;i4:65536", "22003: integer out of range"},
      {"*;i8:4294967296;i8:4294967296", "22003: bigint out of range"},
      {"*;i8:3037000499;i8:3037000499", "9223372030926249001"},
      {"*;i4:-7;i2:6", "-42"},
      {"/;i4:-7;i4:2", "-3"},
      {"/;i4:7;i4:-2", "-3"},
      {"/;i4:7;i4:0", "22012: division by zero"},
      {"/;i2:-32768;i2:-1", "22003: smallint out of range"},
      {"/;i4:-2147483648;i4:-1", "22003: integer out of range"},
      {"/;i8:-9223372036854775808;i8:-1", "22003: bigint out of range"},
      {"/;i8:-9223372036854775808;i4:-1", "22003: bigint out of range"},
      {"/;i2:-32768;i4:-1", "32768"},
      {"/;i8:100;i2:7", "14"},
      {"%;i4:-7;i4:2", "-1"},
      {"%;i4:7;i4:-2", "1"},
      {"%;i4:-2147483648;i4:-1", "0"},
      {"%;i2:-32768;i2:-1", "0"},
      {"%;i8:-9223372036854775808;i8:-1", "0"},
      {"%;i4:7;i4:0", "22012: division by zero"},
      {"%;i8:17;i8:5", "2"},
      {"-;i4:-2147483648", "22003: integer out of range"},
      {"-;i2:-32768", "22003: smallint out of range"},
      {"-;i8:-9223372036854775808", "22003: bigint out of range"},
      {"-;i4:5", "-5"},
      {"+;i4:5", "5"},
      {"@;i4:-5", "5"},
      {"@;i4:-2147483648", "22003: integer out of range"},
      {"@;i2:-32768", "22003: smallint out of range"},
      {"@;i8:-9", "9"},
      {"&;i4:12;i4:10", "8"},
      {"|;i4:12;i4:10", "14"},
      {"~;i4:5", "-6"},
      {"~;i2:5", "-6"},
      {"~;i8:-1", "0"},
      {"&;i2:12;i2:10", "8"},
      {"<<;i4:1;i4:33", "2"},
      {"<<;i4:1;i4:-1", "-2147483648"},
      {"<<;i2:1;i4:16", "0"},
      {"<<;i2:1;i4:15", "-32768"},
      {">>;i4:-8;i4:1", "-4"},
      {"<<;i8:1;i4:65", "2"},
      {">>;i2:-8;i4:20", "-1"},
      {">>;i8:-9223372036854775808;i4:63", "-1"},
      {"<<;i8:1;i4:62", "4611686018427387904"},
      {"+;f8:0.1;f8:0.2", "0.30000000000000004"},
      {"+;f8:1e308;f8:1e308", "22003: value out of range: overflow"},
      {"-;f8:-1e308;f8:1e308", "22003: value out of range: overflow"},
      {"+;f8:Infinity;f8:1", "Infinity"},
      {"-;f8:Infinity;f8:Infinity", "NaN"},
      {"*;f8:1e308;f8:10", "22003: value out of range: overflow"},
      {"*;f8:1e-300;f8:1e-300", "22003: value out of range: underflow"},
      {"*;f8:Infinity;f8:0", "NaN"},
      {"*;f8:0;f8:5", "0"},
      {"/;f8:1;f8:0", "22012: division by zero"},
      {"/;f8:0;f8:0", "22012: division by zero"},
      {"/;f8:NaN;f8:0", "NaN"},
      {"/;f8:1;f8:Infinity", "0"},
      {"/;f8:1e-200;f8:1e200", "22003: value out of range: underflow"},
      {"/;f8:1e200;f8:1e-200", "22003: value out of range: overflow"},
      {"/;f8:1;f8:3", "0.3333333333333333"},
      {"+;f4:0.1;f4:0.2", "0.3"},
      {"*;f4:0.1;f4:3", "0.3"},
      {"/;f4:1;f4:3", "0.33333334"},
      {"+;f4:3e38;f4:3e38", "22003: value out of range: overflow"},
      {"*;f4:1e-38;f4:1e-10", "22003: value out of range: underflow"},
      {"*;f4:1e38;f8:10", "9.999999680285692e+38"},
      {"+;f8:1.5;f4:0.1", "1.6000000014901161"},
      {"-;f4:1.5;f8:0.1", "1.4"},
      {"/;f4:1;f8:3", "0.3333333333333333"},
      {"-;f8:0", "-0"},
      {"-;f4:1.5", "-1.5"},
      {"@;f8:-0", "0"},
      {"@;f4:-2.5", "2.5"},
      {"^;f8:2;f8:10", "1024"},
      {"^;f8:2;f8:0.5", "1.4142135623730951"},
      {"^;f8:-8;f8:0.3333333333333333",
       "2201F: a negative number raised to a non-integer power yields a complex result"},
      {"^;f8:-2;f8:3", "-8"},
      {"^;f8:0;f8:-1", "2201F: zero raised to a negative power is undefined"},
      {"^;f8:0;f8:0", "1"},
      {"^;f8:NaN;f8:0", "1"},
      {"^;f8:1;f8:NaN", "1"},
      {"^;f8:NaN;f8:1", "NaN"},
      {"^;f8:10;f8:400", "22003: value out of range: overflow"},
      {"^;f8:10;f8:-400", "22003: value out of range: underflow"},
      {"^;f8:Infinity;f8:-2", "0"},
      {"^;f8:-1;f8:Infinity", "1"},
      {"^;f8:-Infinity;f8:3", "-Infinity"},
      {"^;f8:-Infinity;f8:-3", "-0"},
      {"^;f8:0.5;f8:-Infinity", "Infinity"},
      {"|/;f8:16", "4"},
      {"|/;f8:2", "1.4142135623730951"},
      {"|/;f8:-1", "2201F: cannot take square root of a negative number"},
      {"||/;f8:27", "3.0000000000000004"},
      {"||/;f8:-8", "-2"},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
}

TEST(ArithmeticOperatorsTest, Numeric) {
  Session session;
  const Case cases[] = {
      {"+;n:1.5;n:2.25", "3.75"},
      {"+;n(15,2):123.45;n(15,2):0.55", "124.00"},
      {"-;n(15,2):123.45;n(10,4):0.0001", "123.4499"},
      {"+;n(10,0):1;n(15,2):-0.06", "0.94"},
      {"-;n(10,0):1;n(15,2):0.06", "0.94"},
      {"*;n(15,2):1234.56;n(16,2):0.94", "1160.4864"},
      {"*;n(15,2):1234.56;n(4,3):1.005", "1240.73280"},
      {"*;n(31,4):1234.5678;n(16,2):1.08", "1333.333224"},
      {"*;n(38,10):1.0000000001;n(38,30):0.000000000000000000000000000001",
       "0.0000000000000000000000000000010000000001"},
      {"+;n(38,2):1.5;n(38,2):2.5", "4.00"},
      {"-;n(38,37):0.1234567890123456789012345678901234567;n(38,0):5",
       "-4.8765432109876543210987654321098765433"},
      {"/;n(15,2):10.00;n(10,0):3", "3.3333333333333333"},
      {"/;n(10,0):1;n(10,0):3", "0.33333333333333333333"},
      {"/;n(10,0):2;n(10,0):3", "0.66666666666666666667"},
      {"/;n:1.0;n:3", "0.33333333333333333333"},
      {"/;n(15,2):1.00;n(15,2):0.00", "22012: division by zero"},
      {"/;n:100;n:0.0001", "1000000.000000000000"},
      {"/;n:123456789012345678;n:7", "17636684144620811"},
      {"/;v:1;v:7", "0.14285714285714285714"},
      {"/;n:-7.5;n:2", "-3.7500000000000000"},
      {"%;n:10.5;n:3", "1.5"},
      {"%;n:-10.5;n:3", "-1.5"},
      {"%;n:10;n:-3.25", "0.25"},
      {"%;n(10,0):7;n(10,0):0", "22012: division by zero"},
      {"%;n:0.0001;n:7", "0.0001"},
      {"%;n(38,0):12345678901234567890123456789012345678;n:0.7", "0.6"},
      {"+;v:1.5;n(15,2):2.25", "3.75"},
      {"*;v:0.1;v:0.1", "0.01"},
      {"-;v:1;v:0.000000000000000000001", "0.999999999999999999999"},
      {"*;v:123456789012345678901234567890;v:10", "1234567890123456789012345678900"},
      {"-;n(15,2):12.34", "-12.34"},
      {"-;n(38,5):123.45678", "-123.45678"},
      {"-;v:0.000", "0.000"},
      {"+;n(15,2):12.34", "12.34"},
      {"@;n(15,2):-12.34", "12.34"},
      {"@;v:-1.500", "1.500"},
      {"^;v:2;v:10", "1024.0000000000000000"},
      {"^;v:2;n:0.5", "1.4142135623730950"},
      {"^;n:2.0;n:3", "8.0000000000000000"},
      {"^;v:0.5;v:100", "0.0000000000000000"},
      {"^;v:10;v:-20", "0.0000000000000000"},
      {"^;v:2;v:-1", "0.5000000000000000"},
      {"^;v:0;v:0", "1.0000000000000000"},
      {"^;v:0;v:0.5", "0.0000000000000000"},
      {"^;v:0.0;v:3", "0.0000000000000000"},
      {"^;v:-2;v:3", "-8.0000000000000000"},
      {"^;v:1.5;v:2", "2.2500000000000000"},
      {"^;v:1.25;v:3", "1.9531250000000000"},
      {"^;v:7;v:2.0", "49.0000000000000000"},
      {"^;v:1.0000001;v:1000000.5", "1.1051709678083377"},
      {"^;v:0.9;v:200.5", "0.0000000006693035716806420"},
      {"^;v:9;v:0.5", "3.0000000000000000"},
      {"^;v:27;v:0.33333333333333333333", "2.99999999999999999997"},
      {"^;v:100;v:2.5", "100000.00000000000"},
      {"^;v:1.5;v:40", "11057332.3209400121422732"},
      {"^;v:0;v:-1", "2201F: zero raised to a negative power is undefined"},
      {"^;v:-2;v:0.5", "2201F: a negative number raised to a non-integer power yields a complex result"},
      {"^;v:2;v:3.000", "8.0000000000000000"},
      {"^;v:1.5;v:-3", "0.2962962962962963"},
      {"^;v:-1.5;v:3", "-3.3750000000000000"},
      {"^;v:0.001;v:-5", "1000000000000000.0000000000000000"},
      {"^;v:3;v:-2", "0.1111111111111111"},
      {"^;v:12.345;v:7", "43695595.2407743834416710"},
      {"^;v:2;v:-1074", "0.0000000000000000"},
      {"^;v:10;v:-100", "0.0000000000000000"},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
}

TEST(ArithmeticOperatorsTest, TextConcatenation) {
  Session session("America/New_York");
  const Case cases[] = {
      {"||;t:a;t:b", "ab"},
      {"||;t:abcdefgh;t:ijklmnopqrstuvwxyz", "abcdefghijklmnopqrstuvwxyz"},
      {"||;t:a;i4:1", "a1"},
      {"||;i4:1;t:a", "1a"},
      {"||;t:a;b:true", "atrue"},
      {"||;b:false;t:a", "falsea"},
      {"||;t:a;n(15,2):1.50", "a1.50"},
      {"||;t:a;v:1.50", "a1.50"},
      {"||;t:a;iv:1 day", "a1 day"},
      {"||;t:a;null:i4", "NULL"},
      {"||;null:t;t:a", "NULL"},
      {"||;t:x;f8:1e20", "x1e+20"},
      {"||;t:x;f4:0.1", "x0.1"},
      {"||;t:a;d:2024-01-01", "a2024-01-01"},
      {"||;ts:2024-01-01 10:00;t:!", "2024-01-01 10:00:00!"},
      {"||;t:at ;tz:2024-07-01 12:00+00", "at 2024-07-01 08:00:00-04"},
      {"||;t:;t:", ""},
      {"||;i8:-9223372036854775808;t:", "-9223372036854775808"},
      {"||;i2:5;t:x", "5x"},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
}

TEST(ArithmeticOperatorsTest, NumericResultTypes) {
  Session session;
  // Fixed-scale inputs keep a fixed-scale result while its digits fit in 38.
  EXPECT_EQ(ResultType(session, "+", {"n(15,2):1", "n(10,0):1"}), LogicalType::Numeric(16, 2));
  EXPECT_EQ(ResultType(session, "-", {"n(15,2):1", "n(10,4):1"}), LogicalType::Numeric(18, 4));
  EXPECT_EQ(ResultType(session, "*", {"n(15,2):1", "n(16,2):1"}), LogicalType::Numeric(31, 4));
  EXPECT_EQ(ResultType(session, "*", {"n(5,2):1", "n(4,3):1"}), LogicalType::Numeric(9, 5));
  EXPECT_EQ(ResultType(session, "%", {"n(15,2):1", "n(10,4):1"}), LogicalType::Numeric(17, 4));
  EXPECT_EQ(ResultType(session, "-", {"n(15,2):1"}), LogicalType::Numeric(15, 2));
  EXPECT_EQ(ResultType(session, "@", {"n(20,3):1"}), LogicalType::Numeric(20, 3));
  // Past 38 digits, division, and unconstrained inputs give unconstrained numeric.
  EXPECT_EQ(ResultType(session, "*", {"n(31,4):1", "n(16,2):1"}), LogicalType(TypeId::kNumeric));
  EXPECT_EQ(ResultType(session, "+", {"n(38,2):1", "n(10,0):1"}), LogicalType(TypeId::kNumeric));
  EXPECT_EQ(ResultType(session, "/", {"n(15,2):1", "n(15,2):1"}), LogicalType(TypeId::kNumeric));
  EXPECT_EQ(ResultType(session, "+", {"v:1", "n(15,2):1"}), LogicalType(TypeId::kNumeric));
  EXPECT_EQ(ResultType(session, "^", {"v:2", "v:3"}), LogicalType(TypeId::kNumeric));
}

TEST(ArithmeticOperatorsTest, NumericBeyondThirtyEightDigits) {
  Session session;
  // Stockroom keeps 38 significant digits: integer digits past that are an error where
  // PostgreSQL would still print the value, and fractional digits are dropped first.
  EXPECT_EQ(EvalCase(session, "+;n(38,0):99999999999999999999999999999999999999;n(38,0):1"),
            "22003: value overflows numeric format");
  EXPECT_EQ(EvalCase(session, "^;v:2;v:100"), "1267650600228229401496703205376.0000000");
  EXPECT_EQ(EvalCase(session, "*;v:123456789012345678901234567.89;v:0.001"),
            "123456789012345678901234.56789");
}

// Runs a prepared kernel on chunks the executor can hand it: flat with NULLs, a dictionary
// slice, a constant on one side.
TEST(ArithmeticOperatorsTest, VectorShapes) {
  Session session;
  Prepared p = Prepare(session, "*", {ParseSpec("n(15,2):0"), ParseSpec("n(16,2):0")});
  ASSERT_EQ(p.function.return_type, LogicalType::Numeric(31, 4));
  DataChunk args;
  args.Initialize({LogicalType::Numeric(15, 2), LogicalType::Numeric(16, 2)});
  for (idx_t i = 0; i < kVectorSize; i++) {
    args.column(0).SetValue(i, i % 7 == 3 ? Value::Null(LogicalType::Numeric(15, 2))
                                          : Value::Numeric(LogicalType::Numeric(15, 2), 100 * i + 5));
  }
  args.column(1) = Vector(Value::Numeric(LogicalType::Numeric(16, 2), 94));  // 0.94
  args.SetCardinality(kVectorSize);
  BoundConstant dummy(Value::Integer(0));
  ExpressionState state(dummy, &session.context());
  Vector result(p.function.return_type);
  p.function.function(args, state, result);
  for (idx_t i = 0; i < kVectorSize; i++) {
    Value v = result.GetValue(i);
    if (i % 7 == 3) {
      EXPECT_TRUE(v.IsNull()) << i;
    } else {
      ASSERT_FALSE(v.IsNull()) << i;
      EXPECT_EQ(v.GetInt128(), static_cast<int128_t>(100 * i + 5) * 94) << i;
    }
  }

  // A dictionary slice (what a filter produces) of the left column, added to itself.
  Prepared add = Prepare(session, "+", {ParseSpec("n(15,2):0"), ParseSpec("n(15,2):0")});
  SelectionVector sel(4);
  for (sel_t i = 0; i < 4; i++) sel.Set(i, i * 3 + 1);  // rows 1, 4, 7, 10
  DataChunk sliced;
  sliced.Initialize({LogicalType::Numeric(15, 2), LogicalType::Numeric(15, 2)});
  sliced.column(0).Slice(args.column(0), sel, 4);
  sliced.column(1).Slice(args.column(0), sel, 4);
  sliced.SetCardinality(4);
  Vector sum(add.function.return_type);
  add.function.function(sliced, state, sum);
  EXPECT_EQ(sum.GetValue(0).ToString(), "2.10");
  EXPECT_EQ(sum.GetValue(1).ToString(), "8.10");
  EXPECT_EQ(sum.GetValue(2).ToString(), "14.10");
  EXPECT_TRUE(sum.GetValue(3).IsNull());  // row 10
}

}  // namespace
}  // namespace scalar_test
}  // namespace stockroom
