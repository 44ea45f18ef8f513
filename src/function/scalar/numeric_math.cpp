// Math functions on numeric: rounding, sign, roots, logarithms, powers, gcd/lcm, factorial
// and scale inspection, with PostgreSQL's result scales.
#include "function/scalar/numeric_math.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {

namespace {

using F128 = __float128;

// PostgreSQL's numeric constants for choosing result scales.
constexpr int kMinSigDigits = 16;       // NUMERIC_MIN_SIG_DIGITS
constexpr int kMaxDisplayScale = 1000;  // NUMERIC_MAX_DISPLAY_SCALE
constexpr int kMaxResultScale = 2000;   // NUMERIC_MAX_RESULT_SCALE
constexpr int kMaxDigits = 38;          // what a VarNumeric holds

const F128 kLn2 = 0.6931471805599453094172321214581765680755Q;

[[noreturn]] void ThrowOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
}

uint128_t Magnitude(int128_t v) {
  return v < 0 ? static_cast<uint128_t>(0) - static_cast<uint128_t>(v) : static_cast<uint128_t>(v);
}

// The leading base-10000 digits and weight PostgreSQL's NumericVar would hold for `v`, which
// its scale-selection heuristics read.
struct BaseDigits {
  int weight = 0;
  int ndigits = 0;
  int first = 0;
  int second = 0;
};

BaseDigits ToBaseDigits(const VarNumeric& v) {
  BaseDigits out;
  if (v.value == 0) return out;
  std::string digits = Int128ToString(static_cast<int128_t>(Magnitude(v.value)));
  if (digits[0] == '-') digits.erase(0, 1);
  int64_t scale = v.scale;
  if (scale < 0) {
    digits.append(static_cast<size_t>(-scale), '0');
    scale = 0;
  }
  int64_t int_len = static_cast<int64_t>(digits.size()) - scale;
  if (int_len < 0) {
    digits.insert(0, static_cast<size_t>(-int_len), '0');
    int_len = 0;
  }
  int64_t left_pad = (4 - int_len % 4) % 4;
  int64_t right_pad = (4 - scale % 4) % 4;
  digits.insert(0, static_cast<size_t>(left_pad), '0');
  digits.append(static_cast<size_t>(right_pad), '0');
  int64_t groups = static_cast<int64_t>(digits.size()) / 4;
  int weight = static_cast<int>((int_len + left_pad) / 4 - 1);
  int64_t start = 0;
  while (start < groups && digits.compare(static_cast<size_t>(start * 4), 4, "0000") == 0) {
    start++;
    weight--;
  }
  int64_t end = groups;
  while (end > start && digits.compare(static_cast<size_t>((end - 1) * 4), 4, "0000") == 0) end--;
  auto group = [&](int64_t g) { return std::stoi(digits.substr(static_cast<size_t>(g * 4), 4)); };
  out.weight = weight;
  out.ndigits = static_cast<int>(end - start);
  out.first = group(start);
  if (out.ndigits > 1) out.second = group(start + 1);
  return out;
}

VarNumeric One() { return VarNumeric{1, 0}; }

// PostgreSQL's estimate_ln_dweight: the decimal weight of ln(v), used to pick result scales.
int EstimateLnDweight(const VarNumeric& v) {
  if (v.value <= 0) return 0;
  if (numeric::Compare(v, VarNumeric{9, 1}) >= 0 && numeric::Compare(v, VarNumeric{11, 1}) <= 0) {
    VarNumeric x = numeric::Subtract(v, One());
    if (x.value == 0) return 0;
    BaseDigits d = ToBaseDigits(x);
    return d.weight * 4 + static_cast<int>(std::log10(static_cast<double>(d.first)));
  }
  BaseDigits d = ToBaseDigits(v);
  if (d.ndigits == 0) return 0;
  int digits = d.first;
  int dweight = d.weight * 4;
  if (d.ndigits > 1) {
    digits = digits * 10000 + d.second;
    dweight -= 4;
  }
  double ln_var = std::log(static_cast<double>(digits)) + dweight * 2.302585092994046;
  return static_cast<int>(std::log10(std::fabs(ln_var)));
}

