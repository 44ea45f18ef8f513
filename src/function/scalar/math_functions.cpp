// Math functions on integers and double precision (PostgreSQL's float.c and int.c
// semantics, including their errors). Numeric overloads are in numeric_math.cpp,
// greatest/least in greatest_least.cpp.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>

#include "common/error/exception.hpp"
#include "function/scalar/numeric_math.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

// PostgreSQL's RADIANS_PER_DEGREE; degrees() divides by it rather than multiplying by
// 180/pi, which rounds differently.
constexpr double kRadiansPerDegree = 0.0174532925199432957692;

[[noreturn]] void ThrowOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
}
[[noreturn]] void ThrowUnderflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: underflow");
}
[[noreturn]] void ThrowInputOutOfRange() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "input is out of range");
}

template <class T>
[[noreturn]] void ThrowIntOutOfRange() {
  if constexpr (sizeof(T) == 2) throw SqlError(ErrorCode::kNumericValueOutOfRange, "smallint out of range");
  if constexpr (sizeof(T) == 4) throw SqlError(ErrorCode::kNumericValueOutOfRange, "integer out of range");
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
}

template <class T>
constexpr TypeId IntTypeId() {
  if constexpr (sizeof(T) == 2) return TypeId::kSmallInt;
  if constexpr (sizeof(T) == 4) return TypeId::kInteger;
  return TypeId::kBigInt;
}

template <double (*Fn)(double)>
void DoubleUnary(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<double, double>(args.column(0), result, args.size(), Fn);
}

double Trunc(double v) { return v >= 0 ? std::floor(v) : -std::floor(-v); }
double Sign(double v) { return v > 0 ? 1.0 : (v < 0 ? -1.0 : 0.0); }
double Ceil(double v) { return std::ceil(v); }
double Floor(double v) { return std::floor(v); }
double Rint(double v) { return std::rint(v); }
double Cbrt(double v) { return std::cbrt(v); }

double Sqrt(double v) {
  if (v < 0)
    throw SqlError(ErrorCode::kInvalidArgumentForPower, "cannot take square root of a negative number");
  return std::sqrt(v);
}

double Exp(double v) {
  if (std::isnan(v)) return v;
  if (std::isinf(v)) return v > 0 ? v : 0.0;
  double r = std::exp(v);
  if (std::isinf(r)) ThrowOverflow();
  if (r == 0.0) ThrowUnderflow();
  return r;
}

template <double (*Log)(double)>
double CheckedLog(double v) {
  if (v == 0.0) throw SqlError(ErrorCode::kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (v < 0) throw SqlError(ErrorCode::kInvalidArgumentForLog, "cannot take logarithm of a negative number");
  double r = Log(v);
  if (std::isinf(r) && !std::isinf(v)) ThrowOverflow();
  if (r == 0.0 && v != 1.0) ThrowUnderflow();
  return r;
}
double Ln(double v) { return CheckedLog<static_cast<double (*)(double)>(std::log)>(v); }
double Log10(double v) { return CheckedLog<static_cast<double (*)(double)>(std::log10)>(v); }

// sin, cos, tan: NaN passes through, infinities are out of range.
template <double (*Fn)(double)>
double Periodic(double v) {
  if (std::isnan(v)) return v;
  if (std::isinf(v)) ThrowInputOutOfRange();
  double r = Fn(v);
  if (std::isinf(r)) ThrowOverflow();
  return r;
}
double Sin(double v) { return Periodic<static_cast<double (*)(double)>(std::sin)>(v); }
double Cos(double v) { return Periodic<static_cast<double (*)(double)>(std::cos)>(v); }
double Tan(double v) { return Periodic<static_cast<double (*)(double)>(std::tan)>(v); }
double Cot(double v) {
  if (std::isnan(v)) return v;
  if (std::isinf(v)) ThrowInputOutOfRange();
  // cot(0) is Infinity, not an overflow.
  return 1.0 / std::tan(v);
}

double Asin(double v) {
  if (std::isnan(v)) return v;
  if (v < -1.0 || v > 1.0) ThrowInputOutOfRange();
  return std::asin(v);
}
double Acos(double v) {
  if (std::isnan(v)) return v;
  if (v < -1.0 || v > 1.0) ThrowInputOutOfRange();
  return std::acos(v);
}
double Atan(double v) { return std::atan(v); }
double Sinh(double v) { return std::sinh(v); }  // overflow gives +-Infinity, as in PostgreSQL
double Cosh(double v) { return std::cosh(v); }
double Tanh(double v) { return std::tanh(v); }
double Asinh(double v) { return std::asinh(v); }
double Acosh(double v) {
  if (v < 1.0) ThrowInputOutOfRange();
  return std::acosh(v);
}
double Atanh(double v) {
  if (v < -1.0 || v > 1.0) ThrowInputOutOfRange();
  if (v == -1.0) return -std::numeric_limits<double>::infinity();
  if (v == 1.0) return std::numeric_limits<double>::infinity();
  return std::atanh(v);
}

double Degrees(double v) {
  double r = v / kRadiansPerDegree;
  if (std::isinf(r) && !std::isinf(v)) ThrowOverflow();
  if (r == 0.0 && v != 0.0) ThrowUnderflow();
  return r;
}
double Radians(double v) {
  double r = v * kRadiansPerDegree;
  if (std::isinf(r) && !std::isinf(v)) ThrowOverflow();
  if (r == 0.0 && v != 0.0) ThrowUnderflow();
  return r;
}

void Atan2(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<double, double, double>(args.column(0), args.column(1), result, args.size(),
                                                  [](double y, double x) { return std::atan2(y, x); });
}

void Power(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<double, double, double>(args.column(0), args.column(1), result, args.size(),
                                                  PowerDouble);
}

void Pi(DataChunk&, ExpressionState&, Vector& result) {
  result.Reset();
  result.SetConstant();
  result.Data<double>()[0] = M_PI;
}

void Random(DataChunk& args, ExpressionState&, Vector& result) {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  result.Reset();
  double* out = result.Data<double>();
  idx_t n = std::max<idx_t>(args.size(), 1);
  // 53 random bits scaled into [0, 1).
  for (idx_t i = 0; i < n; i++) out[i] = static_cast<double>(engine() >> 11) * 0x1.0p-53;
  if (args.size() == 0) result.SetConstant();
}

template <class T>
void AbsInt(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [](T v) -> T {
    if (v == std::numeric_limits<T>::min()) ThrowIntOutOfRange<T>();
    return static_cast<T>(v < 0 ? -v : v);
  });
}

