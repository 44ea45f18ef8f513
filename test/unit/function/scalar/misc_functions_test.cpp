// Session information, pg_typeof, grouping_bits, and Redshift's nvl, nvl2 and decode
// (Redshift semantics: NULL matches NULL in decode; results take the branches' common
// type). pg_typeof expectations are what PostgreSQL 15 printed.
#include <gtest/gtest.h>

#include "function/scalar/scalar_function_harness.hpp"

namespace stockroom {
namespace scalar_test {
namespace {

TEST(MiscFunctionsTest, SessionInformation) {
  Session session;
  EXPECT_EQ(EvalCase(session, "version"), "PostgreSQL 15.0 (Stockroom)");
  EXPECT_EQ(EvalCase(session, "current_user"), "stockroom");
  EXPECT_EQ(EvalCase(session, "session_user"), "stockroom");
  EXPECT_EQ(EvalCase(session, "current_schema"), "public");
  EXPECT_EQ(EvalCase(session, "current_database"), "stockroom");
  EXPECT_GT(std::stoi(EvalCase(session, "pg_backend_pid")), 0);
  EXPECT_EQ(Prepare(session, "current_user", {}).function.volatility, Volatility::kStable);
}

TEST(MiscFunctionsTest, TypeOf) {
  Session session;
  const Case cases[] = {
      {"pg_typeof;u:abc", "unknown"},
      {"pg_typeof;i4:1", "integer"},
      {"pg_typeof;i2:1", "smallint"},
      {"pg_typeof;n(15,2):1.5", "numeric"},
      {"pg_typeof;vc:abc", "character varying"},
      {"pg_typeof;null:ts", "timestamp without time zone"},
      {"pg_typeof;tz:2024-01-01 00:00+00", "timestamp with time zone"},
      {"pg_typeof;iv:1 day", "interval"},
      {"pg_typeof;f8:1", "double precision"},
      {"pg_typeof;b:true", "boolean"},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
}

// '1'::float8 is bound as an explicit cast of an unknown literal: its type is the cast's.
TEST(MiscFunctionsTest, TypeOfExplicitCastOfLiteral) {
  Session session;
  ScalarFunction function = FunctionRegistry::Get().Scalar("pg_typeof")->front();
  BoundExpressionList args;
  auto cast = std::make_unique<BoundCast>(std::make_unique<BoundConstant>(Value::String(TypeId::kUnknown, "1")),
                                          TypeId::kDouble, nullptr);
  cast->explicit_cast = true;
  args.push_back(std::move(cast));
  std::shared_ptr<FunctionData> data = function.bind(session.context(), function, args);
  DataChunk chunk;
  chunk.Initialize({TypeId::kDouble});
  chunk.column(0).SetValue(0, Value::Double(1));
  chunk.SetCardinality(1);
  BoundConstant dummy(Value::Integer(0));
  ExpressionState state(dummy, &session.context());
  state.bind_data = data.get();
  Vector result(function.return_type);
  function.function(chunk, state, result);
  EXPECT_EQ(result.GetValue(0).ToString(), "double precision");
}

TEST(MiscFunctionsTest, GroupingBits) {
  Session session;
  // Bit i of the grouping id is set when group expression i is not grouped in that set;
  // the first listed position becomes the most significant bit.
  EXPECT_EQ(EvalCase(session, "grouping_bits;i8:0;t:0"), "0");
  EXPECT_EQ(EvalCase(session, "grouping_bits;i8:1;t:0"), "1");
  EXPECT_EQ(EvalCase(session, "grouping_bits;i8:5;t:2,0"), "3");
  EXPECT_EQ(EvalCase(session, "grouping_bits;i8:5;t:0,1,2"), "5");
  EXPECT_EQ(EvalCase(session, "grouping_bits;i8:4;t:0,2"), "1");
  EXPECT_EQ(EvalCase(session, "grouping_bits;i8:6;t:1"), "1");
  EXPECT_EQ(EvalCase(session, "grouping_bits;null:i8;t:0"), "NULL");
}

TEST(MiscFunctionsTest, Nvl) {
  Session session;
  const Case cases[] = {
      {"nvl;i4:1;i4:2", "1"},
      {"nvl;null:i4;i4:2", "2"},
      {"nvl;null:i4;null:i4", "NULL"},
      {"nvl;null:t;t:fallback", "fallback"},
      {"nvl;t:a long string value here;t:x", "a long string value here"},
      {"nvl;null:i4;u:42", "42"},
      {"nvl;u:x;u:y", "x"},
      {"nvl;null:i4;i8:5", "5"},
      {"nvl;null:n(15,2);v:1.5", "1.5"},
      {"nvl;i4:1;t:x", "42804: COALESCE types integer and text cannot be matched"},
      {"nvl2;i4:1;t:yes;t:no", "yes"},
      {"nvl2;null:i4;t:yes;t:no", "no"},
      {"nvl2;t:x;i4:1;i8:2", "1"},
      {"nvl2;null:t;i4:1;null:i4", "NULL"},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
  EXPECT_EQ(ResultType(session, "nvl", {"null:i4", "i8:5"}), LogicalType(TypeId::kBigInt));
  EXPECT_EQ(ResultType(session, "nvl2", {"t:x", "i4:1", "f8:2"}), LogicalType(TypeId::kDouble));
}

TEST(MiscFunctionsTest, Decode) {
  Session session;
  const Case cases[] = {
      {"decode;i4:1;i4:1;t:one;i4:2;t:two;t:other", "one"},
      {"decode;i4:2;i4:1;t:one;i4:2;t:two;t:other", "two"},
      {"decode;i4:3;i4:1;t:one;i4:2;t:two;t:other", "other"},
      {"decode;i4:3;i4:1;t:one;i4:2;t:two", "NULL"},
      {"decode;null:i4;i4:1;t:one;null:i4;t:null matched;t:other", "null matched"},
      {"decode;null:i4;i4:1;t:one;t:other", "other"},
      {"decode;t:b;u:a;i4:1;u:b;i4:2", "2"},
      {"decode;i4:2;i8:2;i4:3;f8:7.5", "3"},
      {"decode;f8:NaN;f8:NaN;t:nan;t:other", "nan"},
      {"decode;v:1.50;v:1.5;t:equal;t:different", "equal"},
      {"decode;i4:1;t:x;i4:1", "42804: CASE types integer and text cannot be matched"},
      {"decode;i4:2;i8:2;u:2.5;i4:3;i4:7", "22P02: invalid input syntax for type integer: \"2.5\""},
  };
  for (const Case& c : cases) EXPECT_EQ(EvalCase(session, c.expression), c.expected) << c.expression;
  EXPECT_EQ(ResultType(session, "decode", {"i4:2", "i8:2", "i4:3", "f8:7.5"}), LogicalType(TypeId::kDouble));
}

// nvl over a flat column with NULLs and a constant fallback.
TEST(MiscFunctionsTest, NvlVectors) {
  Session session;
  Prepared p = Prepare(session, "nvl", {ParseSpec("t:"), ParseSpec("t:")});
  DataChunk args;
  args.Initialize({TypeId::kText, TypeId::kText});
  for (idx_t i = 0; i < 100; i++) {
    args.column(0).SetValue(
        i, i % 3 == 0 ? Value::Null(TypeId::kText) : Value::Text("value number " + std::to_string(i)));
  }
  args.column(1) = Vector(Value::Text("a fallback longer than twelve bytes"));
  args.SetCardinality(100);
  BoundConstant dummy(Value::Integer(0));
  ExpressionState state(dummy, &session.context());
  Vector result(p.function.return_type);
  p.function.function(args, state, result);
  args.Reset();  // the result must not depend on the inputs' buffers being reused
  for (idx_t i = 0; i < 100; i++) {
    std::string expected =
        i % 3 == 0 ? "a fallback longer than twelve bytes" : "value number " + std::to_string(i);
    EXPECT_EQ(result.GetValue(i).ToString(), expected) << i;
  }
}

}  // namespace
}  // namespace scalar_test
}  // namespace stockroom