int ClampScale(int rscale, std::initializer_list<int> at_least) {
  for (int s : at_least) rscale = std::max(rscale, s);
  rscale = std::max(rscale, 0);
  return std::min(rscale, kMaxDisplayScale);
}

F128 Pow10F128(int n) {
  // Powers up to 10^48 are exact in binary128 (5^48 < 2^113).
  static const F128* table = [] {
    static F128 t[49];
    t[0] = 1;
    for (int i = 1; i <= 48; i++) t[i] = t[i - 1] * 10;
    return t;
  }();
  F128 r = 1;
  while (n > 48) {
    r *= table[48];
    n -= 48;
  }
  return r * table[n];
}

F128 ToF128(const VarNumeric& v) {
  F128 m = static_cast<F128>(v.value);
  if (v.scale > 0) return m / Pow10F128(v.scale);
  if (v.scale < 0) return m * Pow10F128(-v.scale);
  return m;
}

F128 AbsF128(F128 x) { return x < 0 ? -x : x; }

// Rounds `r` half away from zero to `rscale` fractional digits. A result that needs more
// than 38 digits keeps fewer fractional digits; one with more than 38 integer digits fails.
VarNumeric FromF128(F128 r, int rscale) {
  bool negative = r < 0;
  F128 mag = AbsF128(r);
  const F128 limit = Pow10F128(kMaxDigits);
  for (;;) {
    F128 t = mag * Pow10F128(rscale);
    if (t >= limit) {
      if (rscale == 0) ThrowOverflow();
      // Drop as many fractional digits as the excess needs, at least one.
      int excess = 1;
      F128 probe = t / 10;
      while (probe >= limit && excess < rscale) {
        probe /= 10;
        excess++;
      }
      rscale -= excess;
      continue;
    }
    uint128_t q = static_cast<uint128_t>(t + 0.5Q);
    if (q >= static_cast<uint128_t>(Pow10Int128(kMaxDigits))) {
      if (rscale == 0) ThrowOverflow();
      rscale--;
      continue;
    }
    int128_t value = static_cast<int128_t>(q);
    return VarNumeric{negative ? -value : value, rscale};
  }
}

// Splits x > 0 into m * 2^e with m in [1, 2).
F128 Frexp(F128 x, int* e) {
  uint128_t bits;
  std::memcpy(&bits, &x, sizeof(bits));
  int biased = static_cast<int>((bits >> 112) & 0x7fff);
  *e = biased - 16383;
  bits &= ~(static_cast<uint128_t>(0x7fff) << 112);
  bits |= static_cast<uint128_t>(16383) << 112;
  F128 m;
  std::memcpy(&m, &bits, sizeof(m));
  return m;
}

// Returns 2^e for e within binary128's normal range.
F128 Exp2Int(int e) {
  uint128_t bits = static_cast<uint128_t>(e + 16383) << 112;
  F128 r;
  std::memcpy(&r, &bits, sizeof(r));
  return r;
}

// ln((1 + z) / (1 - z)) = 2 atanh(z) by its series; |z| <= 1/3.
F128 TwoAtanh(F128 z) {
  F128 z2 = z * z;
  F128 term = z;
  F128 sum = z;
  for (int k = 3; k < 400; k += 2) {
    term *= z2;
    F128 add = term / k;
    sum += add;
    if (AbsF128(add) <= AbsF128(sum) * 1e-36Q) break;
  }
  return 2 * sum;
}

// ln(1 + y) for y > -1; exact for inputs near 1 when y itself was formed exactly.
F128 Ln1p(F128 y) { return TwoAtanh(y / (2 + y)); }

F128 LnF128(F128 x) {
  int e;
  F128 m = Frexp(x, &e);
  if (m > 1.4142135623730950488016887242096980785697Q) {
    m /= 2;
    e++;
  }
  return e * kLn2 + Ln1p(m - 1);
}

// ln of a positive numeric; inputs near 1 go through x - 1 formed exactly in decimal.
F128 LnOfNumeric(const VarNumeric& x) {
  if (numeric::Compare(x, VarNumeric{5, 1}) >= 0 && numeric::Compare(x, VarNumeric{2, 0}) <= 0) {
    return Ln1p(ToF128(numeric::Subtract(x, One())));
  }
  return LnF128(ToF128(x));
}