template <class T>
void AbsFloat(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [](T v) { return std::fabs(v); });
}

template <class T>
void ModInt(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<T, T, T>(args.column(0), args.column(1), result, args.size(), [](T x, T y) -> T {
    if (y == 0) throw SqlError(ErrorCode::kDivisionByZero, "division by zero");
    if (y == -1) return 0;
    return static_cast<T>(x % y);
  });
}

// gcd over magnitudes in the unsigned type; only MIN's magnitude does not fit back.
template <class T>
T GcdInt(T a, T b) {
  using U = std::make_unsigned_t<T>;
  U x = a < 0 ? U(0) - U(a) : U(a);
  U y = b < 0 ? U(0) - U(b) : U(b);
  while (y != 0) {
    U t = x % y;
    x = y;
    y = t;
  }
  if (x > static_cast<U>(std::numeric_limits<T>::max())) ThrowIntOutOfRange<T>();
  return static_cast<T>(x);
}

template <class T>
T LcmInt(T a, T b) {
  if (a == 0 || b == 0) return 0;
  T g = GcdInt(a, b);
  T r;
  if (__builtin_mul_overflow(static_cast<T>(a / g), b, &r)) ThrowIntOutOfRange<T>();
  if (r == std::numeric_limits<T>::min()) ThrowIntOutOfRange<T>();
  return r < 0 ? -r : r;
}

template <class T, bool kLcm>
void GcdLcm(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<T, T, T>(args.column(0), args.column(1), result, args.size(),
                                   [](T a, T b) { return kLcm ? LcmInt(a, b) : GcdInt(a, b); });
}

template <class T>
void ToHex(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<T, StringRef>(args.column(0), result, args.size(), [&result](T v) {
    // Negative values print as their two's complement, as PostgreSQL's unsigned cast does.
    using U = std::make_unsigned_t<T>;
    U u = static_cast<U>(v);
    uint32_t len = 1;
    for (U rest = u >> 4; rest != 0; rest >>= 4) len++;
    if (len > 2 * sizeof(T)) __builtin_unreachable();
    char buffer[2 * sizeof(T)];
    for (uint32_t i = len; i-- > 0; u >>= 4) buffer[i] = "0123456789abcdef"[u & 15];
    return result.heap().Add(buffer, len);
  });
}

[[noreturn]] void ThrowWidthBucket(const char* message) {
  // PostgreSQL reports 2201G (invalid_argument_for_width_bucket_function); the error table
  // has no such entry yet, so the generic invalid-parameter code stands in.
  throw SqlError(ErrorCode::kInvalidParameterValue, message);
}

// Converts as C's (int32) cast does on x86: NaN and out-of-range values become INT_MIN,
// which PostgreSQL 15's width_bucket returns when its bounds' difference overflows.
int32_t TruncToInt32(double d) {
  if (!(d >= -2147483648.0 && d < 2147483648.0)) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(d);
}

int32_t WidthBucket(double operand, double low, double high, int32_t count) {
  if (count <= 0) ThrowWidthBucket("count must be greater than zero");
  if (std::isnan(operand) || std::isnan(low) || std::isnan(high)) {
    ThrowWidthBucket("operand, lower bound, and upper bound cannot be NaN");
  }
  if (std::isinf(low) || std::isinf(high)) ThrowWidthBucket("lower and upper bounds must be finite");
  auto past_end = [count]() {
    int32_t r;
    if (__builtin_add_overflow(count, 1, &r)) {
      throw SqlError(ErrorCode::kNumericValueOutOfRange, "integer out of range");
    }
    return r;
  };
  if (low < high) {
    if (operand < low) return 0;
    if (operand >= high) return past_end();
    return TruncToInt32(static_cast<double>(count) * (operand - low) / (high - low) + 1);
  }
  if (low > high) {
    if (operand > low) return 0;
    if (operand <= high) return past_end();
    return TruncToInt32(static_cast<double>(count) * (low - operand) / (low - high) + 1);
  }
  ThrowWidthBucket("lower bound cannot equal upper bound");
}

