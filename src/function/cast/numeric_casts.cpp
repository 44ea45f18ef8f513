#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "function/cast/cast_kernels.hpp"
#include "function/scalar/vector_executor.hpp"

// Conversions inside the numeric family with PostgreSQL's rules: integers narrow with a range
// check, numeric rounds half away from zero, floats round half to even (rint), numeric(p,s)
// targets check the precision; plus boolean <-> integer and jsonb scalars -> numbers/boolean.

namespace stockroom {
namespace cast {
namespace {

// The physical forms a numeric-family value takes.
enum class NumKind : uint8_t { kI16, kI32, kI64, kD64, kD128, kVar, kF32, kF64 };
constexpr size_t kNumKinds = 8;

template <NumKind K>
struct KindType;
template <>
struct KindType<NumKind::kI16> {
  using T = int16_t;
};
template <>
struct KindType<NumKind::kI32> {
  using T = int32_t;
};
template <>
struct KindType<NumKind::kI64> {
  using T = int64_t;
};
template <>
struct KindType<NumKind::kD64> {
  using T = int64_t;
};
template <>
struct KindType<NumKind::kD128> {
  using T = int128_t;
};
template <>
struct KindType<NumKind::kVar> {
  using T = VarNumeric;
};
template <>
struct KindType<NumKind::kF32> {
  using T = float;
};
template <>
struct KindType<NumKind::kF64> {
  using T = double;
};

constexpr bool IsIntKind(NumKind k) { return k == NumKind::kI16 || k == NumKind::kI32 || k == NumKind::kI64; }
constexpr bool IsDecKind(NumKind k) { return k == NumKind::kD64 || k == NumKind::kD128; }
constexpr bool IsFloatKind(NumKind k) { return k == NumKind::kF32 || k == NumKind::kF64; }

bool KindOf(const LogicalType& type, NumKind* kind) {
  switch (type.id()) {
    case TypeId::kSmallInt:
      *kind = NumKind::kI16;
      return true;
    case TypeId::kInteger:
      *kind = NumKind::kI32;
      return true;
    case TypeId::kBigInt:
      *kind = NumKind::kI64;
      return true;
    case TypeId::kNumeric:
      switch (type.physical()) {
        case PhysicalType::kInt64:
          *kind = NumKind::kD64;
          return true;
        case PhysicalType::kInt128:
          *kind = NumKind::kD128;
          return true;
        default:
          *kind = NumKind::kVar;
          return true;
      }
    case TypeId::kReal:
      *kind = NumKind::kF32;
      return true;
    case TypeId::kDouble:
      *kind = NumKind::kF64;
      return true;
    default:
      return false;
  }
}

// What a conversion needs from the two types, computed once per vector.
struct Conversion {
  int32_t src_scale = 0;
  int32_t precision = 0;  // numeric(p,s) target
  int32_t scale = 0;
  // Integer -> numeric(p,s): |v| must stay below int_limit (0: any int64 fits); the result
  // is v * factor. Numeric -> numeric: when `widening`, v * factor cannot overflow.
  int128_t int_limit = 0;
  int128_t factor = 1;
  bool widening = false;
  // Integer targets.
  int64_t min = 0;
  int64_t max = 0;
  const char* int_name = "";
};

Conversion MakeConversion(const LogicalType& from, const LogicalType& to, NumKind src, NumKind dst) {
  Conversion c;
  c.src_scale = from.id() == TypeId::kNumeric ? from.scale() : 0;
  c.precision = to.width();
  c.scale = to.scale();
  switch (dst) {
    case NumKind::kI16:
      c.min = std::numeric_limits<int16_t>::min();
      c.max = std::numeric_limits<int16_t>::max();
      c.int_name = "smallint";
      break;
    case NumKind::kI32:
      c.min = std::numeric_limits<int32_t>::min();
      c.max = std::numeric_limits<int32_t>::max();
      c.int_name = "integer";
      break;
    case NumKind::kI64:
      c.min = std::numeric_limits<int64_t>::min();
      c.max = std::numeric_limits<int64_t>::max();
      c.int_name = "bigint";
      break;
    default:
      break;
  }
  if (IsDecKind(dst)) {
    if (IsIntKind(src)) {
      // int64 magnitudes stay below 10^19.
      int32_t int_digits = c.precision - c.scale;
      c.int_limit = int_digits >= 19 ? 0 : Pow10Int128(int_digits);
      c.factor = Pow10Int128(c.scale);
    } else if (IsDecKind(src)) {
      int32_t src_int_digits = from.width() - from.scale();
      c.widening = c.scale >= c.src_scale && c.precision - c.scale >= src_int_digits;
      if (c.widening) c.factor = Pow10Int128(c.scale - c.src_scale);
    }
  }
  return c;
}

[[noreturn]] void ThrowIntRange(const Conversion& c) {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, std::string(c.int_name) + " out of range");
}

// numeric -> real goes through numeric's text and float4in, which rounds once from the
// exact decimal; small values divide exactly representable operands, which rounds the same.
float NumericToFloat(int128_t unscaled, int32_t scale) {
  static constexpr float kPow10[] = {1e0f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f, 1e8f, 1e9f, 1e10f};
  constexpr int128_t kExact = int128_t{1} << 24;
  if (unscaled > -kExact && unscaled < kExact && scale >= 0 && scale <= 10) {
    return static_cast<float>(static_cast<int32_t>(unscaled)) / kPow10[scale];
  }
  return ParseFloat(numeric::Format(unscaled, scale));
}

template <class F>
int64_t FloatToInt(F v, const Conversion& c) {
  // PostgreSQL rounds half to even (rint) and checks FLOAT8_FITS_IN_INTxx on the result.
  F r = std::rint(v);
  if (std::isnan(r) || r < static_cast<F>(c.min) || r >= -static_cast<F>(c.min)) ThrowIntRange(c);
  return static_cast<int64_t>(r);
}

template <class F>
VarNumeric FloatToVarNumeric(F v) {
  if constexpr (std::is_same_v<F, float>) {
    return numeric::FromFloat(v);
  } else {
    return numeric::FromDouble(v);
  }
}

template <NumKind S, NumKind D>
typename KindType<D>::T Convert(typename KindType<S>::T v, const Conversion& c) {
  using Out = typename KindType<D>::T;
  if constexpr (IsIntKind(D)) {
    if constexpr (IsIntKind(S)) {
      if (v < c.min || v > c.max) ThrowIntRange(c);
      return static_cast<Out>(v);
    } else if constexpr (IsDecKind(S)) {
      if (c.src_scale == 0) {
        if (v < c.min || v > c.max) ThrowIntRange(c);
        return static_cast<Out>(v);
      }
      return static_cast<Out>(numeric::ToInt64(VarNumeric{v, c.src_scale}, c.min, c.max, c.int_name));
    } else if constexpr (S == NumKind::kVar) {
      return static_cast<Out>(numeric::ToInt64(v, c.min, c.max, c.int_name));
    } else {
      return static_cast<Out>(FloatToInt(v, c));
    }
  } else if constexpr (IsDecKind(D)) {
    if constexpr (IsIntKind(S)) {
      int128_t wide = v;
      if (c.int_limit != 0 && (wide >= c.int_limit || wide <= -c.int_limit)) {
        numeric::ToTypmod(VarNumeric{wide, 0}, c.precision, c.scale);  // throws PostgreSQL's error
      }
      return static_cast<Out>(wide * c.factor);
    } else if constexpr (IsDecKind(S)) {
      if (c.widening) return static_cast<Out>(static_cast<int128_t>(v) * c.factor);
      return static_cast<Out>(numeric::ToTypmod(VarNumeric{v, c.src_scale}, c.precision, c.scale));
    } else if constexpr (S == NumKind::kVar) {
      return static_cast<Out>(numeric::ToTypmod(v, c.precision, c.scale));
    } else {
      if (std::isinf(v)) {
        throw SqlError(ErrorCode::kNumericValueOutOfRange, "numeric field overflow")
            .WithDetail("A field with precision " + std::to_string(c.precision) + ", scale " +
                        std::to_string(c.scale) + " cannot hold an infinite value.");
      }
      return static_cast<Out>(numeric::ToTypmod(FloatToVarNumeric(v), c.precision, c.scale));
    }
  } else if constexpr (D == NumKind::kVar) {
    if constexpr (IsIntKind(S)) {
      return VarNumeric{v, 0};
    } else if constexpr (IsDecKind(S)) {
      return VarNumeric{v, c.src_scale};
    } else if constexpr (S == NumKind::kVar) {
      return v;
    } else {
      return FloatToVarNumeric(v);
    }
  } else if constexpr (D == NumKind::kF64) {
    if constexpr (IsIntKind(S) || S == NumKind::kF32 || S == NumKind::kF64) {
      return static_cast<double>(v);
    } else if constexpr (IsDecKind(S)) {
      return numeric::ToDouble(v, c.src_scale);
    } else {
      return numeric::ToDouble(v);
    }
  } else {
    if constexpr (IsIntKind(S) || S == NumKind::kF32) {
      return static_cast<float>(v);
    } else if constexpr (IsDecKind(S)) {
      return NumericToFloat(v, c.src_scale);
    } else if constexpr (S == NumKind::kVar) {
      return NumericToFloat(v.value, v.scale);
    } else {
      float f = static_cast<float>(v);
      if (std::isinf(f) && !std::isinf(v)) {
        throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
      }
      if (f == 0.0f && v != 0.0)
        throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: underflow");
      return f;
    }
  }
}

template <NumKind S, NumKind D>
void NumericCast(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  using In = typename KindType<S>::T;
  using Out = typename KindType<D>::T;
  Conversion c = MakeConversion(source.type(), result.type(), S, D);
  UnaryExecutor::Execute<In, Out>(source, result, count, [&c](In v) { return Convert<S, D>(v, c); });
}

template <size_t... I>
constexpr std::array<CastFunctionPtr, kNumKinds * kNumKinds> MakeNumericTable(std::index_sequence<I...>) {
  return {&NumericCast<static_cast<NumKind>(I / kNumKinds), static_cast<NumKind>(I % kNumKinds)>...};
}

constexpr auto kNumericTable = MakeNumericTable(std::make_index_sequence<kNumKinds * kNumKinds>());

void BoolToInteger(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<bool, int32_t>(source, result, count, [](bool v) { return v ? 1 : 0; });
}

void IntegerToBool(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<int32_t, bool>(source, result, count, [](int32_t v) { return v != 0; });
}

// Names the kind of a jsonb value from its canonical text, as PostgreSQL's messages do.
const char* JsonbKind(std::string_view text) {
  while (!text.empty() && IsArraySpace(text.front())) text.remove_prefix(1);
  if (text.empty()) return "null";
  switch (text.front()) {
    case '{':
      return "object";
    case '[':
      return "array";
    case '"':
      return "string";
    case 'n':
      return "null";
    case 't':
    case 'f':
      return "boolean";
    default:
      return "number";
  }
}

[[noreturn]] void ThrowJsonbCast(const char* kind, const LogicalType& to) {
  std::string name = to.id() == TypeId::kNumeric ? "numeric" : to.Name();
  throw SqlError(ErrorCode::kInvalidParameterValue,
                 std::string("cannot cast jsonb ") + kind + " to type " + name);
}

void JsonbToBool(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  const LogicalType to = result.type();
  UnaryExecutor::Execute<StringRef, bool>(source, result, count, [&to](const StringRef& s) {
    const char* kind = JsonbKind(s.view());
    if (kind[0] != 'b') ThrowJsonbCast(kind, to);
    std::string_view text = s.view();
    while (!text.empty() && IsArraySpace(text.front())) text.remove_prefix(1);
    return text.front() == 't';
  });
}

// jsonb -> number: the jsonb numeric, then numeric's own conversion (PostgreSQL's
// jsonb_int4 is numeric_int4 of the value, and so on).
template <NumKind D>
void JsonbToNumber(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  using Out = typename KindType<D>::T;
  const LogicalType to = result.type();
  Conversion c = MakeConversion(LogicalType(TypeId::kNumeric), to, NumKind::kVar, D);
  UnaryExecutor::Execute<StringRef, Out>(source, result, count, [&](const StringRef& s) {
    const char* kind = JsonbKind(s.view());
    if (kind[0] != 'n' || kind[1] != 'u' || kind[2] != 'm') ThrowJsonbCast(kind, to);
    return Convert<NumKind::kVar, D>(numeric::Parse(s.view()), c);
  });
}

constexpr std::array<CastFunctionPtr, kNumKinds> kJsonbTable = {
    JsonbToNumber<NumKind::kI16>, JsonbToNumber<NumKind::kI32>,  JsonbToNumber<NumKind::kI64>,
    JsonbToNumber<NumKind::kD64>, JsonbToNumber<NumKind::kD128>, JsonbToNumber<NumKind::kVar>,
    JsonbToNumber<NumKind::kF32>, JsonbToNumber<NumKind::kF64>};

}  // namespace

CastFunctionPtr GetNumericCast(const LogicalType& from, const LogicalType& to) {
  NumKind src, dst;
  bool from_number = KindOf(from, &src);
  bool to_number = KindOf(to, &dst);
  if (from_number && to_number) {
    return kNumericTable[static_cast<size_t>(src) * kNumKinds + static_cast<size_t>(dst)];
  }
  // PostgreSQL casts boolean only to and from int4.
  if (from.id() == TypeId::kBoolean && to.id() == TypeId::kInteger) return BoolToInteger;
  if (from.id() == TypeId::kInteger && to.id() == TypeId::kBoolean) return IntegerToBool;
  if (from.id() == TypeId::kJsonb) {
    if (to.id() == TypeId::kBoolean) return JsonbToBool;
    if (to_number) return kJsonbTable[static_cast<size_t>(dst)];
  }
  return nullptr;
}

}  // namespace cast
}  // namespace stockroom
