// Arithmetic, bitwise and power operators on smallint/integer/bigint and real/double
// precision, with PostgreSQL's overflow and division errors. Numeric, date/time and text
// operators live in their own files; RegisterOperators gathers them all.
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "common/error/exception.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

template <class T>
constexpr TypeId IntTypeId() {
  if constexpr (sizeof(T) == 2) return TypeId::kSmallInt;
  if constexpr (sizeof(T) == 4) return TypeId::kInteger;
  return TypeId::kBigInt;
}

template <class T>
[[noreturn]] void ThrowIntOutOfRange() {
  if constexpr (sizeof(T) == 2) throw SqlError(ErrorCode::kNumericValueOutOfRange, "smallint out of range");
  if constexpr (sizeof(T) == 4) throw SqlError(ErrorCode::kNumericValueOutOfRange, "integer out of range");
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
}

[[noreturn]] void ThrowDivisionByZero() { throw SqlError(ErrorCode::kDivisionByZero, "division by zero"); }
[[noreturn]] void ThrowFloatOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
}
[[noreturn]] void ThrowFloatUnderflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: underflow");
}

struct AddOp {
  template <class T>
  static bool Apply(T a, T b, T* r) {
    return __builtin_add_overflow(a, b, r);
  }
};
struct SubOp {
  template <class T>
  static bool Apply(T a, T b, T* r) {
    return __builtin_sub_overflow(a, b, r);
  }
};
struct MulOp {
  template <class T>
  static bool Apply(T a, T b, T* r) {
    return __builtin_mul_overflow(a, b, r);
  }
};

// Integer +, -, * in the wider type R. Overflow is collected over the whole vector and
// reported afterwards so the loop stays branch-free.
template <class A, class B, class R, class Op>
void IntArith(DataChunk& args, ExpressionState&, Vector& result) {
  bool overflow = false;
  BinaryExecutor::Execute<A, B, R>(args.column(0), args.column(1), result, args.size(), [&](A a, B b) {
    R r;
    overflow |= Op::Apply(static_cast<R>(a), static_cast<R>(b), &r);
    return r;
  });
  if (overflow) ThrowIntOutOfRange<R>();
}

template <class A, class B, class R>
void IntDivide(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<A, B, R>(args.column(0), args.column(1), result, args.size(), [](A a, B b) -> R {
    R x = a, y = b;
    if (y == 0) ThrowDivisionByZero();
    // MIN / -1 traps in hardware; PostgreSQL reports it as out of range.
    if (y == -1) {
      if (x == std::numeric_limits<R>::min()) ThrowIntOutOfRange<R>();
      return static_cast<R>(-x);
    }
    return static_cast<R>(x / y);
  });
}

template <class T>
void IntModulo(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<T, T, T>(args.column(0), args.column(1), result, args.size(), [](T x, T y) -> T {
    if (y == 0) ThrowDivisionByZero();
    if (y == -1) return 0;  // avoids the MIN % -1 trap; the answer is always 0
    return static_cast<T>(x % y);
  });
}

// Negates in unsigned arithmetic so MIN wraps (and is flagged) instead of being undefined.
template <class T>
T WrappingNegate(T v) {
  using U = std::make_unsigned_t<T>;
  return static_cast<T>(static_cast<U>(0) - static_cast<U>(v));
}

template <class T>
void IntNegate(DataChunk& args, ExpressionState&, Vector& result) {
  bool overflow = false;
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [&](T v) {
    overflow |= v == std::numeric_limits<T>::min();
    return WrappingNegate(v);
  });
  if (overflow) ThrowIntOutOfRange<T>();
}

template <class T>
void IntAbs(DataChunk& args, ExpressionState&, Vector& result) {
  bool overflow = false;
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [&](T v) {
    overflow |= v == std::numeric_limits<T>::min();
    return v < 0 ? WrappingNegate(v) : v;
  });
  if (overflow) ThrowIntOutOfRange<T>();
}

void Identity(DataChunk& args, ExpressionState&, Vector& result) { result.Reference(args.column(0)); }

struct BitAndOp {
  template <class T>
  static T Apply(T a, T b) {
    return a & b;
  }
};
struct BitOrOp {
  template <class T>
  static T Apply(T a, T b) {
    return a | b;
  }
};
struct BitXorOp {
  template <class T>
  static T Apply(T a, T b) {
    return a ^ b;
  }
};

template <class T, class Op>
void IntBitwise(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<T, T, T>(args.column(0), args.column(1), result, args.size(),
                                   [](T a, T b) { return static_cast<T>(Op::template Apply<T>(a, b)); });
}

template <class T>
void IntBitNot(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [](T v) { return static_cast<T>(~v); });
}