void WidthBucketKernel(DataChunk& args, ExpressionState&, Vector& result) {
  idx_t count = args.size();
  bool all_constant = AllConstant(args);
  idx_t n = all_constant ? 1 : count;
  UnifiedVectorFormat f[4];
  for (int c = 0; c < 4; c++) args.column(c).ToUnified(n, f[c]);
  result.Reset();
  if (all_constant) result.SetConstant();
  int32_t* out = result.Data<int32_t>();
  for (idx_t i = 0; i < n; i++) {
    if (!f[0].IsValid(i) || !f[1].IsValid(i) || !f[2].IsValid(i) || !f[3].IsValid(i)) {
      result.validity().SetInvalid(i);
      continue;
    }
    out[i] = WidthBucket(f[0].Data<double>()[f[0].Index(i)], f[1].Data<double>()[f[1].Index(i)],
                         f[2].Data<double>()[f[2].Index(i)], f[3].Data<int32_t>()[f[3].Index(i)]);
  }
}

template <class T>
void RegisterIntMath(FunctionRegistry& registry) {
  LogicalType t = IntTypeId<T>();
  registry.AddScalar(MakeScalar("abs", {t}, t, AbsInt<T>));
  registry.AddScalar(MakeScalar("mod", {t, t}, t, ModInt<T>));
  if constexpr (sizeof(T) >= 4) {
    registry.AddScalar(MakeScalar("gcd", {t, t}, t, GcdLcm<T, false>));
    registry.AddScalar(MakeScalar("lcm", {t, t}, t, GcdLcm<T, true>));
    registry.AddScalar(MakeScalar("to_hex", {t}, TypeId::kText, ToHex<T>));
  }
}

}  // namespace

void RegisterMathFunctions(FunctionRegistry& registry) {
  const LogicalType dbl(TypeId::kDouble);
  RegisterIntMath<int16_t>(registry);
  RegisterIntMath<int32_t>(registry);
  RegisterIntMath<int64_t>(registry);
  registry.AddScalar(MakeScalar("abs", {TypeId::kReal}, TypeId::kReal, AbsFloat<float>));
  registry.AddScalar(MakeScalar("abs", {dbl}, dbl, AbsFloat<double>));

  struct Unary {
    const char* name;
    ScalarFunctionPtr kernel;
  };
  const Unary unary[] = {
      {"ceil", DoubleUnary<Ceil>},   {"ceiling", DoubleUnary<Ceil>},    {"floor", DoubleUnary<Floor>},
      {"round", DoubleUnary<Rint>},  {"trunc", DoubleUnary<Trunc>},     {"sign", DoubleUnary<Sign>},
      {"sqrt", DoubleUnary<Sqrt>},   {"cbrt", DoubleUnary<Cbrt>},       {"exp", DoubleUnary<Exp>},
      {"ln", DoubleUnary<Ln>},       {"log", DoubleUnary<Log10>},       {"log10", DoubleUnary<Log10>},
      {"sin", DoubleUnary<Sin>},     {"cos", DoubleUnary<Cos>},         {"tan", DoubleUnary<Tan>},
      {"cot", DoubleUnary<Cot>},     {"asin", DoubleUnary<Asin>},       {"acos", DoubleUnary<Acos>},
      {"atan", DoubleUnary<Atan>},   {"sinh", DoubleUnary<Sinh>},       {"cosh", DoubleUnary<Cosh>},
      {"tanh", DoubleUnary<Tanh>},   {"asinh", DoubleUnary<Asinh>},     {"acosh", DoubleUnary<Acosh>},
      {"atanh", DoubleUnary<Atanh>}, {"degrees", DoubleUnary<Degrees>}, {"radians", DoubleUnary<Radians>},
  };
  for (const Unary& u : unary) registry.AddScalar(MakeScalar(u.name, {dbl}, dbl, u.kernel));
  registry.AddScalar(MakeScalar("atan2", {dbl, dbl}, dbl, Atan2));
  registry.AddScalar(MakeScalar("power", {dbl, dbl}, dbl, Power));
  registry.AddScalar(MakeScalar("pow", {dbl, dbl}, dbl, Power));
  registry.AddScalar(MakeScalar("pi", {}, dbl, Pi));
  ScalarFunction random = MakeScalar("random", {}, dbl, Random);
  random.volatility = Volatility::kVolatile;
  registry.AddScalar(random);
  registry.AddScalar(
      MakeScalar("width_bucket", {dbl, dbl, dbl, TypeId::kInteger}, TypeId::kInteger, WidthBucketKernel));

  RegisterNumericMathFunctions(registry);
  RegisterGreatestLeast(registry);
}

}  // namespace stockroom
