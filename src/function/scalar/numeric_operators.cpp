// Numeric + - * / % and unary operators. Bind hooks keep numeric(p,s) inputs at fixed
// scale: the result scale follows PostgreSQL's display-scale rules (max for + - %, sum for
// *), and the result stays an unscaled int64/int128 when its digits fit, so the hot
// paths are integer loops. Everything else (unconstrained inputs, results past 38 digits,
// division) produces unconstrained numeric through numeric::Add etc.
#include <algorithm>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "function/scalar/numeric_math.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

enum class Layout : uint8_t { kInt64, kInt128, kVar };

Layout LayoutOf(const LogicalType& type) {
  switch (type.physical()) {
    case PhysicalType::kInt64:
      return Layout::kInt64;
    case PhysicalType::kInt128:
      return Layout::kInt128;
    default:
      return Layout::kVar;
  }
}

[[noreturn]] void ThrowNumericOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
}

template <class O>
O Pow10(int exponent) {
  if constexpr (sizeof(O) == 8) {
    return Pow10Int64(exponent);
  } else {
    return Pow10Int128(exponent);
  }
}

inline VarNumeric ToVar(int64_t v, int32_t scale) { return VarNumeric{v, scale}; }
inline VarNumeric ToVar(int128_t v, int32_t scale) { return VarNumeric{v, scale}; }
inline VarNumeric ToVar(const VarNumeric& v, int32_t) { return v; }

// Integer digits of a fixed numeric type (precision - scale).
int32_t IntDigits(const LogicalType& t) { return t.width() - t.scale(); }

bool IsFixed(const LogicalType& t) { return t.id() == TypeId::kNumeric && t.width() > 0 && t.scale() >= 0; }

// The numeric type for a result with `int_digits` integer and `scale` fractional digits, or
// unconstrained numeric when that passes what a fixed-scale column holds.
LogicalType FixedOrVar(int32_t int_digits, int32_t scale) {
  int32_t precision = std::max(int_digits, 0) + scale;
  if (precision > kMaxNumericPrecision) return LogicalType(TypeId::kNumeric);
  return LogicalType::Numeric(std::max(precision, 1), scale);
}

// Fixed-scale + and -: both operands are brought to the result scale with a constant
// multiplier. Overflow cannot happen for values within their declared precision; a flag
// still guards against values that are not.
template <class L, class R, class O, bool kSubtract>
void FixedAddSub(DataChunk& args, ExpressionState&, Vector& result) {
  const Vector& left = args.column(0);
  const Vector& right = args.column(1);
  int32_t scale = result.type().scale();
  const O lm = Pow10<O>(scale - left.type().scale());
  const O rm = Pow10<O>(scale - right.type().scale());
  bool overflow = false;
  auto combine = [&overflow](O a, O b) {
    O r;
    if constexpr (kSubtract) {
      overflow |= __builtin_sub_overflow(a, b, &r);
    } else {
      overflow |= __builtin_add_overflow(a, b, &r);
    }
    return r;
  };
  idx_t n = args.size();
  if (lm == 1 && rm == 1) {
    BinaryExecutor::Execute<L, R, O>(left, right, result, n,
                                     [&](L a, R b) { return combine(static_cast<O>(a), static_cast<O>(b)); });
  } else if (lm == 1) {
    BinaryExecutor::Execute<L, R, O>(left, right, result, n, [&](L a, R b) {
      O sb;
      overflow |= __builtin_mul_overflow(static_cast<O>(b), rm, &sb);
      return combine(static_cast<O>(a), sb);
    });
  } else if (rm == 1) {
    BinaryExecutor::Execute<L, R, O>(left, right, result, n, [&](L a, R b) {
      O sa;
      overflow |= __builtin_mul_overflow(static_cast<O>(a), lm, &sa);
      return combine(sa, static_cast<O>(b));
    });
  } else {
    BinaryExecutor::Execute<L, R, O>(left, right, result, n, [&](L a, R b) {
      O sa, sb;
      overflow |= __builtin_mul_overflow(static_cast<O>(a), lm, &sa);
      overflow |= __builtin_mul_overflow(static_cast<O>(b), rm, &sb);
      return combine(sa, sb);
    });
  }
  if (overflow) ThrowNumericOverflow();
}

