#pragma once

// Calls registered scalar functions the way the executor does, on hand-built chunks, so
// tests can compare results with what PostgreSQL prints for the same expression.
//
// Arguments are written as "type:text" specs:
//   i2/i4/i8:<int>      smallint/integer/bigint
//   n:<literal>         numeric literal typed like the parser types it (numeric(p,s))
//   n(p,s):<value>      numeric(p,s)
//   v:<value>           unconstrained numeric
//   f4/f8:<value>       real/double precision
//   t:<text>, vc:<text> text, varchar;  u:<text> an untyped literal (unknown)
//   b:true/false, d:<date>, ts:<timestamp>, tz:<timestamptz>, iv:<interval>
//   null:<type>         a NULL of that spec's type, e.g. "null:i4"
// Results are PostgreSQL's text output; errors are "SQLSTATE: message".

#include <memory>
#include <string>
#include <vector>

#include "transaction/transaction.hpp"
#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/numeric.hpp"
#include "common/types/time_zone.hpp"
#include "common/types/vector.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/cast/cast_functions.hpp"
#include "function/function_registry.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {
namespace scalar_test {

inline LogicalType SpecType(const std::string& tag) {
  if (tag == "i2") return TypeId::kSmallInt;
  if (tag == "i4") return TypeId::kInteger;
  if (tag == "i8") return TypeId::kBigInt;
  if (tag == "v") return LogicalType(TypeId::kNumeric);
  if (tag == "f4") return TypeId::kReal;
  if (tag == "f8") return TypeId::kDouble;
  if (tag == "t") return TypeId::kText;
  if (tag == "vc") return LogicalType(TypeId::kVarchar);
  if (tag == "u") return TypeId::kUnknown;
  if (tag == "b") return TypeId::kBoolean;
  if (tag == "d") return TypeId::kDate;
  if (tag == "ts") return TypeId::kTimestamp;
  if (tag == "tz") return TypeId::kTimestampTz;
  if (tag == "iv") return TypeId::kInterval;
  if (tag.rfind("n(", 0) == 0) {
    int p = std::stoi(tag.substr(2));
    int s = std::stoi(tag.substr(tag.find(',') + 1));
    return LogicalType::Numeric(p, s);
  }
  throw std::runtime_error("bad spec type " + tag);
}

// Builds the Value a spec stands for.
inline Value ParseSpec(const std::string& spec) {
  size_t colon = spec.find(':');
  std::string tag = spec.substr(0, colon);
  std::string text = spec.substr(colon + 1);
  if (tag == "null") {
    if (text == "n") return Value::Null(LogicalType::Numeric(10, 0));
    return Value::Null(SpecType(text));
  }
  if (tag == "n") {
    // As the parser types a numeric literal: precision from its digits.
    VarNumeric v = numeric::Parse(text);
    uint128_t mag = v.value < 0 ? -static_cast<uint128_t>(v.value) : static_cast<uint128_t>(v.value);
    int precision = std::max({DecimalDigits(mag), static_cast<int>(v.scale), 1});
    if (precision > kMaxNumericPrecision) return Value::VarNum(v);
    return Value::Numeric(LogicalType::Numeric(precision, v.scale), v.value);
  }
  LogicalType type = SpecType(tag);
  switch (type.id()) {
    case TypeId::kSmallInt:
      return Value::SmallInt(static_cast<int16_t>(std::stol(text)));
    case TypeId::kInteger:
      return Value::Integer(static_cast<int32_t>(std::stol(text)));
    case TypeId::kBigInt:
      return Value::BigInt(std::stoll(text));
    case TypeId::kNumeric: {
      VarNumeric v = numeric::Parse(text);
      if (type.width() == 0) return Value::VarNum(v);
      return Value::Numeric(type, numeric::ToTypmod(v, type.width(), type.scale()));
    }
    case TypeId::kReal:
      return Value::Real(ParseFloat(text));
    case TypeId::kDouble:
      return Value::Double(ParseDouble(text));
    case TypeId::kBoolean:
      return Value::Boolean(text == "true");
    case TypeId::kDate:
      return Value::Date(date_time::ParseDate(text));
    case TypeId::kTimestamp:
      return Value::Timestamp(date_time::ParseTimestamp(text));
    case TypeId::kTimestampTz:
      return Value::TimestampTz(date_time::ParseTimestampTz(text, TimeZone::Utc()));
    case TypeId::kInterval:
      return Value::Interval(date_time::ParseInterval(text));
    default:
      return Value::String(type, text);
  }
}

// A session to bind and run functions in; the time zone is settable.
class Session {
 public:
  explicit Session(const std::string& time_zone = "UTC") {
    settings_.time_zone = TimeZone::Find(time_zone);
    context_ = std::make_unique<ClientContext>(db_, settings_, transaction_);
  }
  ClientContext& context() { return *context_; }

