// var_pop, var_samp (variance), stddev_pop, stddev_samp (stddev) with PostgreSQL 15's
// result types and digits.
//
// real/double inputs give double precision through PostgreSQL's Youngs-Cramer accumulation
// (float8_accum / float8_combine), so results match bit for bit when rows arrive in the
// same order.
//
// Integer and numeric inputs give numeric. PostgreSQL keeps exact sums of x and x^2 and
// finishes in numeric_stddev_internal: numerator = N*sum(x^2) - sum(x)^2 (exact), variance =
// numerator / (N*(N-1)) (or N*N) rounded at the scale numeric division would pick, and
// stddev = the square root of that rounded variance, rounded at the same scale. We keep
// the sums exactly in 384-bit integers and do the finishing arithmetic on arbitrary-size
// integers, so every digit matches; a result PostgreSQL prints with more than the 38
// digits a Stockroom numeric holds keeps fewer fractional digits (correctly rounded), as
// numeric::Divide does.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "binder/expression/bound_expression.hpp"
#include "common/error/exception.hpp"
#include "common/types/numeric.hpp"
#include "function/aggregate/aggregate_executor.hpp"
#include "function/aggregate/aggregate_registration.hpp"

namespace stockroom {

namespace {

[[noreturn]] void ThrowNumericOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
}
[[noreturn]] void ThrowFloatOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value out of range: overflow");
}

enum class Statistic : uint8_t { kVarPop, kVarSamp, kStddevPop, kStddevSamp };

constexpr bool IsSample(Statistic s) { return s == Statistic::kVarSamp || s == Statistic::kStddevSamp; }
constexpr bool IsStddev(Statistic s) { return s == Statistic::kStddevPop || s == Statistic::kStddevSamp; }

// Floating-point inputs.

struct FloatMomentsState {
  double n;
  double sx;
  double sxx;
};

template <class In, Statistic kStat>
struct FloatVarianceOp {
  static void Initialize(FloatMomentsState& s) { s = {0, 0, 0}; }
  static void Update(FloatMomentsState& s, In input) {
    double v = static_cast<double>(input);
    double old_n = s.n;
    double old_sx = s.sx;
    s.n += 1.0;
    s.sx += v;
    if (old_n > 0.0) {
      double tmp = v * s.n - s.sx;
      s.sxx += tmp * tmp / (s.n * old_n);
      // Finite inputs that overflow are an error; an infinite input makes Sxx NaN.
      if (std::isinf(s.sx) || std::isinf(s.sxx)) {
        if (!std::isinf(old_sx) && !std::isinf(v)) ThrowFloatOverflow();
        s.sxx = std::numeric_limits<double>::quiet_NaN();
      }
    } else if (std::isnan(v) || std::isinf(v)) {
      s.sxx = std::numeric_limits<double>::quiet_NaN();
    }
  }
  static void Combine(const FloatMomentsState& source, FloatMomentsState& target) {
    if (source.n == 0.0) return;
    if (target.n == 0.0) {
      target = source;
      return;
    }
    double n = target.n + source.n;
    double sx = target.sx + source.sx;
    if (std::isinf(sx) && !std::isinf(target.sx) && !std::isinf(source.sx)) ThrowFloatOverflow();
    double tmp = target.sx / target.n - source.sx / source.n;
    double sxx = target.sxx + source.sxx + target.n * source.n * tmp * tmp / n;
    if (std::isinf(sxx) && !std::isinf(target.sxx) && !std::isinf(source.sxx)) ThrowFloatOverflow();
    target = {n, sx, sxx};
  }
  static void Finalize(FloatMomentsState& s, Vector& result, idx_t row, AggregateInputData&) {
    if (IsSample(kStat) ? s.n <= 1.0 : s.n == 0.0) {
      result.validity().SetInvalid(row);
      return;
    }
    double variance = s.sxx / (IsSample(kStat) ? s.n - 1.0 : s.n);
    result.Data<double>()[row] = IsStddev(kStat) ? std::sqrt(variance) : variance;
  }
};