F128 ExpF128(F128 x) {
  if (x == 0) return 1;
  F128 kf = x / kLn2;
  int64_t k = static_cast<int64_t>(kf < 0 ? kf - 0.5Q : kf + 0.5Q);
  if (k > 16000) ThrowOverflow();
  if (k < -16000) return 0;
  // Few halvings keep the error that squaring back multiplies small.
  F128 r = (x - k * kLn2) / 16;
  F128 term = 1;
  F128 sum = 1;
  for (int n = 1; n < 60; n++) {
    term = term * r / n;
    sum += term;
    if (AbsF128(term) <= 1e-36Q) break;
  }
  for (int i = 0; i < 4; i++) sum *= sum;
  // Split the power of two so each factor stays a normal number.
  int k1 = static_cast<int>(k / 2);
  int k2 = static_cast<int>(k - k1);
  return sum * Exp2Int(k1) * Exp2Int(k2);
}

void CheckLogArgument(const VarNumeric& x) {
  if (x.value == 0) throw SqlError(ErrorCode::kInvalidArgumentForLog, "cannot take logarithm of zero");
  if (x.value < 0)
    throw SqlError(ErrorCode::kInvalidArgumentForLog, "cannot take logarithm of a negative number");
}

bool IsIntegral(const VarNumeric& v) {
  if (v.scale <= 0) return true;
  if (v.scale > kMaxDigits) return v.value == 0;
  return v.value % Pow10Int128(v.scale) == 0;
}

// Shapes an exact result for display at `rscale`: rounds when it has more fractional
// digits, pads with zeros up to what fits in 38 digits when it has fewer.
VarNumeric ExactAtScale(const VarNumeric& exact, int rscale) {
  if (rscale <= exact.scale) return numeric::Round(exact, rscale);
  int digits = DecimalDigits(Magnitude(exact.value));
  int room = kMaxDigits - digits;
  int target = std::min(rscale, exact.scale + std::max(room, 0));
  return numeric::Round(exact, target);
}

// base^n exactly when it fits in 38 digits; false otherwise.
bool ExactIntPower(const VarNumeric& base, uint32_t n, VarNumeric* out) {
  int64_t scale = static_cast<int64_t>(base.scale) * n;
  if (scale > 16383 || scale < -16383) return false;
  const uint128_t limit = static_cast<uint128_t>(Pow10Int128(kMaxDigits));
  int128_t result = 1;
  int128_t b = base.value;
  for (uint32_t e = n; e > 0; e >>= 1) {
    if (e & 1) {
      if (__builtin_mul_overflow(result, b, &result) || Magnitude(result) >= limit) return false;
    }
    if (e > 1 && (__builtin_mul_overflow(b, b, &b) || Magnitude(b) >= limit)) return false;
  }
  *out = VarNumeric{result, static_cast<int32_t>(scale)};
  return true;
}

// base^n by repeated squaring in numeric arithmetic, which keeps 38 significant digits of
// each product (numeric::Multiply rounds only fractional digits away).
VarNumeric RoundedIntPower(VarNumeric base, uint64_t n) {
  VarNumeric result = One();
  for (;;) {
    if (n & 1) result = numeric::Multiply(result, base);
    n >>= 1;
    if (n == 0) return result;
    base = numeric::Multiply(base, base);
  }
}