// PostgreSQL shifts with C's operators; on x86 the count is taken modulo the operand width
// (32 bits for smallint and integer, which C promotes, 64 for bigint), which we reproduce
// without relying on undefined behaviour.
template <class T, bool kLeft>
void IntShift(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<T, int32_t, T>(
      args.column(0), args.column(1), result, args.size(), [](T a, int32_t n) {
        if constexpr (sizeof(T) == 8) {
          unsigned s = static_cast<unsigned>(n) & 63u;
          return kLeft ? static_cast<T>(static_cast<uint64_t>(a) << s) : static_cast<T>(a >> s);
        } else {
          unsigned s = static_cast<unsigned>(n) & 31u;
          int32_t wide = a;
          int32_t r = kLeft ? static_cast<int32_t>(static_cast<uint32_t>(wide) << s) : (wide >> s);
          return static_cast<T>(r);
        }
      });
}

// Float arithmetic in R (float for real op real, double otherwise) with PostgreSQL's
// check_float8_val: an infinite result from finite inputs is an overflow, a zero result
// from non-zero inputs (for * and /) an underflow.
template <class A, class B, class R>
void FloatAdd(DataChunk& args, ExpressionState&, Vector& result) {
  bool overflow = false;
  BinaryExecutor::Execute<A, B, R>(args.column(0), args.column(1), result, args.size(), [&](A a, B b) {
    R r = static_cast<R>(a) + static_cast<R>(b);
    overflow |= std::isinf(r) && !std::isinf(a) && !std::isinf(b);
    return r;
  });
  if (overflow) ThrowFloatOverflow();
}

template <class A, class B, class R>
void FloatSubtract(DataChunk& args, ExpressionState&, Vector& result) {
  bool overflow = false;
  BinaryExecutor::Execute<A, B, R>(args.column(0), args.column(1), result, args.size(), [&](A a, B b) {
    R r = static_cast<R>(a) - static_cast<R>(b);
    overflow |= std::isinf(r) && !std::isinf(a) && !std::isinf(b);
    return r;
  });
  if (overflow) ThrowFloatOverflow();
}

template <class A, class B, class R>
void FloatMultiply(DataChunk& args, ExpressionState&, Vector& result) {
  bool overflow = false, underflow = false;
  BinaryExecutor::Execute<A, B, R>(args.column(0), args.column(1), result, args.size(), [&](A a, B b) {
    R r = static_cast<R>(a) * static_cast<R>(b);
    overflow |= std::isinf(r) && !std::isinf(a) && !std::isinf(b);
    underflow |= r == 0 && a != 0 && b != 0;
    return r;
  });
  if (overflow) ThrowFloatOverflow();
  if (underflow) ThrowFloatUnderflow();
}

template <class A, class B, class R>
void FloatDivide(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<A, B, R>(args.column(0), args.column(1), result, args.size(), [](A a, B b) {
    if (b == 0 && !std::isnan(a)) ThrowDivisionByZero();
    R r = static_cast<R>(a) / static_cast<R>(b);
    if (std::isinf(r) && !std::isinf(a)) ThrowFloatOverflow();
    if (r == 0 && a != 0 && !std::isinf(b)) ThrowFloatUnderflow();
    return r;
  });
}

template <class T>
void FloatNegate(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [](T v) { return -v; });
}

template <class T>
void FloatAbs(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [](T v) { return std::fabs(v); });
}

void DoubleSqrt(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<double, double>(args.column(0), result, args.size(), [](double v) {
    if (v < 0)
      throw SqlError(ErrorCode::kInvalidArgumentForPower, "cannot take square root of a negative number");
    return std::sqrt(v);
  });
}

void DoubleCbrt(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<double, double>(args.column(0), result, args.size(),
                                         [](double v) { return std::cbrt(v); });
}

}  // namespace

// PostgreSQL's dpow: POSIX special cases handled explicitly, SQL-standard error codes.
double PowerDouble(double x, double y) {
  if (std::isnan(x)) return (std::isnan(y) || y != 0.0) ? x : 1.0;
  if (std::isnan(y)) return x != 1.0 ? y : 1.0;
  if (x == 0 && y < 0) {
    throw SqlError(ErrorCode::kInvalidArgumentForPower, "zero raised to a negative power is undefined");
  }
  if (x < 0 && std::floor(y) != y) {
    throw SqlError(ErrorCode::kInvalidArgumentForPower,
                   "a negative number raised to a non-integer power yields a complex result");
  }
  if (std::isinf(y)) {
    double ax = std::fabs(x);
    if (ax == 1.0) return 1.0;
    if (y > 0) return ax > 1.0 ? y : 0.0;
    return ax > 1.0 ? 0.0 : -y;
  }
  if (std::isinf(x)) {
    if (y == 0.0) return 1.0;
    if (x > 0) return y > 0 ? x : 0.0;
    double half = y / 2;
    bool odd = std::floor(half) != half;
    if (y > 0) return odd ? x : -x;
    return odd ? -0.0 : 0.0;
  }
  double r = std::pow(x, y);
  if (std::isinf(r)) ThrowFloatOverflow();
  if (r == 0.0 && x != 0.0) ThrowFloatUnderflow();
  return r;
}