// Fixed-scale *: the product of the unscaled values is the unscaled product at scale s1+s2.
template <class L, class R, class O>
void FixedMultiply(DataChunk& args, ExpressionState&, Vector& result) {
  bool overflow = false;
  BinaryExecutor::Execute<L, R, O>(args.column(0), args.column(1), result, args.size(), [&](L a, R b) {
    if constexpr (sizeof(L) == 8 && sizeof(R) == 8 && sizeof(O) == 16) {
      // Two int64 factors cannot overflow an int128 product.
      return static_cast<O>(a) * static_cast<O>(b);
    } else {
      O r;
      overflow |= __builtin_mul_overflow(static_cast<O>(a), static_cast<O>(b), &r);
      return r;
    }
  });
  if (overflow) ThrowNumericOverflow();
}

// Fixed-scale %: C's remainder on operands at the common scale has the dividend's sign, as
// PostgreSQL's mod_var does.
template <class L, class R, class O>
void FixedModulo(DataChunk& args, ExpressionState&, Vector& result) {
  const Vector& left = args.column(0);
  const Vector& right = args.column(1);
  int32_t scale = result.type().scale();
  const O lm = Pow10<O>(scale - left.type().scale());
  const O rm = Pow10<O>(scale - right.type().scale());
  BinaryExecutor::Execute<L, R, O>(left, right, result, args.size(), [&](L a, R b) -> O {
    O sa, sb;
    if (__builtin_mul_overflow(static_cast<O>(a), lm, &sa) ||
        __builtin_mul_overflow(static_cast<O>(b), rm, &sb)) {
      ThrowNumericOverflow();
    }
    if (sb == 0) throw SqlError(ErrorCode::kDivisionByZero, "division by zero");
    return sa % sb;
  });
}

struct VarAdd {
  static VarNumeric Apply(const VarNumeric& a, const VarNumeric& b) { return numeric::Add(a, b); }
};
struct VarSubtract {
  static VarNumeric Apply(const VarNumeric& a, const VarNumeric& b) { return numeric::Subtract(a, b); }
};
struct VarMultiply {
  static VarNumeric Apply(const VarNumeric& a, const VarNumeric& b) { return numeric::Multiply(a, b); }
};
struct VarDivide {
  static VarNumeric Apply(const VarNumeric& a, const VarNumeric& b) { return numeric::Divide(a, b); }
};
struct VarModulo {
  static VarNumeric Apply(const VarNumeric& a, const VarNumeric& b) { return numeric::Modulo(a, b); }
};

// Unconstrained result from inputs of any numeric layout; fixed inputs are read as values
// whose display scale is the type's scale.
template <class L, class R, class Op>
void VarBinary(DataChunk& args, ExpressionState&, Vector& result) {
  const Vector& left = args.column(0);
  const Vector& right = args.column(1);
  int32_t ls = left.type().scale(), rs = right.type().scale();
  BinaryExecutor::Execute<L, R, VarNumeric>(
      left, right, result, args.size(),
      [ls, rs](const L& a, const R& b) { return Op::Apply(ToVar(a, ls), ToVar(b, rs)); });
}

template <class L, class Op>
ScalarFunctionPtr VarBinaryFor(Layout right) {
  switch (right) {
    case Layout::kInt64:
      return VarBinary<L, int64_t, Op>;
    case Layout::kInt128:
      return VarBinary<L, int128_t, Op>;
    case Layout::kVar:
      break;
  }
  return VarBinary<L, VarNumeric, Op>;
}

template <class Op>
ScalarFunctionPtr VarBinaryFor(Layout left, Layout right) {
  switch (left) {
    case Layout::kInt64:
      return VarBinaryFor<int64_t, Op>(right);
    case Layout::kInt128:
      return VarBinaryFor<int128_t, Op>(right);
    case Layout::kVar:
      break;
  }
  return VarBinaryFor<VarNumeric, Op>(right);
}