// A signed 384-bit two's-complement integer, little-endian words: the exact sums of x and
// x^2 for numeric variance. 384 bits hold 2^40 squares of 38-digit values.
struct Wide384 {
  uint64_t w[6];
};

void AddWords(Wide384& acc, const uint64_t* addend, int words, uint64_t extension) {
  unsigned char carry = 0;
  for (int i = 0; i < 6; i++) {
    uint64_t a = i < words ? addend[i] : extension;
    uint64_t sum;
    unsigned char c1 = __builtin_add_overflow(acc.w[i], a, &sum);
    unsigned char c2 = __builtin_add_overflow(sum, static_cast<uint64_t>(carry), &sum);
    acc.w[i] = sum;
    carry = c1 | c2;
  }
}

bool IsNegative(const Wide384& v) { return (v.w[5] >> 63) != 0; }

// Adds `delta` (-1, 0 or 1) at word 2, the carry or borrow out of the low 128 bits.
inline void PropagateHigh(Wide384& acc, int delta) {
  if (delta > 0) {
    for (int i = 2; i < 6 && ++acc.w[i] == 0; i++) {
    }
  } else if (delta < 0) {
    for (int i = 2; i < 6 && acc.w[i]-- == 0; i++) {
    }
  }
}

// Adds to the low 128 bits; returns the carry out.
inline int AddLow(Wide384& acc, uint128_t v) {
  uint128_t low = (static_cast<uint128_t>(acc.w[1]) << 64) | acc.w[0];
  uint128_t sum = low + v;
  acc.w[0] = static_cast<uint64_t>(sum);
  acc.w[1] = static_cast<uint64_t>(sum >> 64);
  return sum < low;
}

// Adds a signed 128-bit value: its low 128 bits plus a sign extension of all ones, which
// together with the carry rarely touches the high words.
inline void AddInt128(Wide384& acc, int128_t v) {
  int carry = AddLow(acc, static_cast<uint128_t>(v));
  PropagateHigh(acc, carry - (v < 0 ? 1 : 0));
}

// Adds v*v (at most 2^254) as a non-negative 256-bit value.
inline void AddSquare(Wide384& acc, int128_t v) {
  uint128_t m = v < 0 ? static_cast<uint128_t>(0) - static_cast<uint128_t>(v) : static_cast<uint128_t>(v);
  uint64_t lo = static_cast<uint64_t>(m), hi = static_cast<uint64_t>(m >> 64);
  if (hi == 0) {
    PropagateHigh(acc, AddLow(acc, static_cast<uint128_t>(lo) * lo));
    return;
  }
  uint128_t p00 = static_cast<uint128_t>(lo) * lo;
  uint128_t p01 = static_cast<uint128_t>(lo) * hi;
  uint128_t p11 = static_cast<uint128_t>(hi) * hi;
  // m^2 = p11 * 2^128 + 2 * p01 * 2^64 + p00
  uint64_t words[4] = {static_cast<uint64_t>(p00), 0, 0, 0};
  uint128_t mid = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p01);
  words[1] = static_cast<uint64_t>(mid);
  uint128_t high = p11 + (p01 >> 64) + (p01 >> 64) + (mid >> 64);
  words[2] = static_cast<uint64_t>(high);
  words[3] = static_cast<uint64_t>(high >> 64);
  AddWords(acc, words, 4, 0);
}

void AddWide(Wide384& acc, const Wide384& v) { AddWords(acc, v.w, 6, 0); }

// Multiplies by 10^exponent; false if the result leaves the 383-bit signed range.
bool MulPow10(Wide384& v, int exponent) {
  bool negative = IsNegative(v);
  Wide384 m = v;
  if (negative) {
    for (auto& word : m.w) word = ~word;
    uint64_t one = 1;
    AddWords(m, &one, 1, 0);
  }
  while (exponent > 0) {
    int chunk = std::min(exponent, 19);
    uint64_t factor = static_cast<uint64_t>(Pow10Int64(chunk));
    uint64_t carry = 0;
    for (auto& word : m.w) {
      uint128_t p = static_cast<uint128_t>(word) * factor + carry;
      word = static_cast<uint64_t>(p);
      carry = static_cast<uint64_t>(p >> 64);
    }
    if (carry != 0 || (m.w[5] >> 63) != 0) return false;
    exponent -= chunk;
  }
  if (negative) {
    for (auto& word : m.w) word = ~word;
    uint64_t one = 1;
    AddWords(m, &one, 1, 0);
  }
  v = m;
  return true;
}