// PostgreSQL 15's power_var_int with its caller's scale choice.
VarNumeric PowerInt(const VarNumeric& base, int64_t exp) {
  int rscale = ClampScale(kMinSigDigits, {base.scale});
  if (exp == 0) return ExactAtScale(One(), rscale);
  if (base.value == 0) {
    if (exp < 0) throw SqlError(ErrorCode::kDivisionByZero, "division by zero");
    return VarNumeric{0, rscale};
  }
  // PostgreSQL's quick estimate of the result's decimal weight: far below the display scale
  // is zero, far above any numeric is an overflow.
  BaseDigits d = ToBaseDigits(base);
  double f = d.first;
  int p = d.weight * 4;
  if (d.ndigits > 1) {
    f = f * 10000 + d.second;
    p -= 4;
  }
  f = static_cast<double>(exp) * (std::log10(f) + p);
  if (f > 3 * 32767 * 4) ThrowOverflow();
  if (f + 1 < -rscale || f + 1 < -kMaxDisplayScale) return VarNumeric{0, rscale};

  uint64_t n = exp < 0 ? static_cast<uint64_t>(-exp) : static_cast<uint64_t>(exp);
  VarNumeric power;
  if (n > 0xffffffffu || !ExactIntPower(base, static_cast<uint32_t>(n), &power))
    power = RoundedIntPower(base, n);
  if (exp > 0) return ExactAtScale(power, rscale);
  try {
    return numeric::DivideToScale(One(), power, rscale);
  } catch (const SqlError&) {
    // The quotient needs more than 38 digits at that scale: keep fewer fractional digits.
    return FromF128(1 / ToF128(power), rscale);
  }
}

}  // namespace

VarNumeric NumericLn(const VarNumeric& x) {
  CheckLogArgument(x);
  int rscale = ClampScale(kMinSigDigits - EstimateLnDweight(x), {x.scale});
  if (numeric::Compare(x, One()) == 0) return VarNumeric{0, rscale};
  return FromF128(LnOfNumeric(x), rscale);
}

VarNumeric NumericExp(const VarNumeric& x) {
  double val = numeric::ToDouble(x) * 0.434294481903252;
  val = std::clamp(val, -static_cast<double>(kMaxResultScale), static_cast<double>(kMaxResultScale));
  int rscale = ClampScale(kMinSigDigits - static_cast<int>(val), {x.scale});
  if (x.value == 0) return ExactAtScale(One(), rscale);
  // exp_var's own limit: results past 10^(3 * NUMERIC_MAX_RESULT_SCALE) overflow.
  if (numeric::ToDouble(x) > kMaxResultScale * 3 * 2.302585092994046) ThrowOverflow();
  return FromF128(ExpF128(ToF128(x)), rscale);
}

VarNumeric NumericLog(const VarNumeric& base, const VarNumeric& x) {
  CheckLogArgument(base);
  CheckLogArgument(x);
  int result_dweight = EstimateLnDweight(x) - EstimateLnDweight(base);
  int rscale = ClampScale(kMinSigDigits - result_dweight, {base.scale, x.scale});
  if (numeric::Compare(base, One()) == 0) throw SqlError(ErrorCode::kDivisionByZero, "division by zero");
  // Exact powers of the base (log(2, 8), log(10, 1000)) come out exact in binary128 to
  // within a few ulps, far below the display scale.
  return FromF128(LnOfNumeric(x) / LnOfNumeric(base), rscale);
}

VarNumeric NumericPower(const VarNumeric& base, const VarNumeric& exponent) {
  int sign_base = numeric::Sign(base);
  int sign_exp = numeric::Sign(exponent);
  bool integral = IsIntegral(exponent);
  if (sign_base == 0 && sign_exp < 0) {
    throw SqlError(ErrorCode::kInvalidArgumentForPower, "zero raised to a negative power is undefined");
  }
  if (sign_base < 0 && !integral) {
    throw SqlError(ErrorCode::kInvalidArgumentForPower,
                   "a negative number raised to a non-integer power yields a complex result");
  }
  if (integral) {
    VarNumeric whole = numeric::Trunc(exponent, 0);
    if (whole.value >= INT32_MIN && whole.value <= INT32_MAX) {
      return PowerInt(base, static_cast<int64_t>(whole.value));
    }
  }
  if (sign_base == 0) return VarNumeric{0, kMinSigDigits};

  // power_var: estimate the result's weight from a low-precision exp * ln(base), then
  // compute with enough digits for the chosen scale.
  VarNumeric abs_base = numeric::Abs(base);
  F128 ln_num = LnOfNumeric(abs_base) * ToF128(exponent);
  double val = static_cast<double>(ln_num);
  if (std::fabs(val) > kMaxResultScale * 3.01) {
    if (val > 0) ThrowOverflow();
    return VarNumeric{0, kMaxDisplayScale};
  }
  val *= 0.434294481903252;
  int rscale = ClampScale(kMinSigDigits - static_cast<int>(val), {base.scale, exponent.scale});
  F128 r = ExpF128(ln_num);
  // A negative base reaches here only with a huge integral exponent: the sign follows its
  // parity.
  if (sign_base < 0 && numeric::Modulo(exponent, VarNumeric{2, 0}).value != 0) r = -r;
  return FromF128(r, rscale);
}