// Picks a fixed-scale kernel template instance K<L, R, O> for the given layouts; O is int64
// only when both inputs are.
template <template <class, class, class> class K>
ScalarFunctionPtr FixedKernelFor(Layout left, Layout right, Layout out) {
  if (out == Layout::kInt64) return K<int64_t, int64_t, int64_t>::kFunction;
  if (left == Layout::kInt64 && right == Layout::kInt64) return K<int64_t, int64_t, int128_t>::kFunction;
  if (left == Layout::kInt64) return K<int64_t, int128_t, int128_t>::kFunction;
  if (right == Layout::kInt64) return K<int128_t, int64_t, int128_t>::kFunction;
  return K<int128_t, int128_t, int128_t>::kFunction;
}

template <class L, class R, class O>
struct AddKernel {
  static constexpr ScalarFunctionPtr kFunction = FixedAddSub<L, R, O, false>;
};
template <class L, class R, class O>
struct SubtractKernel {
  static constexpr ScalarFunctionPtr kFunction = FixedAddSub<L, R, O, true>;
};
template <class L, class R, class O>
struct MultiplyKernel {
  static constexpr ScalarFunctionPtr kFunction = FixedMultiply<L, R, O>;
};
template <class L, class R, class O>
struct ModuloKernel {
  static constexpr ScalarFunctionPtr kFunction = FixedModulo<L, R, O>;
};

std::unique_ptr<FunctionData> BindAddSubtract(ClientContext&, ScalarFunction& function,
                                              std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& lt = arguments[0]->type;
  const LogicalType& rt = arguments[1]->type;
  bool subtract = function.name == "-";
  Layout ll = LayoutOf(lt), rl = LayoutOf(rt);
  if (IsFixed(lt) && IsFixed(rt)) {
    int32_t scale = std::max(lt.scale(), rt.scale());
    LogicalType type = FixedOrVar(std::max(IntDigits(lt), IntDigits(rt)) + 1, scale);
    if (type.width() > 0) {
      function.return_type = type;
      Layout out = LayoutOf(type);
      function.function =
          subtract ? FixedKernelFor<SubtractKernel>(ll, rl, out) : FixedKernelFor<AddKernel>(ll, rl, out);
      return nullptr;
    }
  }
  function.return_type = LogicalType(TypeId::kNumeric);
  function.function = subtract ? VarBinaryFor<VarSubtract>(ll, rl) : VarBinaryFor<VarAdd>(ll, rl);
  return nullptr;
}

std::unique_ptr<FunctionData> BindMultiply(ClientContext&, ScalarFunction& function,
                                           std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& lt = arguments[0]->type;
  const LogicalType& rt = arguments[1]->type;
  Layout ll = LayoutOf(lt), rl = LayoutOf(rt);
  if (IsFixed(lt) && IsFixed(rt)) {
    LogicalType type = FixedOrVar(IntDigits(lt) + IntDigits(rt), lt.scale() + rt.scale());
    if (type.width() > 0) {
      function.return_type = type;
      function.function = FixedKernelFor<MultiplyKernel>(ll, rl, LayoutOf(type));
      return nullptr;
    }
  }
  function.return_type = LogicalType(TypeId::kNumeric);
  function.function = VarBinaryFor<VarMultiply>(ll, rl);
  return nullptr;
}

std::unique_ptr<FunctionData> BindDivide(ClientContext&, ScalarFunction& function,
                                         std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  // The quotient's scale depends on the values (select_div_scale), so it is unconstrained.
  function.return_type = LogicalType(TypeId::kNumeric);
  function.function = VarBinaryFor<VarDivide>(LayoutOf(arguments[0]->type), LayoutOf(arguments[1]->type));
  return nullptr;
}