// A non-negative integer of any size (base 2^32 limbs, little-endian, no high zero limbs)
// for the finishing arithmetic of numeric variance, which runs once per group.
class BigNat {
 public:
  BigNat() = default;
  explicit BigNat(uint128_t v) {
    while (v != 0) {
      limbs_.push_back(static_cast<uint32_t>(v));
      v >>= 32;
    }
  }
  // Takes the magnitude of a two's-complement Wide384 and reports its sign.
  static BigNat FromWide(const Wide384& v, bool* negative) {
    Wide384 m = v;
    *negative = IsNegative(v);
    if (*negative) {
      for (auto& word : m.w) word = ~word;
      uint64_t one = 1;
      AddWords(m, &one, 1, 0);
    }
    BigNat r;
    for (uint64_t word : m.w) {
      r.limbs_.push_back(static_cast<uint32_t>(word));
      r.limbs_.push_back(static_cast<uint32_t>(word >> 32));
    }
    r.Trim();
    return r;
  }

  bool IsZero() const { return limbs_.empty(); }

  static int Compare(const BigNat& a, const BigNat& b) {
    if (a.limbs_.size() != b.limbs_.size()) return a.limbs_.size() < b.limbs_.size() ? -1 : 1;
    for (size_t i = a.limbs_.size(); i-- > 0;) {
      if (a.limbs_[i] != b.limbs_[i]) return a.limbs_[i] < b.limbs_[i] ? -1 : 1;
    }
    return 0;
  }

  static BigNat Multiply(const BigNat& a, const BigNat& b) {
    BigNat r;
    if (a.IsZero() || b.IsZero()) return r;
    r.limbs_.assign(a.limbs_.size() + b.limbs_.size(), 0);
    for (size_t i = 0; i < a.limbs_.size(); i++) {
      uint64_t carry = 0;
      for (size_t j = 0; j < b.limbs_.size(); j++) {
        uint64_t cur = static_cast<uint64_t>(a.limbs_[i]) * b.limbs_[j] + r.limbs_[i + j] + carry;
        r.limbs_[i + j] = static_cast<uint32_t>(cur);
        carry = cur >> 32;
      }
      size_t k = i + b.limbs_.size();
      while (carry != 0) {
        uint64_t cur = static_cast<uint64_t>(r.limbs_[k]) + carry;
        r.limbs_[k++] = static_cast<uint32_t>(cur);
        carry = cur >> 32;
      }
    }
    r.Trim();
    return r;
  }

  // Returns a - b; requires a >= b.
  static BigNat Subtract(const BigNat& a, const BigNat& b) {
    BigNat r = a;
    int64_t borrow = 0;
    for (size_t i = 0; i < r.limbs_.size(); i++) {
      int64_t cur = static_cast<int64_t>(r.limbs_[i]) - (i < b.limbs_.size() ? b.limbs_[i] : 0) - borrow;
      borrow = cur < 0;
      r.limbs_[i] = static_cast<uint32_t>(cur + (borrow ? (int64_t{1} << 32) : 0));
    }
    r.Trim();
    return r;
  }

  void MulSmall(uint32_t m) {
    uint64_t carry = 0;
    for (auto& limb : limbs_) {
      uint64_t cur = static_cast<uint64_t>(limb) * m + carry;
      limb = static_cast<uint32_t>(cur);
      carry = cur >> 32;
    }
    if (carry) limbs_.push_back(static_cast<uint32_t>(carry));
    Trim();
  }

  void AddSmall(uint32_t a) {
    uint64_t carry = a;
    for (size_t i = 0; carry != 0; i++) {
      if (i == limbs_.size()) limbs_.push_back(0);
      uint64_t cur = static_cast<uint64_t>(limbs_[i]) + carry;
      limbs_[i] = static_cast<uint32_t>(cur);
      carry = cur >> 32;
    }
  }

