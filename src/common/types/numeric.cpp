#include "common/types/numeric.hpp"

#include <algorithm>
#include <bit>
#include <cerrno>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <type_traits>

#include <locale.h>

#include "common/error/assert.hpp"
#include "common/error/exception.hpp"

namespace stockroom {

namespace {

// Largest number of significant digits a VarNumeric holds: |value| < 10^38.
constexpr int kMaxDigits = 38;
// PostgreSQL's NUMERIC_DSCALE_MAX: the largest display scale a numeric can store.
constexpr int64_t kMaxStoredScale = 16383;
// PostgreSQL's NUMERIC_MIN_SIG_DIGITS and NUMERIC_MAX_DISPLAY_SCALE, used to pick the
// result scale of division and square root.
constexpr int64_t kMinSigDigits = 16;
constexpr int64_t kMaxDisplayScale = 1000;
// PostgreSQL's NUMERIC_MAX_RESULT_SCALE, the clamp on round()/trunc() scale arguments.
constexpr int64_t kMaxResultScale = 2000;

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

uint128_t Pow10U(int exponent) { return static_cast<uint128_t>(Pow10Int128(exponent)); }
// Returns 10^exponent for exponent in [0, 19], the chunk size of 64-bit word arithmetic.
uint64_t Pow10U64(int exponent) { return static_cast<uint64_t>(Pow10U(exponent)); }

const uint128_t kDigitLimit = Pow10U(kMaxDigits);

uint128_t Magnitude(int128_t v) {
  return v < 0 ? static_cast<uint128_t>(0) - static_cast<uint128_t>(v) : static_cast<uint128_t>(v);
}

int128_t Signed(uint128_t magnitude, bool negative) {
  int128_t v = static_cast<int128_t>(magnitude);
  return negative ? -v : v;
}

[[noreturn]] void ThrowOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
}

[[noreturn]] void ThrowDivisionByZero() { throw SqlError(ErrorCode::kDivisionByZero, "division by zero"); }

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) q--;
  return q;
}

// Returns mag / 10^shift rounded half away from zero (shift >= 0).
uint128_t RoundShift(uint128_t mag, int64_t shift) {
  if (shift == 0) return mag;
  // Any uint128 is below 5 * 10^38, so it rounds to zero past 38 digits.
  if (shift > kMaxDigits) return 0;
  uint128_t p = Pow10U(static_cast<int>(shift));
  uint128_t q = mag / p;
  if (mag % p >= p / 2) q++;
  return q;
}

uint128_t TruncShift(uint128_t mag, int64_t shift) {
  if (shift > kMaxDigits) return 0;
  return mag / Pow10U(static_cast<int>(shift));
}

// Returns false when mag * 10^shift would not fit in 38 digits.
bool ShiftUp(uint128_t mag, int64_t shift, uint128_t* out) {
  if (mag == 0) {
    *out = 0;
    return true;
  }
  if (shift > kMaxDigits) return false;
  uint128_t r;
  if (__builtin_mul_overflow(mag, Pow10U(static_cast<int>(shift)), &r) || r >= kDigitLimit) return false;
  *out = r;
  return true;
}

// An unsigned 256-bit integer for the intermediate results of multiplication, division
// and square root that need up to 77 digits before rounding back to 38.
struct U256 {
  uint64_t w[4] = {0, 0, 0, 0};  // little-endian 64-bit words
};

U256 FromU128(uint128_t v) {
  U256 r;
  r.w[0] = static_cast<uint64_t>(v);
  r.w[1] = static_cast<uint64_t>(v >> 64);
  return r;
}

bool FitsU128(const U256& v) { return v.w[2] == 0 && v.w[3] == 0; }
uint128_t ToU128(const U256& v) { return (static_cast<uint128_t>(v.w[1]) << 64) | v.w[0]; }

U256 MulFull(uint128_t a, uint128_t b) {
  uint64_t a0 = static_cast<uint64_t>(a), a1 = static_cast<uint64_t>(a >> 64);
  uint64_t b0 = static_cast<uint64_t>(b), b1 = static_cast<uint64_t>(b >> 64);
  uint128_t p00 = static_cast<uint128_t>(a0) * b0;
  uint128_t p01 = static_cast<uint128_t>(a0) * b1;
  uint128_t p10 = static_cast<uint128_t>(a1) * b0;
  uint128_t p11 = static_cast<uint128_t>(a1) * b1;
  uint128_t mid = (p00 >> 64) + static_cast<uint64_t>(p01) + static_cast<uint64_t>(p10);
  uint128_t high = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
  U256 r;
  r.w[0] = static_cast<uint64_t>(p00);
  r.w[1] = static_cast<uint64_t>(mid);
  r.w[2] = static_cast<uint64_t>(high);
  r.w[3] = static_cast<uint64_t>(high >> 64);
  return r;
}

// Multiplies in place; returns false if the product needs more than 256 bits.
bool MulSmall(U256* v, uint64_t m) {
  uint64_t carry = 0;
  for (uint64_t& word : v->w) {
    uint128_t p = static_cast<uint128_t>(word) * m + carry;
    word = static_cast<uint64_t>(p);
    carry = static_cast<uint64_t>(p >> 64);
  }
  return carry == 0;
}

void AddSmall(U256* v, uint64_t a) {
  for (uint64_t& word : v->w) {
    uint64_t before = word;
    word += a;
    if (word >= before) return;
    a = 1;
  }
}

void AddU128(U256* v, uint128_t a) {
  uint128_t low = ToU128(*v);
  uint128_t sum = low + a;
  v->w[0] = static_cast<uint64_t>(sum);
  v->w[1] = static_cast<uint64_t>(sum >> 64);
  if (sum < low && ++v->w[2] == 0) ++v->w[3];
}

