#include "function/aggregate/interval_arithmetic.hpp"

#include <cmath>
#include <cstdint>

#include "common/error/exception.hpp"

namespace stockroom {
namespace interval_arithmetic {

namespace {

constexpr double kSecondsPerDay = 86400.0;
constexpr double kDaysPerMonth = 30.0;
constexpr double kMicrosPerSecond = 1000000.0;

[[noreturn]] void ThrowOutOfRange() {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow, "interval out of range");
}

// PostgreSQL's TSROUND: rounds to microsecond precision so that whole numbers come out whole.
double RoundToMicros(double v) { return std::rint(v * kMicrosPerSecond) / kMicrosPerSecond; }

bool FitsInt32(double v) {
  return v >= static_cast<double>(INT32_MIN) && v < -static_cast<double>(INT32_MIN);
}
bool FitsInt64(double v) {
  return v >= static_cast<double>(INT64_MIN) && v < -static_cast<double>(INT64_MIN);
}

int32_t AddDays(int32_t a, int32_t b) {
  int32_t r;
  if (__builtin_add_overflow(a, b, &r)) ThrowOutOfRange();
  return r;
}

// Finishes interval_mul/interval_div: `month_product` and `day_product` are the exact
// (floating) month and day parts of the result, `time_product` the scaled time.
Interval Cascade(double month_product, double day_product, double time_product) {
  if (std::isnan(month_product) || !FitsInt32(month_product)) ThrowOutOfRange();
  if (std::isnan(day_product) || !FitsInt32(day_product)) ThrowOutOfRange();
  Interval result;
  result.months = static_cast<int32_t>(month_product);
  result.days = static_cast<int32_t>(day_product);
  double month_remainder_days = RoundToMicros((month_product - result.months) * kDaysPerMonth);
  double sec_remainder = RoundToMicros(
      (day_product - result.days + month_remainder_days - static_cast<int>(month_remainder_days)) *
      kSecondsPerDay);
  // Rounding can give 24:00:00, and the cascade from months can exceed a day.
  if (std::fabs(sec_remainder) >= kSecondsPerDay) {
    int whole_days = static_cast<int>(sec_remainder / kSecondsPerDay);
    result.days = AddDays(result.days, whole_days);
    sec_remainder -= whole_days * kSecondsPerDay;
  }
  result.days = AddDays(result.days, static_cast<int32_t>(month_remainder_days));
  double micros = std::rint(time_product + sec_remainder * kMicrosPerSecond);
  if (std::isnan(micros) || !FitsInt64(micros)) ThrowOutOfRange();
  result.micros = static_cast<int64_t>(micros);
  return result;
}

}  // namespace

Interval Add(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_add_overflow(a.months, b.months, &r.months) ||
      __builtin_add_overflow(a.days, b.days, &r.days) ||
      __builtin_add_overflow(a.micros, b.micros, &r.micros)) {
    ThrowOutOfRange();
  }
  return r;
}

Interval Subtract(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_sub_overflow(a.months, b.months, &r.months) ||
      __builtin_sub_overflow(a.days, b.days, &r.days) ||
      __builtin_sub_overflow(a.micros, b.micros, &r.micros)) {
    ThrowOutOfRange();
  }
  return r;
}

Interval Multiply(const Interval& span, double factor) {
  return Cascade(span.months * factor, span.days * factor, static_cast<double>(span.micros) * factor);
}

Interval Divide(const Interval& span, double factor) {
  if (factor == 0.0) throw SqlError(ErrorCode::kDivisionByZero, "division by zero");
  return Cascade(span.months / factor, span.days / factor, static_cast<double>(span.micros) / factor);
}

}  // namespace interval_arithmetic
}  // namespace stockroom