  void MulPow10(int64_t exponent) {
    while (exponent > 0) {
      int chunk = static_cast<int>(std::min<int64_t>(exponent, 9));
      MulSmall(static_cast<uint32_t>(Pow10Int64(chunk)));
      exponent -= chunk;
    }
  }

  // Divides in place and returns the remainder.
  uint32_t DivSmall(uint32_t d) {
    uint64_t rem = 0;
    for (size_t i = limbs_.size(); i-- > 0;) {
      uint64_t cur = (rem << 32) | limbs_[i];
      limbs_[i] = static_cast<uint32_t>(cur / d);
      rem = cur % d;
    }
    Trim();
    return static_cast<uint32_t>(rem);
  }

  // Sets *quotient = floor(n / d) and *remainder = n mod d; d must be nonzero.
  static void DivMod(const BigNat& n, const BigNat& d, BigNat* quotient, BigNat* remainder) {
    BigNat q, r;
    q.limbs_.assign(n.limbs_.size(), 0);
    for (size_t bit = n.BitLength(); bit-- > 0;) {
      r.ShiftLeftOne();
      if ((n.limbs_[bit / 32] >> (bit % 32)) & 1) {
        if (r.limbs_.empty()) r.limbs_.push_back(0);
        r.limbs_[0] |= 1;
      }
      if (Compare(r, d) >= 0) {
        r = Subtract(r, d);
        q.limbs_[bit / 32] |= uint32_t{1} << (bit % 32);
      }
    }
    q.Trim();
    *quotient = std::move(q);
    *remainder = std::move(r);
  }

  // Returns floor(sqrt(n)).
  static BigNat Sqrt(const BigNat& n) {
    if (n.IsZero()) return n;
    // Newton's iteration from a power of two above the root decreases to floor(sqrt(n)).
    BigNat x;
    size_t half = (n.BitLength() + 1) / 2;
    x.limbs_.assign(half / 32 + 1, 0);
    x.limbs_[half / 32] = uint32_t{1} << (half % 32);
    for (;;) {
      BigNat q, r;
      DivMod(n, x, &q, &r);
      BigNat y = Add(x, q);
      y.ShiftRightOne();
      if (Compare(y, x) >= 0) return x;
      x = std::move(y);
    }
  }

  // Returns the decimal digits.
  std::string ToDecimal() const {
    if (IsZero()) return "0";
    BigNat v = *this;
    std::string out;
    while (!v.IsZero()) {
      uint32_t chunk = v.DivSmall(1000000000);
      for (int i = 0; i < 9; i++) {
        out.push_back(static_cast<char>('0' + chunk % 10));
        chunk /= 10;
        if (v.IsZero() && chunk == 0) break;
      }
    }
    while (out.size() > 1 && out.back() == '0') out.pop_back();
    std::reverse(out.begin(), out.end());
    return out;
  }

  // Returns the value if it fits in 128 bits.
  bool ToU128(uint128_t* out) const {
    if (limbs_.size() > 4) return false;
    uint128_t v = 0;
    for (size_t i = limbs_.size(); i-- > 0;) v = (v << 32) | limbs_[i];
    *out = v;
    return true;
  }

 private:
  static BigNat Add(const BigNat& a, const BigNat& b) {
    BigNat r;
    size_t n = std::max(a.limbs_.size(), b.limbs_.size());
    r.limbs_.resize(n + 1, 0);
    uint64_t carry = 0;
    for (size_t i = 0; i < n; i++) {
      uint64_t cur =
          carry + (i < a.limbs_.size() ? a.limbs_[i] : 0) + (i < b.limbs_.size() ? b.limbs_[i] : 0);
      r.limbs_[i] = static_cast<uint32_t>(cur);
      carry = cur >> 32;
    }
    r.limbs_[n] = static_cast<uint32_t>(carry);
    r.Trim();
    return r;
  }
  size_t BitLength() const {
    if (limbs_.empty()) return 0;
    return (limbs_.size() - 1) * 32 + (32 - __builtin_clz(limbs_.back()));
  }
  void ShiftLeftOne() {
    uint32_t carry = 0;
    for (auto& limb : limbs_) {
      uint32_t next = limb >> 31;
      limb = (limb << 1) | carry;
      carry = next;
    }
    if (carry) limbs_.push_back(carry);
  }
  void ShiftRightOne() {
    for (size_t i = 0; i < limbs_.size(); i++) {
      limbs_[i] = (limbs_[i] >> 1) | (i + 1 < limbs_.size() ? (limbs_[i + 1] << 31) : 0);
    }
    Trim();
  }
  void Trim() {
    while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  }