bool Less(const U256& a, const U256& b) {
  for (int i = 3; i >= 0; i--) {
    if (a.w[i] != b.w[i]) return a.w[i] < b.w[i];
  }
  return false;
}

// Divides in place by d (nonzero) and returns the remainder.
uint64_t DivSmall(U256* v, uint64_t d) {
  uint128_t rem = 0;
  for (int i = 3; i >= 0; i--) {
    uint128_t cur = (rem << 64) | v->w[i];
    v->w[i] = static_cast<uint64_t>(cur / d);
    rem = cur % d;
  }
  return static_cast<uint64_t>(rem);
}

bool MulPow10(U256* v, int64_t exponent) {
  while (exponent > 0) {
    int chunk = static_cast<int>(std::min<int64_t>(exponent, 19));
    if (!MulSmall(v, Pow10U64(chunk))) return false;
    exponent -= chunk;
  }
  return true;
}

void TruncPow10(U256* v, int64_t exponent) {
  while (exponent > 0) {
    int chunk = static_cast<int>(std::min<int64_t>(exponent, 19));
    DivSmall(v, Pow10U64(chunk));
    exponent -= chunk;
  }
}

// Divides by 10^exponent rounding half away from zero: only the first dropped digit
// decides, so truncating all but one digit first is exact.
void RoundPow10(U256* v, int64_t exponent) {
  if (exponent <= 0) return;
  TruncPow10(v, exponent - 1);
  if (DivSmall(v, 10) >= 5) AddSmall(v, 1);
}

int DecimalDigits256(U256 v) {
  int extra = 0;
  while (!FitsU128(v)) {
    DivSmall(&v, Pow10U64(19));
    extra += 19;
  }
  return extra + DecimalDigits(ToU128(v));
}

// Returns floor(n / d) and sets *rem to the remainder; d != 0.
U256 DivMod(U256 n, uint128_t d, uint128_t* rem) {
  if ((d >> 64) == 0) {
    *rem = DivSmall(&n, static_cast<uint64_t>(d));
    return n;
  }
  if (FitsU128(n)) {
    uint128_t nn = ToU128(n);
    *rem = nn % d;
    return FromU128(nn / d);
  }
  // Binary long division; only reached for quotients of wide intermediates.
  U256 q;
  uint128_t r = 0;
  int top = 255;
  while (top > 0 && ((n.w[top / 64] >> (top % 64)) & 1) == 0) top--;
  for (int i = top; i >= 0; i--) {
    bool carry = (r >> 127) != 0;
    r = (r << 1) | ((n.w[i / 64] >> (i % 64)) & 1);
    if (carry || r >= d) {
      r -= d;
      q.w[i / 64] |= static_cast<uint64_t>(1) << (i % 64);
    }
  }
  *rem = r;
  return q;
}

// Returns floor(sqrt(n)), which always fits in 128 bits.
uint128_t ISqrt(const U256& n) {
  if (FitsU128(n) && ToU128(n) < 2) return ToU128(n);
  int bits = 256;
  while (bits > 0 && ((n.w[(bits - 1) / 64] >> ((bits - 1) % 64)) & 1) == 0) bits--;
  int half = (bits + 1) / 2;
  // Newton's iteration from above decreases monotonically to floor(sqrt(n)).
  uint128_t x = half >= 128 ? ~static_cast<uint128_t>(0) : static_cast<uint128_t>(1) << half;
  for (;;) {
    uint128_t rem;
    U256 q = DivMod(n, x, &rem);
    // x >= sqrt(n) here, so n / x <= x fits in 128 bits.
    uint128_t qq = ToU128(q);
    uint128_t y = (x >> 1) + (qq >> 1) + (x & qq & 1);
    if (y >= x) return x;
    x = y;
  }
}

// The base-10000 weight and leading digit PostgreSQL sees for a value (NBASE = 10000):
// the value is first_digit * 10000^weight plus lower digits. Zero has weight 0, digit 0.
struct BaseDigit {
  int64_t weight = 0;
  int64_t first_digit = 0;
};

BaseDigit LeadingBaseDigit(const VarNumeric& v) {
  BaseDigit r;
  if (v.value == 0) return r;
  uint128_t mag = Magnitude(v.value);
  int digits = DecimalDigits(mag);
  int64_t exponent10 = digits - 1 - static_cast<int64_t>(v.scale);
  r.weight = FloorDiv(exponent10, 4);
  int64_t lead_len = exponent10 - 4 * r.weight + 1;  // 1..4 decimal digits in the group
  if (digits >= lead_len) {
    r.first_digit = static_cast<int64_t>(mag / Pow10U(static_cast<int>(digits - lead_len)));
  } else {
    r.first_digit = static_cast<int64_t>(mag) * Pow10Int64(static_cast<int>(lead_len - digits));
  }
  return r;
}

enum class ParseStatus { kOk, kSyntax, kOverflow, kSpecial };

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); i++) {
    char c = text[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char p = prefix[i];
    if (p >= 'A' && p <= 'Z') p = static_cast<char>(p - 'A' + 'a');
    if (c != p) return false;
  }
  return true;
}