std::unique_ptr<FunctionData> BindModulo(ClientContext&, ScalarFunction& function,
                                         std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& lt = arguments[0]->type;
  const LogicalType& rt = arguments[1]->type;
  Layout ll = LayoutOf(lt), rl = LayoutOf(rt);
  if (IsFixed(lt) && IsFixed(rt)) {
    // The remainder is below both operands, but the operands themselves are computed at the
    // common scale, so that is the width the kernel needs.
    int32_t scale = std::max(lt.scale(), rt.scale());
    LogicalType type = FixedOrVar(std::max(IntDigits(lt), IntDigits(rt)), scale);
    if (type.width() > 0) {
      function.return_type = type;
      function.function = FixedKernelFor<ModuloKernel>(ll, rl, LayoutOf(type));
      return nullptr;
    }
  }
  function.return_type = LogicalType(TypeId::kNumeric);
  function.function = VarBinaryFor<VarModulo>(ll, rl);
  return nullptr;
}

template <class T, bool kAbs>
void FixedNegateOrAbs(DataChunk& args, ExpressionState&, Vector& result) {
  // Values within their type's precision are far from the integer's MIN, so -v is exact.
  UnaryExecutor::Execute<T, T>(args.column(0), result, args.size(), [](T v) -> T {
    if constexpr (kAbs) {
      return v < 0 ? -v : v;
    } else {
      return -v;
    }
  });
}

template <bool kAbs>
void VarNegateOrAbs(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<VarNumeric, VarNumeric>(
      args.column(0), result, args.size(),
      [](const VarNumeric& v) { return kAbs ? numeric::Abs(v) : numeric::Negate(v); });
}

void Identity(DataChunk& args, ExpressionState&, Vector& result) { result.Reference(args.column(0)); }

}  // namespace

// Keeps the argument's type: unary minus, unary plus, @ and abs() on numeric.
std::unique_ptr<FunctionData> BindNumericSameType(ClientContext&, ScalarFunction& function,
                                                  std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& type = arguments[0]->type;
  function.return_type = type;
  bool is_abs = function.name == "@" || function.name == "abs";
  if (function.name == "+") {
    function.function = Identity;
    return nullptr;
  }
  switch (LayoutOf(type)) {
    case Layout::kInt64:
      function.function = is_abs ? FixedNegateOrAbs<int64_t, true> : FixedNegateOrAbs<int64_t, false>;
      break;
    case Layout::kInt128:
      function.function = is_abs ? FixedNegateOrAbs<int128_t, true> : FixedNegateOrAbs<int128_t, false>;
      break;
    case Layout::kVar:
      function.function = is_abs ? VarNegateOrAbs<true> : VarNegateOrAbs<false>;
      break;
  }
  return nullptr;
}

void RegisterNumericOperators(FunctionRegistry& registry) {
  const LogicalType num(TypeId::kNumeric);
  // The kernels given here serve unconstrained arguments; bind hooks replace them.
  registry.AddScalar(
      MakeScalar("+", {num, num}, num, VarBinary<VarNumeric, VarNumeric, VarAdd>, BindAddSubtract));
  registry.AddScalar(
      MakeScalar("-", {num, num}, num, VarBinary<VarNumeric, VarNumeric, VarSubtract>, BindAddSubtract));
  registry.AddScalar(
      MakeScalar("*", {num, num}, num, VarBinary<VarNumeric, VarNumeric, VarMultiply>, BindMultiply));
  registry.AddScalar(
      MakeScalar("/", {num, num}, num, VarBinary<VarNumeric, VarNumeric, VarDivide>, BindDivide));
  registry.AddScalar(
      MakeScalar("%", {num, num}, num, VarBinary<VarNumeric, VarNumeric, VarModulo>, BindModulo));
  registry.AddScalar(MakeScalar("-", {num}, num, VarNegateOrAbs<false>, BindNumericSameType));
  registry.AddScalar(MakeScalar("+", {num}, num, Identity, BindNumericSameType));
  registry.AddScalar(MakeScalar("@", {num}, num, VarNegateOrAbs<true>, BindNumericSameType));
  registry.AddScalar(MakeScalar("^", {num, num}, num, NumericPowerKernel));
}

}  // namespace stockroom