  std::vector<uint32_t> limbs_;
};

// PostgreSQL's numeric weight (base 10000) and leading base-10000 digit of digits * 10^-scale.
void LeadingBaseDigit(const std::string& digits, int64_t scale, int64_t* weight, int64_t* first_digit) {
  int64_t ndigits = static_cast<int64_t>(digits.size());
  int64_t exponent10 = ndigits - 1 - scale;
  int64_t w = exponent10 >= 0 ? exponent10 / 4 : -((-exponent10 + 3) / 4);
  int64_t lead_len = exponent10 - 4 * w + 1;
  int64_t first = 0;
  for (int64_t i = 0; i < lead_len; i++) first = first * 10 + (i < ndigits ? digits[i] - '0' : 0);
  *weight = w;
  *first_digit = first;
}

// The state of numeric variance: exact sums of x (at `scale`) and x^2 (at 2 * scale).
// Fixed numeric(p,s) inputs add their type's scale from bind data at finalize.
struct NumericMomentsState {
  int64_t n;
  Wide384 sum;
  Wide384 sum_squares;
  int32_t scale;
};

struct NumericScaleData : FunctionData {
  explicit NumericScaleData(int32_t scale) : scale(scale) {}
  int32_t scale;
};

// Brings the state to `scale` (>= its own).
void RaiseScale(NumericMomentsState& s, int32_t scale) {
  int shift = scale - s.scale;
  if (!MulPow10(s.sum, shift) || !MulPow10(s.sum_squares, 2 * shift)) ThrowNumericOverflow();
  s.scale = scale;
}

// Stores `value` (at `scale`) in *out. PostgreSQL may show more digits than the 38 a
// VarNumeric holds; as numeric::Divide does, such a result keeps fewer fractional digits,
// recomputed (not re-rounded) at the smaller scale by `compute_at`.
template <class ComputeAt>
bool FitResult(BigNat value, int64_t scale, ComputeAt&& compute_at, VarNumeric* out) {
  const uint128_t limit = static_cast<uint128_t>(Pow10Int128(38));
  uint128_t magnitude;
  for (int attempt = 0; attempt < 3; attempt++) {
    if (value.ToU128(&magnitude) && magnitude < limit) {
      *out = VarNumeric{static_cast<int128_t>(magnitude), static_cast<int32_t>(scale)};
      return true;
    }
    int64_t excess = std::max<int64_t>(1, static_cast<int64_t>(value.ToDecimal().size()) - 38);
    scale -= excess;
    if (scale < 0) ThrowNumericOverflow();
    value = compute_at(scale);
  }
  ThrowNumericOverflow();
}