 private:
  Database db_;
  SessionSettings settings_;
  Transaction transaction_{0};
  std::unique_ptr<ClientContext> context_;
};

// Whether overload `f` takes arguments of exactly these types (TypeId level; "any"
// parameters take anything).
inline bool Matches(const ScalarFunction& f, const std::vector<LogicalType>& types) {
  bool variadic = f.varargs.id() != TypeId::kInvalid;
  if (types.size() < f.arguments.size() || (!variadic && types.size() != f.arguments.size())) return false;
  for (size_t i = 0; i < types.size(); i++) {
    const LogicalType& p = i < f.arguments.size() ? f.arguments[i] : f.varargs;
    if (p.id() != TypeId::kInvalid && p.id() != types[i].id()) return false;
  }
  return true;
}

// Evaluates an argument expression after binding: a constant, or a cast of one.
inline Value EvaluateArgument(const BoundExpression& expr, ClientContext& context) {
  if (expr.kind == BoundExprKind::kConstant) return static_cast<const BoundConstant&>(expr).value;
  if (expr.kind == BoundExprKind::kCast) {
    auto& cast = static_cast<const BoundCast&>(expr);
    Value child = EvaluateArgument(*cast.child, context);
    if (child.type().id() == TypeId::kUnknown && cast.type.id() == TypeId::kText) {
      return child.IsNull() ? Value::Null(TypeId::kText) : Value::Text(child.GetString());
    }
    return CastValue(child, cast.type, &context, false);
  }
  throw std::runtime_error("cannot evaluate " + expr.ToString());
}

struct Prepared {
  ScalarFunction function;
  std::shared_ptr<FunctionData> bind_data;
  std::vector<Value> arguments;  // after the bind hook's casts
};

// Resolves `name` for the argument values and runs its bind hook. An untyped ("u") argument
// reaches an "any" parameter as a cast to text, as the binder passes it.
inline Prepared Prepare(Session& session, const std::string& name, const std::vector<Value>& values) {
  const auto* overloads = FunctionRegistry::Get().Scalar(name);
  if (!overloads) throw std::runtime_error("no function " + name);
  std::vector<LogicalType> types;
  for (auto& v : values) types.push_back(v.type());
  for (const ScalarFunction& candidate : *overloads) {
    if (!Matches(candidate, types)) continue;
    Prepared p;
    p.function = candidate;
    BoundExpressionList exprs;
    for (size_t i = 0; i < values.size(); i++) {
      Value v = values[i];
      const LogicalType& param = i < candidate.arguments.size() ? candidate.arguments[i] : candidate.varargs;
      if (!candidate.bind && param.IsUnconstrainedNumeric() && v.type().id() == TypeId::kNumeric &&
          v.type().width() > 0) {
        // Without a bind hook the binder hands over unconstrained numeric.
        v = v.IsNull() ? Value::Null(param)
                       : Value::VarNum(VarNumeric{
                             v.type().physical() == PhysicalType::kInt64 ? v.GetInt64() : v.GetInt128(),
                             v.type().scale()});
      }
      std::unique_ptr<BoundExpression> e = std::make_unique<BoundConstant>(v);
      if (v.type().id() == TypeId::kUnknown) {
        auto cast = std::make_unique<BoundCast>(std::move(e), TypeId::kText, nullptr);
        cast->explicit_cast = false;
        e = std::move(cast);
      }
      exprs.push_back(std::move(e));
    }
    if (p.function.bind) p.bind_data = p.function.bind(session.context(), p.function, exprs);
    for (auto& e : exprs) p.arguments.push_back(EvaluateArgument(*e, session.context()));
    return p;
  }
  std::string list;
  for (auto& t : types) list += t.ToString() + " ";
  throw std::runtime_error("no overload of " + name + " for " + list);
}

// Runs the kernel on `rows` copies of the arguments, as flat vectors (constant vectors when
// `constant`), and returns the result vector.
inline Vector RunKernel(Session& session, const Prepared& p, idx_t rows, bool constant) {
  DataChunk args;
  std::vector<LogicalType> types;
  for (auto& v : p.arguments) types.push_back(v.type());
  args.Initialize(types, std::max<idx_t>(rows, 1));
  for (size_t c = 0; c < p.arguments.size(); c++) {
    if (constant) {
      args.column(c) = Vector(p.arguments[c]);
    } else {
      for (idx_t r = 0; r < rows; r++) args.column(c).SetValue(r, p.arguments[c]);
    }
  }
  args.SetCardinality(rows);
  BoundConstant dummy(Value::Integer(0));
  ExpressionState state(dummy, &session.context());
  state.bind_data = p.bind_data.get();
  Vector result(p.function.return_type);
  p.function.function(args, state, result);
  return result;
}

inline std::string Describe(const Value& v, Session& session) {
  if (v.IsNull()) return "NULL";
  return v.ToString(&session.context().time_zone());
}

// Evaluates name(args...) and returns PostgreSQL's text output of the result, or
// "SQLSTATE: message". Also checks that flat and constant inputs agree.
inline std::string Eval(Session& session, const std::string& name, const std::vector<std::string>& specs) {
  try {
    std::vector<Value> values;
    for (auto& s : specs) values.push_back(ParseSpec(s));
    Prepared p = Prepare(session, name, values);
    Vector constant = RunKernel(session, p, 1, true);
    std::string out = Describe(constant.GetValue(0), session);
    Vector flat = RunKernel(session, p, 3, false);
    for (idx_t r = 0; r < 3; r++) {
      std::string row = Describe(flat.GetValue(r), session);
      if (row != out) return "flat/constant mismatch: " + row + " vs " + out;
    }
    return out;
  } catch (const SqlError& e) {
    return std::string(e.sqlstate()) + ": " + e.what();
  }
}

// Evaluates a case written "name;spec;spec..." (operators by symbol).
inline std::string EvalCase(Session& session, const std::string& text) {
  std::vector<std::string> parts;
  size_t start = 0;
  for (;;) {
    size_t end = text.find(';', start);
    parts.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  std::string name = parts[0];
  parts.erase(parts.begin());
  return Eval(session, name, parts);
}

// One expression and PostgreSQL 15's output for it.
struct Case {
  const char* expression;
  const char* expected;
};

// The result type the overload for these arguments ends up with after binding.
inline LogicalType ResultType(Session& session, const std::string& name,
                              const std::vector<std::string>& specs) {
  std::vector<Value> values;
  for (auto& s : specs) values.push_back(ParseSpec(s));
  return Prepare(session, name, values).function.return_type;
}

}  // namespace scalar_test
}  // namespace stockroom