void NumericPowerKernel(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<VarNumeric, VarNumeric, VarNumeric>(args.column(0), args.column(1), result,
                                                              args.size(), NumericPower);
}

namespace {

template <VarNumeric (*Fn)(const VarNumeric&)>
void NumericUnary(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<VarNumeric, VarNumeric>(args.column(0), result, args.size(), Fn);
}

VarNumeric RoundZero(const VarNumeric& v) { return numeric::Round(v, 0); }
VarNumeric TruncZero(const VarNumeric& v) { return numeric::Trunc(v, 0); }
VarNumeric SignOf(const VarNumeric& v) { return VarNumeric{numeric::Sign(v), 0}; }
VarNumeric Log10Of(const VarNumeric& v) { return NumericLog(VarNumeric{10, 0}, v); }

void NumericRoundTo(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<VarNumeric, int32_t, VarNumeric>(
      args.column(0), args.column(1), result, args.size(),
      [](const VarNumeric& v, int32_t s) { return numeric::Round(v, s); });
}

void NumericTruncTo(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<VarNumeric, int32_t, VarNumeric>(
      args.column(0), args.column(1), result, args.size(),
      [](const VarNumeric& v, int32_t s) { return numeric::Trunc(v, s); });
}

template <VarNumeric (*Fn)(const VarNumeric&, const VarNumeric&)>
void NumericBinary(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<VarNumeric, VarNumeric, VarNumeric>(args.column(0), args.column(1), result,
                                                              args.size(), Fn);
}

// PostgreSQL's div(): the quotient truncated toward zero, scale 0. a - mod(a, b) is an exact
// multiple of b, so dividing it loses nothing to rounding.
VarNumeric DivTrunc(const VarNumeric& a, const VarNumeric& b) {
  if (b.value == 0) throw SqlError(ErrorCode::kDivisionByZero, "division by zero");
  VarNumeric multiple = numeric::Subtract(a, numeric::Modulo(a, b));
  return numeric::DivideToScale(multiple, b, 0);
}

VarNumeric ModuloOf(const VarNumeric& a, const VarNumeric& b) { return numeric::Modulo(a, b); }

// Brings both operands to their common (larger) scale as integers.
int32_t AlignScales(const VarNumeric& a, const VarNumeric& b, uint128_t* ma, uint128_t* mb) {
  int32_t scale = std::max({a.scale, b.scale, 0});
  auto scaled = [&](const VarNumeric& v) {
    uint128_t m = Magnitude(v.value);
    int shift = scale - v.scale;
    if (m != 0 && shift > 0) {
      if (shift > kMaxDigits || __builtin_mul_overflow(m, static_cast<uint128_t>(Pow10Int128(shift)), &m)) {
        ThrowOverflow();
      }
    }
    return m;
  };
  *ma = scaled(a);
  *mb = scaled(b);
  return scale;
}

uint128_t Gcd128(uint128_t a, uint128_t b) {
  while (b != 0) {
    uint128_t t = a % b;
    a = b;
    b = t;
  }
  return a;
}

VarNumeric GcdNumeric(const VarNumeric& a, const VarNumeric& b) {
  uint128_t ma, mb;
  int32_t scale = AlignScales(a, b, &ma, &mb);
  return VarNumeric{static_cast<int128_t>(Gcd128(ma, mb)), scale};
}

VarNumeric LcmNumeric(const VarNumeric& a, const VarNumeric& b) {
  uint128_t ma, mb;
  int32_t scale = AlignScales(a, b, &ma, &mb);
  if (ma == 0 || mb == 0) return VarNumeric{0, scale};
  uint128_t r;
  if (__builtin_mul_overflow(ma / Gcd128(ma, mb), mb, &r) ||
      r >= static_cast<uint128_t>(Pow10Int128(kMaxDigits))) {
    ThrowOverflow();
  }
  return VarNumeric{static_cast<int128_t>(r), scale};
}

void Factorial(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<int64_t, VarNumeric>(args.column(0), result, args.size(), [](int64_t n) {
    if (n < 0)
      throw SqlError(ErrorCode::kNumericValueOutOfRange, "factorial of a negative number is undefined");
    int128_t r = 1;
    const int128_t limit = Pow10Int128(kMaxDigits);
    for (int64_t i = 2; i <= n; i++) {
      if (__builtin_mul_overflow(r, static_cast<int128_t>(i), &r) || r >= limit) ThrowOverflow();
    }
    return VarNumeric{r, 0};
  });
}

VarNumeric TrimScale(const VarNumeric& v) {
  if (v.scale <= 0) return v;
  return numeric::Normalize(v);
}

void ScaleOf(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<VarNumeric, int32_t>(args.column(0), result, args.size(),
                                              [](const VarNumeric& v) { return std::max(v.scale, 0); });
}

void MinScaleOf(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<VarNumeric, int32_t>(args.column(0), result, args.size(), [](const VarNumeric& v) {
    return std::max(TrimScale(v).scale, 0);
  });
}

}  // namespace