// Returns var or stddev as PostgreSQL's numeric_stddev_internal computes it; false for NULL.
bool FinishNumericVariance(const NumericMomentsState& s, int32_t extra_scale, Statistic stat,
                           VarNumeric* out) {
  if (IsSample(stat) ? s.n <= 1 : s.n == 0) return false;
  int64_t scale = static_cast<int64_t>(s.scale) + extra_scale;
  bool sum_negative, squares_negative;
  BigNat sum = BigNat::FromWide(s.sum, &sum_negative);
  BigNat squares = BigNat::FromWide(s.sum_squares, &squares_negative);
  BigNat n(static_cast<uint128_t>(s.n));
  // numerator = N * sum(x^2) - sum(x)^2, exact at scale 2 * scale.
  BigNat left = BigNat::Multiply(n, squares);
  BigNat right = BigNat::Multiply(sum, sum);
  if (BigNat::Compare(left, right) <= 0) {
    *out = VarNumeric{0, 0};
    return true;
  }
  BigNat numerator = BigNat::Subtract(left, right);
  uint128_t n_value = static_cast<uint128_t>(s.n);
  BigNat denominator(n_value * (IsSample(stat) ? n_value - 1 : n_value));

  // Result scale: numeric division's select_div_scale for numerator / denominator.
  int64_t numerator_scale = 2 * scale;
  int64_t w1, d1, w2, d2;
  LeadingBaseDigit(numerator.ToDecimal(), numerator_scale, &w1, &d1);
  LeadingBaseDigit(denominator.ToDecimal(), 0, &w2, &d2);
  int64_t qweight = w1 - w2;
  if (d1 <= d2) qweight--;
  int64_t rscale = 16 - qweight * 4;
  rscale = std::max<int64_t>({rscale, numerator_scale, 0});
  rscale = std::min<int64_t>(rscale, 1000);

  // variance = numerator * 10^(scale - numerator_scale) / denominator, rounded half up.
  auto divide_at = [&](int64_t scale_to) {
    BigNat dividend = numerator;
    BigNat divisor = denominator;
    if (scale_to >= numerator_scale) {
      dividend.MulPow10(scale_to - numerator_scale);
    } else {
      divisor.MulPow10(numerator_scale - scale_to);
    }
    BigNat quotient, remainder;
    BigNat::DivMod(dividend, divisor, &quotient, &remainder);
    remainder.MulSmall(2);
    if (BigNat::Compare(remainder, divisor) >= 0) quotient.AddSmall(1);
    return quotient;
  };
  BigNat variance = divide_at(rscale);
  if (!IsStddev(stat)) return FitResult(variance, rscale, divide_at, out);
  // The square root of the rounded variance, correctly rounded at `scale_to`: the root of
  // variance * 10^(2 * scale_to - rscale) with one extra digit, then rounded half up.
  // (Truncating the radicand keeps floor(sqrt) exact.)
  auto sqrt_at = [&](int64_t scale_to) {
    BigNat radicand = variance;
    int64_t exponent = 2 * scale_to + 2 - rscale;
    if (exponent >= 0) {
      radicand.MulPow10(exponent);
    } else {
      for (int64_t e = -exponent; e > 0; e -= 9)
        radicand.DivSmall(static_cast<uint32_t>(Pow10Int64(std::min<int64_t>(e, 9))));
    }
    BigNat root = BigNat::Sqrt(radicand);
    if (root.DivSmall(10) >= 5) root.AddSmall(1);
    return root;
  };
  return FitResult(sqrt_at(rscale), rscale, sqrt_at, out);
}

template <Statistic kStat>
struct NumericVarianceFinalize {
  static void Finalize(NumericMomentsState& s, Vector& result, idx_t row, AggregateInputData& data) {
    int32_t extra_scale = data.bind_data ? static_cast<const NumericScaleData*>(data.bind_data)->scale : 0;
    VarNumeric value;
    if (!FinishNumericVariance(s, extra_scale, kStat, &value)) {
      result.validity().SetInvalid(row);
      return;
    }
    result.Data<VarNumeric>()[row] = value;
  }
};

void InitializeMoments(NumericMomentsState& s) {
  s.n = 0;
  s.sum = Wide384{};
  s.sum_squares = Wide384{};
  s.scale = 0;
}

void CombineMoments(const NumericMomentsState& source, NumericMomentsState& target) {
  if (source.n == 0) return;
  NumericMomentsState aligned = source;
  if (aligned.scale < target.scale) RaiseScale(aligned, target.scale);
  if (target.scale < aligned.scale) RaiseScale(target, aligned.scale);
  AddWide(target.sum, aligned.sum);
  AddWide(target.sum_squares, aligned.sum_squares);
  target.n += aligned.n;
}