// Parses as PostgreSQL 15's numeric_in/set_var_from_str. Errors are reported in PostgreSQL's
// order: syntax within the number, exponent overflow, trailing garbage, then value overflow.
ParseStatus ParseNumeric(std::string_view text, VarNumeric* out) {
  size_t n = text.size();
  size_t i = 0;
  while (i < n && IsSpace(text[i])) i++;

  // The same spellings float8in accepts; the longer ones must be tried first.
  static constexpr std::string_view kSpecials[] = {"nan",  "infinity", "+infinity", "-infinity",
                                                   "inf",  "+inf",     "-inf"};
  for (std::string_view special : kSpecials) {
    if (StartsWithNoCase(text.substr(i), special)) {
      size_t j = i + special.size();
      while (j < n && IsSpace(text[j])) j++;
      return j == n ? ParseStatus::kSpecial : ParseStatus::kSyntax;
    }
  }

  bool negative = false;
  if (i < n && (text[i] == '+' || text[i] == '-')) {
    negative = text[i] == '-';
    i++;
  }
  bool have_point = false;
  if (i < n && text[i] == '.') {
    have_point = true;
    i++;
  }
  if (i >= n || !IsDigit(text[i])) return ParseStatus::kSyntax;

  uint128_t digits = 0;
  int64_t significant = 0;  // digits from the first nonzero one on
  int64_t written_scale = 0;
  for (; i < n; i++) {
    char c = text[i];
    if (IsDigit(c)) {
      int d = c - '0';
      if (significant > 0 || d != 0) {
        if (significant < kMaxDigits) digits = digits * 10 + static_cast<unsigned>(d);
        significant++;
      }
      if (have_point) written_scale++;
    } else if (c == '.') {
      if (have_point) return ParseStatus::kSyntax;
      have_point = true;
    } else {
      break;
    }
  }

  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    // PostgreSQL reads the exponent with strtol, which skips whitespace and saturates.
    size_t j = i + 1;
    while (j < n && IsSpace(text[j])) j++;
    bool exp_negative = false;
    if (j < n && (text[j] == '+' || text[j] == '-')) {
      exp_negative = text[j] == '-';
      j++;
    }
    if (j >= n || !IsDigit(text[j])) return ParseStatus::kSyntax;
    for (; j < n && IsDigit(text[j]); j++) {
      if (exponent < (int64_t{1} << 40)) exponent = exponent * 10 + (text[j] - '0');
    }
    if (exp_negative) exponent = -exponent;
    constexpr int64_t kExponentLimit = INT32_MAX / 2;
    if (exponent >= kExponentLimit || exponent <= -kExponentLimit) return ParseStatus::kOverflow;
    i = j;
  }
  while (i < n && IsSpace(text[i])) i++;
  if (i != n) return ParseStatus::kSyntax;

  int64_t scale = written_scale - exponent;
  if (scale > kMaxStoredScale) return ParseStatus::kOverflow;
  if (significant == 0) {
    *out = VarNumeric{0, static_cast<int32_t>(std::max<int64_t>(scale, 0))};
    return ParseStatus::kOk;
  }
  if (significant > kMaxDigits) return ParseStatus::kOverflow;
  if (scale < 0) {
    if (!ShiftUp(digits, -scale, &digits)) return ParseStatus::kOverflow;
    scale = 0;
  }
  *out = VarNumeric{Signed(digits, negative), static_cast<int32_t>(scale)};
  return ParseStatus::kOk;
}

[[noreturn]] void ThrowNumericSyntax(std::string_view text) {
  throw SqlError(ErrorCode::kInvalidTextRepresentation,
                 "invalid input syntax for type numeric: \"" + std::string(text) + "\"");
}

// Adds sign-magnitude operands already at the same scale; false if the sum needs more
// than 38 digits.
bool AddMagnitudes(bool neg_a, uint128_t mag_a, bool neg_b, uint128_t mag_b, int128_t* out) {
  uint128_t mag;
  bool negative;
  if (neg_a == neg_b) {
    if (__builtin_add_overflow(mag_a, mag_b, &mag)) return false;
    negative = neg_a;
  } else if (mag_a >= mag_b) {
    mag = mag_a - mag_b;
    negative = neg_a;
  } else {
    mag = mag_b - mag_a;
    negative = neg_b;
  }
  if (mag >= kDigitLimit) return false;
  *out = Signed(mag, negative);
  return true;
}

VarNumeric AddSigned(int128_t a, int32_t scale_a, int128_t b, int32_t scale_b) {
  if (scale_a == scale_b) {
    int128_t r;
    if (__builtin_add_overflow(a, b, &r) || Magnitude(r) >= kDigitLimit) ThrowOverflow();
    return VarNumeric{r, scale_a};
  }
  if (scale_a > scale_b) {
    std::swap(a, b);
    std::swap(scale_a, scale_b);
  }
  // Align a (the smaller scale) up. If its magnitude passes 2^128 the sum cannot come back
  // under 10^38 because |b| < 10^38.
  uint128_t mag_a = Magnitude(a);
  int64_t shift = static_cast<int64_t>(scale_b) - scale_a;
  if (mag_a != 0) {
    if (shift > kMaxDigits || __builtin_mul_overflow(mag_a, Pow10U(static_cast<int>(shift)), &mag_a)) {
      ThrowOverflow();
    }
  }
  int128_t r;
  if (!AddMagnitudes(a < 0, mag_a, b < 0, Magnitude(b), &r)) ThrowOverflow();
  return VarNumeric{r, scale_b};
}

// Rounds a wide magnitude at `scale` to at most 38 digits and kMaxStoredScale by dropping
// fractional digits; integer digits are never dropped (22003 instead).
VarNumeric FitWide(U256 mag, int64_t scale, bool negative) {
  int64_t drop = std::max<int64_t>(0, DecimalDigits256(mag) - kMaxDigits);
  drop = std::max(drop, scale - kMaxStoredScale);
  if (drop > 0) {
    if (drop > scale) ThrowOverflow();
    RoundPow10(&mag, drop);
    scale -= drop;
  }
  SR_CHECK(FitsU128(mag));
  uint128_t m = ToU128(mag);
  if (m >= kDigitLimit) {
    // Rounding carried into a 39th digit; the result is exactly 10^38.
    if (scale == 0) ThrowOverflow();
    m /= 10;
    scale--;
  }
  return VarNumeric{Signed(m, negative), static_cast<int32_t>(scale)};
}