void RegisterNumericMathFunctions(FunctionRegistry& registry) {
  const LogicalType num(TypeId::kNumeric);
  const LogicalType int4(TypeId::kInteger);
  registry.AddScalar(MakeScalar("abs", {num}, num, NumericUnary<numeric::Abs>, BindNumericSameType));
  registry.AddScalar(MakeScalar("ceil", {num}, num, NumericUnary<numeric::Ceil>));
  registry.AddScalar(MakeScalar("ceiling", {num}, num, NumericUnary<numeric::Ceil>));
  registry.AddScalar(MakeScalar("floor", {num}, num, NumericUnary<numeric::Floor>));
  registry.AddScalar(MakeScalar("round", {num}, num, NumericUnary<RoundZero>));
  registry.AddScalar(MakeScalar("round", {num, int4}, num, NumericRoundTo));
  registry.AddScalar(MakeScalar("trunc", {num}, num, NumericUnary<TruncZero>));
  registry.AddScalar(MakeScalar("trunc", {num, int4}, num, NumericTruncTo));
  registry.AddScalar(MakeScalar("sign", {num}, num, NumericUnary<SignOf>));
  registry.AddScalar(MakeScalar("sqrt", {num}, num, NumericUnary<numeric::Sqrt>));
  registry.AddScalar(MakeScalar("exp", {num}, num, NumericUnary<NumericExp>));
  registry.AddScalar(MakeScalar("ln", {num}, num, NumericUnary<NumericLn>));
  registry.AddScalar(MakeScalar("log", {num}, num, NumericUnary<Log10Of>));
  registry.AddScalar(MakeScalar("log10", {num}, num, NumericUnary<Log10Of>));
  registry.AddScalar(MakeScalar("log", {num, num}, num, NumericBinary<NumericLog>));
  registry.AddScalar(MakeScalar("power", {num, num}, num, NumericPowerKernel));
  registry.AddScalar(MakeScalar("pow", {num, num}, num, NumericPowerKernel));
  registry.AddScalar(MakeScalar("mod", {num, num}, num, NumericBinary<ModuloOf>));
  registry.AddScalar(MakeScalar("div", {num, num}, num, NumericBinary<DivTrunc>));
  registry.AddScalar(MakeScalar("gcd", {num, num}, num, NumericBinary<GcdNumeric>));
  registry.AddScalar(MakeScalar("lcm", {num, num}, num, NumericBinary<LcmNumeric>));
  registry.AddScalar(MakeScalar("factorial", {TypeId::kBigInt}, num, Factorial));
  registry.AddScalar(MakeScalar("scale", {num}, int4, ScaleOf));
  registry.AddScalar(MakeScalar("min_scale", {num}, int4, MinScaleOf));
  registry.AddScalar(MakeScalar("trim_scale", {num}, num, NumericUnary<TrimScale>));
}

}  // namespace stockroom
