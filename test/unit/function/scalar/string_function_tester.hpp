#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/function_registry.hpp"

// Calls registered scalar functions the way the executor does, on hand-built DataChunks,
// for the string and pattern function tests.
namespace stockroom::string_test {

constexpr const char* kNull = "<NULL>";

// Stands in for the expression an ExpressionState belongs to; kernels never look at it.
class TestExpression : public BoundExpression {
 public:
  TestExpression() : BoundExpression(BoundExprKind::kFunction, TypeId::kText) {}
  std::unique_ptr<BoundExpression> Copy() const override { return std::make_unique<TestExpression>(); }
  std::string ToString() const override { return "test"; }
  bool Equals(const BoundExpression& other) const override { return &other == this; }
};

inline Value T(const char* s) { return Value::Text(s); }
inline Value I(int32_t v) { return Value::Integer(v); }
inline Value B(bool v) { return Value::Boolean(v); }
inline Value NullText() { return Value::Null(TypeId::kText); }
inline Value NullInt() { return Value::Null(TypeId::kInteger); }
inline Value TextArray(const char* s) { return Value::String(LogicalType::Array(TypeId::kText), s); }

// Returns the overload of `name` whose argument types match `args` exactly ("any" matches
// every type, an array parameter every array).
inline const ScalarFunction& FindOverload(const std::string& name, const std::vector<Value>& args) {
  const auto* overloads = FunctionRegistry::Get().Scalar(name);
  if (!overloads) throw std::runtime_error("no function " + name);
  for (const auto& f : *overloads) {
    if (f.arguments.size() != args.size()) continue;
    bool match = true;
    for (size_t i = 0; i < args.size(); i++) {
      TypeId want = f.arguments[i].id();
      TypeId have = args[i].type().id();
      match = match && (want == TypeId::kInvalid || want == have);
    }
    if (match) return f;
  }
  throw std::runtime_error("no overload of " + name + " for these argument types");
}

inline std::string Render(const Value& v) { return v.IsNull() ? kNull : v.ToString(); }

// Runs `function` over `rows` rows whose column i is made by make_column(i).
template <class MakeColumn>
Vector RunKernel(const ScalarFunction& function, size_t columns, idx_t rows, MakeColumn&& make_column,
                 ExpressionState& state) {
  DataChunk chunk;
  std::vector<LogicalType> types;
  for (size_t i = 0; i < columns; i++) types.push_back(make_column(i).type());
  chunk.Initialize(types);
  for (size_t i = 0; i < columns; i++) chunk.column(i).Reference(make_column(i));
  chunk.SetCardinality(rows);
  Vector result(function.return_type);
  function.function(chunk, state, result);
  return result;
}

// Evaluates name(args) in three shapes (every argument constant; every argument a flat
// vector of three equal rows; the first argument flat and the rest constant), checks that
// they agree, and returns the value as PostgreSQL prints it, or kNull.
inline std::string Eval(const std::string& name, const std::vector<Value>& args) {
  const ScalarFunction& function = FindOverload(name, args);
  TestExpression expr;
  constexpr idx_t kRows = 3;
  auto flat = [&](size_t i) {
    Vector v(args[i].type(), kVectorSize);
    for (idx_t r = 0; r < kRows; r++) v.SetValue(r, args[i]);
    return v;
  };
  auto constant = [&](size_t i) { return Vector(args[i]); };

  ExpressionState constant_state(expr, nullptr);
  Vector constant_result = RunKernel(function, args.size(), kRows, constant, constant_state);
  std::string expected = Render(constant_result.GetValue(0));

  ExpressionState flat_state(expr, nullptr);
  Vector flat_result = RunKernel(function, args.size(), kRows, flat, flat_state);
  for (idx_t r = 0; r < kRows; r++) {
    EXPECT_EQ(Render(flat_result.GetValue(r)), expected) << name << " flat row " << r;
  }

  ExpressionState mixed_state(expr, nullptr);
  Vector mixed_result = RunKernel(
      function, args.size(), kRows, [&](size_t i) { return i == 0 ? flat(i) : constant(i); }, mixed_state);
  for (idx_t r = 0; r < kRows; r++) {
    EXPECT_EQ(Render(mixed_result.GetValue(r)), expected) << name << " mixed row " << r;
  }
  return expected;
}

// Evaluates name() over several rows at once (one flat column per argument), for row-to-row
// changes such as NULLs in some rows or a pattern that varies.
inline std::vector<std::string> EvalRows(const std::string& name,
                                         const std::vector<std::vector<Value>>& rows) {
  const ScalarFunction& function = FindOverload(name, rows.at(0));
  TestExpression expr;
  ExpressionState state(expr, nullptr);
  Vector result = RunKernel(
      function, rows[0].size(), rows.size(),
      [&](size_t i) {
        Vector v(rows[0][i].type(), kVectorSize);
        for (size_t r = 0; r < rows.size(); r++) v.SetValue(r, rows[r][i]);
        return v;
      },
      state);
  std::vector<std::string> out;
  for (size_t r = 0; r < rows.size(); r++) out.push_back(Render(result.GetValue(r)));
  return out;
}

// Returns "SQLSTATE: message" for `code`, as EvalError reports errors.
inline std::string Error(ErrorCode code, const std::string& message) {
  return std::string(SqlState(code)) + ": " + message;
}

// Returns "SQLSTATE: message" of the error name(args) raises, or "no error".
inline std::string EvalError(const std::string& name, const std::vector<Value>& args) {
  try {
    Eval(name, args);
  } catch (const SqlError& e) {
    return std::string(e.sqlstate()) + ": " + e.what();
  }
  return "no error";
}

}  // namespace stockroom::string_test