// Returns a / b rounded half away from zero at `rscale`. With `reduce`, a quotient that
// needs more than 38 digits is rounded at a smaller scale instead of failing.
VarNumeric DivideRounded(const VarNumeric& a, const VarNumeric& b, int64_t rscale, bool reduce) {
  if (b.value == 0) ThrowDivisionByZero();
  int32_t out_scale = static_cast<int32_t>(std::max<int64_t>(rscale, 0));
  if (a.value == 0) return VarNumeric{0, out_scale};
  bool negative = (a.value < 0) != (b.value < 0);
  uint128_t mag_a = Magnitude(a.value);
  uint128_t mag_b = Magnitude(b.value);
  // The quotient is mag_a * 10^e / mag_b; t carries one extra digit for rounding.
  int64_t e = rscale + b.scale - a.scale;

  if (e + 1 >= 0 && e + 1 <= kMaxDigits) {
    uint128_t n;
    if (!__builtin_mul_overflow(mag_a, Pow10U(static_cast<int>(e + 1)), &n)) {
      uint128_t t = n / mag_b;
      uint128_t q = t / 10 + (t % 10 >= 5 ? 1 : 0);
      if (q < kDigitLimit && rscale >= 0) return VarNumeric{Signed(q, negative), out_scale};
    }
  }

  // At e_max the numerator stays below 10^77 (fits 256 bits) and the quotient has 38 or
  // 39 digits, so starting there loses nothing we could keep.
  int64_t e_max = kMaxDigits + DecimalDigits(mag_b) - DecimalDigits(mag_a);
  if (e > e_max) {
    if (!reduce) ThrowOverflow();
    rscale -= e - e_max;
    e = e_max;
    if (rscale < 0) ThrowOverflow();
  }
  for (;;) {
    U256 t;
    int64_t k = e + 1;
    if (k >= 0) {
      U256 n = FromU128(mag_a);
      SR_CHECK(MulPow10(&n, k));
      uint128_t rem;
      t = DivMod(n, mag_b, &rem);
    } else {
      uint128_t divisor;
      if (-k <= kMaxDigits && !__builtin_mul_overflow(mag_b, Pow10U(static_cast<int>(-k)), &divisor)) {
        t = FromU128(mag_a / divisor);
      }
    }
    if (DivSmall(&t, 10) >= 5) AddSmall(&t, 1);
    if (FitsU128(t) && ToU128(t) < kDigitLimit) {
      uint128_t q = ToU128(t);
      if (rscale < 0 && !ShiftUp(q, -rscale, &q)) ThrowOverflow();
      return VarNumeric{Signed(q, negative), static_cast<int32_t>(std::max<int64_t>(rscale, 0))};
    }
    if (!reduce) ThrowOverflow();
    int64_t excess = DecimalDigits256(t) - kMaxDigits;
    rscale -= excess;
    e -= excess;
    if (rscale < 0) ThrowOverflow();
  }
}

// Returns (mag * 10^exponent) mod m without forming the possibly huge product.
uint128_t MulPow10Mod(uint128_t mag, int64_t exponent, uint128_t m) {
  uint128_t r = mag % m;
  while (exponent > 0 && r != 0) {
    int chunk = static_cast<int>(std::min<int64_t>(exponent, 19));
    U256 p = MulFull(r, Pow10U(chunk));
    DivMod(p, m, &r);
    exponent -= chunk;
  }
  return r;
}

VarNumeric ToScale(const VarNumeric& a, int64_t scale, bool round) {
  if (scale >= a.scale) {
    uint128_t mag;
    if (!ShiftUp(Magnitude(a.value), scale - a.scale, &mag)) ThrowOverflow();
    return VarNumeric{Signed(mag, a.value < 0), static_cast<int32_t>(scale)};
  }
  int64_t shift = static_cast<int64_t>(a.scale) - scale;
  uint128_t mag = round ? RoundShift(Magnitude(a.value), shift) : TruncShift(Magnitude(a.value), shift);
  if (scale < 0) {
    // PostgreSQL keeps no negative display scale: 1234.5 rounded to -2 is 1200.
    if (!ShiftUp(mag, -scale, &mag)) ThrowOverflow();
    scale = 0;
  }
  return VarNumeric{Signed(mag, a.value < 0), static_cast<int32_t>(scale)};
}

locale_t CLocale() {
  static locale_t locale = newlocale(LC_ALL_MASK, "C", static_cast<locale_t>(0));
  return locale;
}

// Reads a float as PostgreSQL's float8in/float4in: C strtod (so hex and "nan(...)" are
// accepted), then NaN/Infinity spellings, ERANGE only for results that became 0 or inf.
template <typename T>
T ParseFloatText(std::string_view text, const char* type_name) {
  auto syntax_error = [&]() {
    return SqlError(ErrorCode::kInvalidTextRepresentation,
                    std::string("invalid input syntax for type ") + type_name + ": \"" + std::string(text) +
                        "\"");
  };
  size_t start = 0;
  while (start < text.size() && IsSpace(text[start])) start++;
  if (start == text.size()) throw syntax_error();

  char stack_buffer[128];
  std::string heap_buffer;
  std::string_view rest = text.substr(start);
  const char* num;
  if (rest.size() < sizeof(stack_buffer)) {
    memcpy(stack_buffer, rest.data(), rest.size());
    stack_buffer[rest.size()] = '\0';
    num = stack_buffer;
  } else {
    heap_buffer.assign(rest);
    num = heap_buffer.c_str();
  }
  const char* num_end = num + rest.size();

  char* end = nullptr;
  errno = 0;
  T value;
  if constexpr (std::is_same_v<T, float>) {
    value = strtof_l(num, &end, CLocale());
  } else {
    value = strtod_l(num, &end, CLocale());
  }
  if (end == num || errno != 0) {
    int saved_errno = errno;
    std::string_view s(num, num_end - num);
    auto match = [&](std::string_view spelling, T result) {
      if (!StartsWithNoCase(s, spelling)) return false;
      value = result;
      end = const_cast<char*>(num) + spelling.size();
      return true;
    };
    constexpr T kInf = std::numeric_limits<T>::infinity();
    bool special = match("nan", std::numeric_limits<T>::quiet_NaN()) || match("infinity", kInf) ||
                   match("+infinity", kInf) || match("-infinity", -kInf) || match("inf", kInf) ||
                   match("+inf", kInf) || match("-inf", -kInf);
    if (special) {
      // glibc's strtod reads these itself; kept for parity with float8in.
    } else if (saved_errno == ERANGE) {
      if (value == 0 || std::isinf(value)) {
        // float8in names only the number; float4in quotes the whole input.
        std::string shown = std::is_same_v<T, float> ? std::string(text) : std::string(num, end - num);
        throw SqlError(ErrorCode::kNumericValueOutOfRange,
                       "\"" + shown + "\" is out of range for type " + type_name);
      }
    } else {
      throw syntax_error();
    }
  }
  while (end < num_end && IsSpace(*end)) end++;
  if (end != num_end) throw syntax_error();
  return value;
}