namespace {

void DoublePower(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<double, double, double>(args.column(0), args.column(1), result, args.size(),
                                                  PowerDouble);
}

template <class A, class B, class R>
void RegisterIntPair(FunctionRegistry& registry) {
  LogicalType a = IntTypeId<A>(), b = IntTypeId<B>(), r = IntTypeId<R>();
  registry.AddScalar(MakeScalar("+", {a, b}, r, IntArith<A, B, R, AddOp>));
  registry.AddScalar(MakeScalar("-", {a, b}, r, IntArith<A, B, R, SubOp>));
  registry.AddScalar(MakeScalar("*", {a, b}, r, IntArith<A, B, R, MulOp>));
  registry.AddScalar(MakeScalar("/", {a, b}, r, IntDivide<A, B, R>));
}

template <class T>
void RegisterIntType(FunctionRegistry& registry) {
  LogicalType t = IntTypeId<T>();
  registry.AddScalar(MakeScalar("%", {t, t}, t, IntModulo<T>));
  registry.AddScalar(MakeScalar("-", {t}, t, IntNegate<T>));
  registry.AddScalar(MakeScalar("+", {t}, t, Identity));
  registry.AddScalar(MakeScalar("@", {t}, t, IntAbs<T>));
  registry.AddScalar(MakeScalar("&", {t, t}, t, IntBitwise<T, BitAndOp>));
  registry.AddScalar(MakeScalar("|", {t, t}, t, IntBitwise<T, BitOrOp>));
  registry.AddScalar(MakeScalar("#", {t, t}, t, IntBitwise<T, BitXorOp>));
  registry.AddScalar(MakeScalar("~", {t}, t, IntBitNot<T>));
  registry.AddScalar(MakeScalar("<<", {t, TypeId::kInteger}, t, IntShift<T, true>));
  registry.AddScalar(MakeScalar(">>", {t, TypeId::kInteger}, t, IntShift<T, false>));
}

template <class A, class B, class R>
void RegisterFloatPair(FunctionRegistry& registry) {
  LogicalType a = sizeof(A) == 4 ? TypeId::kReal : TypeId::kDouble;
  LogicalType b = sizeof(B) == 4 ? TypeId::kReal : TypeId::kDouble;
  LogicalType r = sizeof(R) == 4 ? TypeId::kReal : TypeId::kDouble;
  registry.AddScalar(MakeScalar("+", {a, b}, r, FloatAdd<A, B, R>));
  registry.AddScalar(MakeScalar("-", {a, b}, r, FloatSubtract<A, B, R>));
  registry.AddScalar(MakeScalar("*", {a, b}, r, FloatMultiply<A, B, R>));
  registry.AddScalar(MakeScalar("/", {a, b}, r, FloatDivide<A, B, R>));
}

}  // namespace

void RegisterIntegerAndFloatOperators(FunctionRegistry& registry) {
  // Every int2/int4/int8 pairing PostgreSQL declares (int24pl, int82mul, ...); the result is
  // the wider type, so e.g. smallint + smallint overflows at 32767 but smallint + integer not.
  RegisterIntPair<int16_t, int16_t, int16_t>(registry);
  RegisterIntPair<int16_t, int32_t, int32_t>(registry);
  RegisterIntPair<int32_t, int16_t, int32_t>(registry);
  RegisterIntPair<int32_t, int32_t, int32_t>(registry);
  RegisterIntPair<int16_t, int64_t, int64_t>(registry);
  RegisterIntPair<int64_t, int16_t, int64_t>(registry);
  RegisterIntPair<int32_t, int64_t, int64_t>(registry);
  RegisterIntPair<int64_t, int32_t, int64_t>(registry);
  RegisterIntPair<int64_t, int64_t, int64_t>(registry);
  RegisterIntType<int16_t>(registry);
  RegisterIntType<int32_t>(registry);
  RegisterIntType<int64_t>(registry);

  // The mixed real/double forms matter for resolution: real * integer picks real * double
  // (one exact match plus the preferred type), as in PostgreSQL.
  RegisterFloatPair<float, float, float>(registry);
  RegisterFloatPair<float, double, double>(registry);
  RegisterFloatPair<double, float, double>(registry);
  RegisterFloatPair<double, double, double>(registry);
  for (TypeId id : {TypeId::kReal, TypeId::kDouble}) {
    bool is_real = id == TypeId::kReal;
    registry.AddScalar(MakeScalar("-", {id}, id, is_real ? FloatNegate<float> : FloatNegate<double>));
    registry.AddScalar(MakeScalar("+", {id}, id, Identity));
    registry.AddScalar(MakeScalar("@", {id}, id, is_real ? FloatAbs<float> : FloatAbs<double>));
  }
  registry.AddScalar(MakeScalar("^", {TypeId::kDouble, TypeId::kDouble}, TypeId::kDouble, DoublePower));
  registry.AddScalar(MakeScalar("|/", {TypeId::kDouble}, TypeId::kDouble, DoubleSqrt));
  registry.AddScalar(MakeScalar("||/", {TypeId::kDouble}, TypeId::kDouble, DoubleCbrt));
}

void RegisterOperators(FunctionRegistry& registry) {
  RegisterIntegerAndFloatOperators(registry);
  RegisterNumericOperators(registry);
  RegisterTemporalOperators(registry);
  RegisterTextOperators(registry);
}

}  // namespace stockroom