// Integer inputs and fixed numeric(p,s) inputs (unscaled int64/int128; the scale is the
// type's).
template <class In, Statistic kStat>
struct ExactVarianceOp : NumericVarianceFinalize<kStat> {
  static void Initialize(NumericMomentsState& s) { InitializeMoments(s); }
  static void Update(NumericMomentsState& s, const In& v) {
    AddInt128(s.sum, static_cast<int128_t>(v));
    AddSquare(s.sum_squares, static_cast<int128_t>(v));
    s.n++;
  }
  static void Combine(const NumericMomentsState& source, NumericMomentsState& target) {
    CombineMoments(source, target);
  }
};

// Unconstrained numeric: the sums follow the largest scale seen.
template <Statistic kStat>
struct VarNumericVarianceOp : NumericVarianceFinalize<kStat> {
  static void Initialize(NumericMomentsState& s) { InitializeMoments(s); }
  static void Update(NumericMomentsState& s, const VarNumeric& v) {
    int128_t value = v.value;
    if (v.scale > s.scale) {
      RaiseScale(s, v.scale);
    } else if (v.scale < s.scale) {
      value = numeric::Rescale(value, v.scale, s.scale);
    }
    AddInt128(s.sum, value);
    AddSquare(s.sum_squares, value);
    s.n++;
  }
  static void Combine(const NumericMomentsState& source, NumericMomentsState& target) {
    CombineMoments(source, target);
  }
};

template <Statistic kStat>
std::unique_ptr<FunctionData> BindNumericVariance(ClientContext&, AggregateFunction& function,
                                                  std::vector<std::unique_ptr<BoundExpression>>& arguments) {
  const LogicalType& type = arguments[0]->type;
  function.return_type = LogicalType(TypeId::kNumeric);
  switch (type.physical()) {
    case PhysicalType::kInt64:
      SetUnaryCallbacks<NumericMomentsState, int64_t, ExactVarianceOp<int64_t, kStat>>(function);
      return std::make_unique<NumericScaleData>(type.scale());
    case PhysicalType::kInt128:
      SetUnaryCallbacks<NumericMomentsState, int128_t, ExactVarianceOp<int128_t, kStat>>(function);
      return std::make_unique<NumericScaleData>(type.scale());
    default:
      SetUnaryCallbacks<NumericMomentsState, VarNumeric, VarNumericVarianceOp<kStat>>(function);
      return nullptr;
  }
}

template <Statistic kStat>
void RegisterStatistic(FunctionRegistry& registry, const char* name) {
  const LogicalType numeric(TypeId::kNumeric);
  registry.AddAggregate(UnaryAggregate<NumericMomentsState, int16_t, ExactVarianceOp<int16_t, kStat>>(
      name, TypeId::kSmallInt, numeric));
  registry.AddAggregate(UnaryAggregate<NumericMomentsState, int32_t, ExactVarianceOp<int32_t, kStat>>(
      name, TypeId::kInteger, numeric));
  registry.AddAggregate(UnaryAggregate<NumericMomentsState, int64_t, ExactVarianceOp<int64_t, kStat>>(
      name, TypeId::kBigInt, numeric));
  AggregateFunction numeric_function =
      UnaryAggregate<NumericMomentsState, VarNumeric, VarNumericVarianceOp<kStat>>(name, numeric, numeric);
  numeric_function.bind = BindNumericVariance<kStat>;
  registry.AddAggregate(numeric_function);
  registry.AddAggregate(UnaryAggregate<FloatMomentsState, float, FloatVarianceOp<float, kStat>>(
      name, TypeId::kReal, TypeId::kDouble));
  registry.AddAggregate(UnaryAggregate<FloatMomentsState, double, FloatVarianceOp<double, kStat>>(
      name, TypeId::kDouble, TypeId::kDouble));
}

}  // namespace

void RegisterVarianceAggregates(FunctionRegistry& registry) {
  RegisterStatistic<Statistic::kVarPop>(registry, "var_pop");
  RegisterStatistic<Statistic::kVarSamp>(registry, "var_samp");
  RegisterStatistic<Statistic::kVarSamp>(registry, "variance");
  RegisterStatistic<Statistic::kStddevPop>(registry, "stddev_pop");
  RegisterStatistic<Statistic::kStddevSamp>(registry, "stddev_samp");
  RegisterStatistic<Statistic::kStddevSamp>(registry, "stddev");
}

}  // namespace stockroom