// Decimal digits (no trailing zeros) and the power of ten of the first one.
struct DecimalDigitsForm {
  char digits[24];
  int ndigits = 0;
  int exponent = 0;
};

// Reads a to_chars scientific string ("-1.25e+03") without its sign.
DecimalDigitsForm ReadScientific(const char* first, const char* last) {
  DecimalDigitsForm form;
  const char* p = first;
  if (*p == '-') p++;
  for (; p < last && *p != 'e'; p++) {
    if (*p != '.') form.digits[form.ndigits++] = *p;
  }
  p++;
  if (*p == '+') p++;
  std::from_chars(p, last, form.exponent);
  while (form.ndigits > 1 && form.digits[form.ndigits - 1] == '0') form.ndigits--;
  return form;
}

template <typename T>
struct IeeeLayout;
template <>
struct IeeeLayout<double> {
  using Bits = uint64_t;
  static constexpr int kMantissaBits = 52;
  static constexpr int kExponentBias = 1075;  // value = mantissa * 2^(biased - bias)
};
template <>
struct IeeeLayout<float> {
  using Bits = uint32_t;
  static constexpr int kMantissaBits = 23;
  static constexpr int kExponentBias = 150;
};

// True when form's decimal value lies exactly halfway between |value| and a neighbouring
// float. std::to_chars may pick such a point (round-to-even reads it back correctly), but
// PostgreSQL's Ryu excludes the interval bounds and prints more digits instead.
template <typename T>
bool IsRoundingBoundary(T value, const DecimalDigitsForm& form) {
  using Layout = IeeeLayout<T>;
  auto bits = std::bit_cast<typename Layout::Bits>(value);
  uint64_t fraction = bits & ((typename Layout::Bits{1} << Layout::kMantissaBits) - 1);
  int biased = static_cast<int>((bits >> Layout::kMantissaBits) & ((1u << (sizeof(T) * 8 - 1 - Layout::kMantissaBits)) - 1));
  uint64_t m2 = biased == 0 ? fraction : fraction | (uint64_t{1} << Layout::kMantissaBits);
  int e2 = (biased == 0 ? 1 : biased) - Layout::kExponentBias;
  bool asymmetric = fraction == 0 && biased > 1;  // the gap below a power of two is half

  // Write the decimal as odd * 2^binary_exponent, if it is a dyadic rational at all.
  uint64_t d = 0;
  for (int i = 0; i < form.ndigits; i++) d = d * 10 + static_cast<uint64_t>(form.digits[i] - '0');
  int twos = std::countr_zero(d);
  uint64_t d_odd = d >> twos;
  int64_t exp10 = form.exponent - (form.ndigits - 1);
  uint128_t odd;
  int64_t binary_exponent;
  if (exp10 >= 0) {
    if (exp10 > 27) return false;  // 5^28 already exceeds any midpoint's odd part
    odd = static_cast<uint128_t>(d_odd) * static_cast<uint128_t>(Pow10U(static_cast<int>(exp10)) >> exp10);
    binary_exponent = exp10 + twos;
  } else {
    if (-exp10 > 27) return false;
    uint64_t five_power = static_cast<uint64_t>(Pow10U(static_cast<int>(-exp10)) >> -exp10);
    if (d_odd % five_power != 0) return false;
    odd = d_odd / five_power;
    binary_exponent = twos + exp10;
  }
  uint128_t m = m2;
  if (binary_exponent == e2 - 1 && (odd == 2 * m + 1 || (!asymmetric && odd == 2 * m - 1))) return true;
  return asymmetric && binary_exponent == e2 - 2 && odd == 4 * m - 1;
}

// Returns PostgreSQL's (Ryu's) shortest digits for a finite nonzero value.
template <typename T>
DecimalDigitsForm ShortestDigits(T value) {
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific);
  DecimalDigitsForm form = ReadScientific(buffer, result.ptr);
  if (!IsRoundingBoundary(value, form)) return form;
  // Take the correctly rounded value at each longer length until one is strictly inside.
  constexpr int kMaxPrecision = std::numeric_limits<T>::max_digits10;
  for (int precision = form.ndigits + 1; precision <= kMaxPrecision; precision++) {
    result = std::to_chars(buffer, buffer + sizeof(buffer), value, std::chars_format::scientific, precision - 1);
    DecimalDigitsForm longer = ReadScientific(buffer, result.ptr);
    T back;
    std::from_chars(buffer, result.ptr, back);
    if (back == value && !IsRoundingBoundary(value, longer)) return longer;
  }
  return form;
}

// Formats as PostgreSQL's float8out/float4out with extra_float_digits = 1: the shortest
// digits that read back exactly, in fixed notation when the decimal exponent is in
// [-4, fixed_limit) and in printf's %e style otherwise.
template <typename T>
std::string FormatFloatText(T value, int fixed_limit) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0" : "0";
  DecimalDigitsForm form = ShortestDigits(value);
  const char* digits = form.digits;
  int ndigits = form.ndigits;
  int exponent = form.exponent;

  std::string out;
  out.reserve(32);
  if (std::signbit(value)) out.push_back('-');
  if (exponent < -4 || exponent >= fixed_limit) {
    out.push_back(digits[0]);
    if (ndigits > 1) {
      out.push_back('.');
      out.append(digits + 1, ndigits - 1);
    }
    out.push_back('e');
    out.push_back(exponent < 0 ? '-' : '+');
    int magnitude = std::abs(exponent);
    if (magnitude < 10) out.push_back('0');
    out.append(std::to_string(magnitude));
  } else if (exponent < 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-exponent - 1), '0');
    out.append(digits, ndigits);
  } else {
    int int_len = exponent + 1;
    if (ndigits <= int_len) {
      out.append(digits, ndigits);
      out.append(static_cast<size_t>(int_len - ndigits), '0');
    } else {
      out.append(digits, int_len);
      out.push_back('.');
      out.append(digits + int_len, ndigits - int_len);
    }
  }
  return out;
}

}  // namespace

namespace numeric {

VarNumeric Parse(std::string_view text) {
  VarNumeric v;
  switch (ParseNumeric(text, &v)) {
    case ParseStatus::kOk:
      return v;
    case ParseStatus::kSyntax:
      ThrowNumericSyntax(text);
    case ParseStatus::kOverflow:
      ThrowOverflow();
    case ParseStatus::kSpecial:
      throw SqlError(ErrorCode::kFeatureNotSupported, "numeric NaN and Infinity are not supported");
  }
  SR_UNREACHABLE();
}

bool TryParse(std::string_view text, VarNumeric* out) {
  ParseStatus status = ParseNumeric(text, out);
  if (status == ParseStatus::kSyntax) return false;
  if (status != ParseStatus::kOk) Parse(text);  // throws the matching error
  return true;
}

std::string Format(int128_t unscaled, int32_t scale) {
  char digits[48];
  int ndigits = 0;
  uint128_t mag = Magnitude(unscaled);
  do {
    digits[sizeof(digits) - 1 - ndigits++] = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
  } while (mag != 0);
  const char* first = digits + sizeof(digits) - ndigits;

  std::string out;
  out.reserve(static_cast<size_t>(ndigits + 3 + std::abs(static_cast<int64_t>(scale))));
  if (unscaled < 0) out.push_back('-');
  if (scale <= 0) {
    out.append(first, ndigits);
    // A negative scale (numeric(p, -s) values) stands for trailing integer zeros.
    if (unscaled != 0) out.append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
    return out;
  }
  int64_t int_len = ndigits - static_cast<int64_t>(scale);
  if (int_len <= 0) {
    out.append("0.");
    out.append(static_cast<size_t>(-int_len), '0');
    out.append(first, ndigits);
  } else {
    out.append(first, int_len);
    out.push_back('.');
    out.append(first + int_len, ndigits - int_len);
  }
  return out;
}

int128_t Rescale(int128_t unscaled, int32_t from_scale, int32_t to_scale) {
  uint128_t mag = Magnitude(unscaled);
  int64_t shift = static_cast<int64_t>(to_scale) - from_scale;
  if (shift >= 0) {
    if (!ShiftUp(mag, shift, &mag)) ThrowOverflow();
  } else {
    mag = RoundShift(mag, -shift);
  }
  return Signed(mag, unscaled < 0);
}

int128_t ToTypmod(const VarNumeric& v, int32_t precision, int32_t scale) {
  uint128_t mag = Magnitude(v.value);
  int64_t shift = static_cast<int64_t>(scale) - v.scale;
  // The rounded value at the target scale must be below 10^precision; counting its digits
  // first keeps a huge value from failing as a generic overflow while scaling up.
  bool too_big;
  if (shift <= 0) {
    mag = RoundShift(mag, -shift);
    too_big = mag != 0 && DecimalDigits(mag) > precision;
  } else {
    too_big = mag != 0 && DecimalDigits(mag) + shift > precision;
  }
  if (too_big) {
    int32_t max_digits = precision - scale;
    std::string limit = max_digits != 0 ? "10^" + std::to_string(max_digits) : "1";
    throw SqlError(ErrorCode::kNumericValueOutOfRange, "numeric field overflow")
        .WithDetail("A field with precision " + std::to_string(precision) + ", scale " + std::to_string(scale) +
                    " must round to an absolute value less than " + limit + ".");
  }
  if (shift > 0 && !ShiftUp(mag, shift, &mag)) ThrowOverflow();
  if (mag >= kDigitLimit) ThrowOverflow();
  return Signed(mag, v.value < 0);
}

VarNumeric Add(const VarNumeric& a, const VarNumeric& b) { return AddSigned(a.value, a.scale, b.value, b.scale); }

VarNumeric Subtract(const VarNumeric& a, const VarNumeric& b) {
  return AddSigned(a.value, a.scale, -b.value, b.scale);
}

VarNumeric Multiply(const VarNumeric& a, const VarNumeric& b) {
  // PostgreSQL keeps the exact product (scale s1 + s2). Past 38 digits we round away
  // fractional digits so the product still fits (its leading digits are kept, as with
  // PostgreSQL's cap at NUMERIC_DSCALE_MAX), and fail only when integer digits would go.
  int64_t scale = static_cast<int64_t>(a.scale) + b.scale;
  int128_t product;
  // Factors of 64 bits never overflow 128 (and avoid the 128-bit overflow check's call).
  bool exact = true;
  if (a.value == static_cast<int64_t>(a.value) && b.value == static_cast<int64_t>(b.value)) {
    product = int128_t(static_cast<int64_t>(a.value)) * static_cast<int64_t>(b.value);
  } else {
    exact = !__builtin_mul_overflow(a.value, b.value, &product);
  }
  if (exact && Magnitude(product) < kDigitLimit && scale <= kMaxStoredScale) {
    return VarNumeric{product, static_cast<int32_t>(scale)};
  }
  bool negative = (a.value < 0) != (b.value < 0);
  return FitWide(MulFull(Magnitude(a.value), Magnitude(b.value)), scale, negative);
}

int32_t DivisionScale(const VarNumeric& a, const VarNumeric& b) {
  // PostgreSQL's select_div_scale: about 16 significant digits, estimated from the
  // base-10000 weights, but never fewer fractional digits than either input shows.
  BaseDigit da = LeadingBaseDigit(a);
  BaseDigit db = LeadingBaseDigit(b);
  int64_t qweight = da.weight - db.weight;
  if (da.first_digit <= db.first_digit) qweight--;
  int64_t rscale = kMinSigDigits - qweight * 4;
  rscale = std::max<int64_t>({rscale, a.scale, b.scale, 0});
  rscale = std::min(rscale, kMaxDisplayScale);
  return static_cast<int32_t>(rscale);
}

VarNumeric Divide(const VarNumeric& a, const VarNumeric& b) {
  if (b.value == 0) ThrowDivisionByZero();
  // A quotient PostgreSQL would show with more than 38 digits loses fractional digits
  // here (rounded correctly) rather than failing, as in Multiply.
  return DivideRounded(a, b, DivisionScale(a, b), true);
}

VarNumeric DivideToScale(const VarNumeric& a, const VarNumeric& b, int32_t scale) {
  // The caller chose the scale, so a quotient that does not fit there is an error.
  return DivideRounded(a, b, scale, false);
}

VarNumeric Modulo(const VarNumeric& a, const VarNumeric& b) {
  // PostgreSQL: a - trunc(a / b) * b, so the sign follows a and the scale is the larger one.
  if (b.value == 0) ThrowDivisionByZero();
  int32_t scale = std::max(a.scale, b.scale);
  uint128_t mag_a = Magnitude(a.value);
  uint128_t mag_b = Magnitude(b.value);
  uint128_t r;
  if (a.scale >= b.scale) {
    int64_t shift = static_cast<int64_t>(a.scale) - b.scale;
    uint128_t divisor;
    if (shift > kMaxDigits || __builtin_mul_overflow(mag_b, Pow10U(static_cast<int>(shift)), &divisor)) {
      r = mag_a;  // the aligned divisor exceeds any 128-bit dividend
    } else {
      r = mag_a % divisor;
    }
  } else {
    r = MulPow10Mod(mag_a, static_cast<int64_t>(b.scale) - a.scale, mag_b);
  }
  return VarNumeric{Signed(r, a.value < 0), scale};
}

VarNumeric Negate(const VarNumeric& a) { return VarNumeric{-a.value, a.scale}; }

VarNumeric Abs(const VarNumeric& a) { return VarNumeric{a.value < 0 ? -a.value : a.value, a.scale}; }

int Compare(const VarNumeric& a, const VarNumeric& b) {
  if (a.scale == b.scale) return a.value < b.value ? -1 : (a.value > b.value ? 1 : 0);
  int sign_a = Sign(a);
  int sign_b = Sign(b);
  if (sign_a != sign_b) return sign_a < sign_b ? -1 : 1;
  if (sign_a == 0) return 0;
  // Same sign: compare magnitudes with the smaller-scale one scaled up; if that overflows
  // 128 bits it is larger than any 128-bit magnitude.
  uint128_t mag_a = Magnitude(a.value);
  uint128_t mag_b = Magnitude(b.value);
  int cmp;
  if (a.scale < b.scale) {
    int64_t shift = static_cast<int64_t>(b.scale) - a.scale;
    uint128_t scaled;
    if (shift > kMaxDigits || __builtin_mul_overflow(mag_a, Pow10U(static_cast<int>(shift)), &scaled)) {
      cmp = 1;
    } else {
      cmp = scaled < mag_b ? -1 : (scaled > mag_b ? 1 : 0);
    }
  } else {
    int64_t shift = static_cast<int64_t>(a.scale) - b.scale;
    uint128_t scaled;
    if (shift > kMaxDigits || __builtin_mul_overflow(mag_b, Pow10U(static_cast<int>(shift)), &scaled)) {
      cmp = -1;
    } else {
      cmp = mag_a < scaled ? -1 : (mag_a > scaled ? 1 : 0);
    }
  }
  return sign_a > 0 ? cmp : -cmp;
}

int Sign(const VarNumeric& a) { return a.value > 0 ? 1 : (a.value < 0 ? -1 : 0); }

VarNumeric Normalize(const VarNumeric& a) {
  if (a.value == 0) return VarNumeric{0, 0};
  VarNumeric r = a;
  while (r.scale > 0 && r.value % 10 == 0) {
    r.value /= 10;
    r.scale--;
  }
  return r;
}

VarNumeric Round(const VarNumeric& a, int32_t scale) {
  int64_t s = std::clamp<int64_t>(scale, -kMaxResultScale, kMaxResultScale);
  return ToScale(a, s, true);
}

VarNumeric Trunc(const VarNumeric& a, int32_t scale) {
  int64_t s = std::clamp<int64_t>(scale, -kMaxResultScale, kMaxResultScale);
  return ToScale(a, s, false);
}

VarNumeric Ceil(const VarNumeric& a) {
  VarNumeric t = ToScale(a, 0, false);
  // Truncation moved a positive value down; a value with a fraction is below 10^37.
  if (a.value > 0 && Compare(t, a) != 0) t.value++;
  return t;
}

VarNumeric Floor(const VarNumeric& a) {
  VarNumeric t = ToScale(a, 0, false);
  if (a.value < 0 && Compare(t, a) != 0) t.value--;
  return t;
}

VarNumeric Sqrt(const VarNumeric& a) {
  if (a.value < 0) {
    throw SqlError(ErrorCode::kInvalidArgumentForPower, "cannot take square root of a negative number");
  }
  // PostgreSQL's numeric_sqrt: about 16 significant digits from the base-10000 weight,
  // at least the input's scale; the root is then correctly rounded at that scale.
  int64_t weight = LeadingBaseDigit(a).weight;
  int64_t sweight = (weight + 1) * 2 - 1;
  int64_t rscale = std::max<int64_t>({kMinSigDigits - sweight, a.scale, 0});
  rscale = std::min(rscale, kMaxDisplayScale);
  if (a.value == 0) return VarNumeric{0, static_cast<int32_t>(rscale)};

  uint128_t mag = Magnitude(a.value);
  int digits = DecimalDigits(mag);
  // As in Divide, a root needing more than 38 digits keeps fewer fractional digits.
  for (;;) {
    // m = a * 10^(2 * rscale) is an integer (rscale >= the input's scale, or reduced to
    // where the root has 38 digits, which leaves the exponent above 36).
    int64_t k = 2 * rscale - a.scale;
    SR_CHECK(k >= 0);
    if (digits + k > 2 * kMaxDigits) {
      // m >= 10^76 would give a root of 39+ digits.
      rscale -= (digits + k - 2 * kMaxDigits + 1) / 2;
      if (rscale < 0) ThrowOverflow();
      continue;
    }
    U256 m = FromU128(mag);
    SR_CHECK(MulPow10(&m, k));
    uint128_t root = ISqrt(m);
    // Round up when sqrt(m) >= root + 1/2, i.e. m >= root^2 + root + 1/4; m is an integer
    // and never exactly there, so m > root^2 + root.
    U256 bound = MulFull(root, root);
    AddU128(&bound, root);
    if (Less(bound, m)) root++;
    if (root < kDigitLimit) return VarNumeric{static_cast<int128_t>(root), static_cast<int32_t>(rscale)};
    rscale -= DecimalDigits(root) - kMaxDigits;
    if (rscale < 0) ThrowOverflow();
  }
}

double ToDouble(const VarNumeric& a) { return ToDouble(a.value, a.scale); }

double ToDouble(int128_t unscaled, int32_t scale) {
  // Exact operands and one IEEE division give the correctly rounded result.
  static constexpr double kPow10Double[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                            1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  constexpr int128_t kExactLimit = int128_t{1} << 53;
  if (unscaled > -kExactLimit && unscaled < kExactLimit && scale >= 0 && scale <= 22) {
    return static_cast<double>(static_cast<int64_t>(unscaled)) / kPow10Double[scale];
  }
  // PostgreSQL casts through the text form and float8in; strtod rounds correctly.
  std::string text = Int128ToString(unscaled) + "e" + std::to_string(-static_cast<int64_t>(scale));
  errno = 0;
  double d = strtod_l(text.c_str(), nullptr, CLocale());
  if (errno == ERANGE && (d == 0 || std::isinf(d))) {
    throw SqlError(ErrorCode::kNumericValueOutOfRange,
                   "\"" + Format(unscaled, scale) + "\" is out of range for type double precision");
  }
  return d;
}

VarNumeric FromDouble(double d) {
  if (std::isnan(d)) throw SqlError(ErrorCode::kNumericValueOutOfRange, "cannot convert NaN to numeric");
  if (std::isinf(d)) throw SqlError(ErrorCode::kNumericValueOutOfRange, "cannot convert infinity to numeric");
  // float8_numeric prints with "%.*g" and DBL_DIG (15) and parses the text.
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof(buffer), d, std::chars_format::general, 15);
  SR_CHECK(result.ec == std::errc());
  return Parse(std::string_view(buffer, result.ptr - buffer));
}

VarNumeric FromFloat(float f) {
  if (std::isnan(f)) throw SqlError(ErrorCode::kNumericValueOutOfRange, "cannot convert NaN to numeric");
  if (std::isinf(f)) throw SqlError(ErrorCode::kNumericValueOutOfRange, "cannot convert infinity to numeric");
  // float4_numeric prints the (promoted) value with "%.*g" and FLT_DIG (6).
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof(buffer), static_cast<double>(f), std::chars_format::general, 6);
  SR_CHECK(result.ec == std::errc());
  return Parse(std::string_view(buffer, result.ptr - buffer));
}

int64_t ToInt64(const VarNumeric& a, int64_t min, int64_t max, const char* type_name) {
  uint128_t mag = Magnitude(a.value);
  bool fits;
  if (a.scale >= 0) {
    mag = RoundShift(mag, a.scale);
    fits = true;
  } else {
    fits = ShiftUp(mag, -static_cast<int64_t>(a.scale), &mag);
  }
  int128_t v = Signed(mag, a.value < 0);
  if (!fits || v < min || v > max) {
    throw SqlError(ErrorCode::kNumericValueOutOfRange, std::string(type_name) + " out of range");
  }
  return static_cast<int64_t>(v);
}

}  // namespace numeric

std::string FormatDouble(double d) { return FormatFloatText(d, 15); }

std::string FormatFloat(float f) { return FormatFloatText(f, 6); }

double ParseDouble(std::string_view text) { return ParseFloatText<double>(text, "double precision"); }

float ParseFloat(std::string_view text) { return ParseFloatText<float>(text, "real"); }

}  // namespace stockroom
