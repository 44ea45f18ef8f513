// Date, timestamp and interval arithmetic operators with PostgreSQL's semantics: calendar
// month steps, infinite dates and timestamps, and interval_mul's spill of fractional months
// and days into smaller units.
#include <cmath>
#include <limits>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/time_zone.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/operators.hpp"
#include "function/scalar/vector_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// PostgreSQL's valid date range in days since 2000-01-01 (IS_VALID_DATE), and the first
// date whose midnight is past the timestamp range (TIMESTAMP_END_JULIAN).
constexpr int64_t kPostgresEpochJdate = 2451545;
constexpr int64_t kMinDate = -kPostgresEpochJdate;
constexpr int64_t kDateEnd = int64_t{2147483494} - kPostgresEpochJdate;
constexpr int64_t kTimestampEndDate = int64_t{109203528} - kPostgresEpochJdate;

constexpr int64_t kMicrosPerDay = Interval::kMicrosPerDay;
constexpr double kSecsPerDay = 86400.0;
constexpr double kDaysPerMonth = 30.0;

bool DateIsFinite(int32_t d) { return d != date_time::kDateInfinity && d != date_time::kDateNegInfinity; }
bool TimestampIsFinite(int64_t t) {
  return t != date_time::kTimestampInfinity && t != date_time::kTimestampNegInfinity;
}

[[noreturn]] void ThrowDatetimeRange(const char* message) {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow, message);
}

int32_t AddDays(int32_t date, int64_t days) {
  if (!DateIsFinite(date)) return date;
  int64_t r = static_cast<int64_t>(date) + days;
  if (r < kMinDate || r >= kDateEnd) ThrowDatetimeRange("date out of range");
  return static_cast<int32_t>(r);
}

int64_t DateToTimestamp(int32_t date) {
  if (date == date_time::kDateInfinity) return date_time::kTimestampInfinity;
  if (date == date_time::kDateNegInfinity) return date_time::kTimestampNegInfinity;
  if (date >= kTimestampEndDate) ThrowDatetimeRange("date out of range for timestamp");
  return static_cast<int64_t>(date) * kMicrosPerDay;
}

Interval NegateInterval(const Interval& iv) {
  if (iv.months == std::numeric_limits<int32_t>::min() || iv.days == std::numeric_limits<int32_t>::min() ||
      iv.micros == std::numeric_limits<int64_t>::min()) {
    ThrowDatetimeRange("interval out of range");
  }
  return Interval{-iv.months, -iv.days, -iv.micros};
}

const TimeZone& SessionZone(const ExpressionState& state) {
  return state.context ? state.context->time_zone() : TimeZone::Utc();
}

void DatePlusInt(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, int32_t, int32_t>(args.column(0), args.column(1), result, args.size(),
                                                     [](int32_t d, int32_t n) { return AddDays(d, n); });
}

void IntPlusDate(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, int32_t, int32_t>(args.column(0), args.column(1), result, args.size(),
                                                     [](int32_t n, int32_t d) { return AddDays(d, n); });
}

void DateMinusInt(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, int32_t, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [](int32_t d, int32_t n) { return AddDays(d, -static_cast<int64_t>(n)); });
}

void DateMinusDate(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, int32_t, int32_t>(args.column(0), args.column(1), result, args.size(),
                                                     [](int32_t a, int32_t b) {
                                                       if (!DateIsFinite(a) || !DateIsFinite(b)) {
                                                         ThrowDatetimeRange("cannot subtract infinite dates");
                                                       }
                                                       return a - b;
                                                     });
}

// date/timestamp/timestamptz with interval; kSwap: interval is the left argument.
template <class T, bool kSubtract, bool kSwap, bool kTz>
void TimeInterval(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& tz = SessionZone(state);
  auto apply = [&](T t, const Interval& iv) -> int64_t {
    int64_t ts;
    if constexpr (sizeof(T) == 4) {
      ts = DateToTimestamp(t);
    } else {
      ts = t;
    }
    Interval span = kSubtract ? NegateInterval(iv) : iv;
    if constexpr (kTz) {
      return date_time::AddIntervalTz(ts, span, tz);
    } else {
      return date_time::AddInterval(ts, span);
    }
  };
  if constexpr (kSwap) {
    BinaryExecutor::Execute<Interval, T, int64_t>(args.column(0), args.column(1), result, args.size(),
                                                  [&](const Interval& iv, T t) { return apply(t, iv); });
  } else {
    BinaryExecutor::Execute<T, Interval, int64_t>(args.column(0), args.column(1), result, args.size(), apply);
  }
}

// timestamp - timestamp: the difference in days and time of day (interval_justify_hours),
// never months.
void TimestampMinus(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int64_t, int64_t, Interval>(
      args.column(0), args.column(1), result, args.size(), [](int64_t a, int64_t b) {
        if (!TimestampIsFinite(a) || !TimestampIsFinite(b))
          ThrowDatetimeRange("cannot subtract infinite timestamps");
        int64_t micros;
        if (__builtin_sub_overflow(a, b, &micros)) ThrowDatetimeRange("interval out of range");
        Interval r;
        r.days = static_cast<int32_t>(micros / kMicrosPerDay);
        r.micros = micros % kMicrosPerDay;
        return r;
      });
}

Interval AddIntervals(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_add_overflow(a.months, b.months, &r.months) ||
      __builtin_add_overflow(a.days, b.days, &r.days) ||
      __builtin_add_overflow(a.micros, b.micros, &r.micros)) {
    ThrowDatetimeRange("interval out of range");
  }
  return r;
}

Interval SubtractIntervals(const Interval& a, const Interval& b) {
  Interval r;
  if (__builtin_sub_overflow(a.months, b.months, &r.months) ||
      __builtin_sub_overflow(a.days, b.days, &r.days) ||
      __builtin_sub_overflow(a.micros, b.micros, &r.micros)) {
    ThrowDatetimeRange("interval out of range");
  }
  return r;
}

void IntervalPlus(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<Interval, Interval, Interval>(args.column(0), args.column(1), result, args.size(),
                                                        AddIntervals);
}

void IntervalMinus(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<Interval, Interval, Interval>(args.column(0), args.column(1), result, args.size(),
                                                        SubtractIntervals);
}

void IntervalNegate(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<Interval, Interval>(args.column(0), result, args.size(), NegateInterval);
}

// PostgreSQL's TSROUND: rounds to microsecond precision to undo float noise.
double TsRound(double x) { return std::rint(x * 1000000.0) / 1000000.0; }

int32_t ToInt32Field(double d) {
  if (std::isnan(d) || d > std::numeric_limits<int32_t>::max() || d < std::numeric_limits<int32_t>::min()) {
    ThrowDatetimeRange("interval out of range");
  }
  return static_cast<int32_t>(d);
}

int64_t ToMicros(double d) {
  // FLOAT8_FITS_IN_INT64: [-2^63, 2^63).
  if (std::isnan(d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0) {
    ThrowDatetimeRange("interval out of range");
  }
  return static_cast<int64_t>(d);
}

int32_t AddDaysChecked(int32_t a, int32_t b) {
  int32_t r;
  if (__builtin_add_overflow(a, b, &r)) ThrowDatetimeRange("interval out of range");
  return r;
}

// interval_mul / interval_div: whole months and days scale in place; their fractional parts
// cascade down (a month as 30 days, a day as 24 hours), never up.
Interval ScaleInterval(const Interval& span, double factor, bool divide) {
  auto scaled = [&](double v) { return divide ? v / factor : v * factor; };
  if (divide && factor == 0.0) throw SqlError(ErrorCode::kDivisionByZero, "division by zero");
  Interval r;
  r.months = ToInt32Field(scaled(span.months));
  r.days = ToInt32Field(scaled(span.days));
  double month_remainder_days = TsRound((scaled(span.months) - r.months) * kDaysPerMonth);
  double sec_remainder =
      TsRound((scaled(span.days) - r.days + month_remainder_days - static_cast<int>(month_remainder_days)) *
              kSecsPerDay);
  if (std::fabs(sec_remainder) >= kSecsPerDay) {
    int whole_days = static_cast<int>(sec_remainder / kSecsPerDay);
    r.days = AddDaysChecked(r.days, whole_days);
    sec_remainder -= whole_days * kSecsPerDay;
  }
  r.days = AddDaysChecked(r.days, static_cast<int32_t>(month_remainder_days));
  r.micros = ToMicros(std::rint(scaled(static_cast<double>(span.micros)) + sec_remainder * 1000000.0));
  return r;
}

void IntervalTimesDouble(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<Interval, double, Interval>(
      args.column(0), args.column(1), result, args.size(),
      [](const Interval& iv, double f) { return ScaleInterval(iv, f, false); });
}

void DoubleTimesInterval(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<double, Interval, Interval>(
      args.column(0), args.column(1), result, args.size(),
      [](double f, const Interval& iv) { return ScaleInterval(iv, f, false); });
}

void IntervalDivide(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<Interval, double, Interval>(
      args.column(0), args.column(1), result, args.size(),
      [](const Interval& iv, double f) { return ScaleInterval(iv, f, true); });
}

}  // namespace

void RegisterTemporalOperators(FunctionRegistry& registry) {
  const LogicalType date(TypeId::kDate), ts(TypeId::kTimestamp), tstz(TypeId::kTimestampTz);
  const LogicalType iv(TypeId::kInterval), int4(TypeId::kInteger), dbl(TypeId::kDouble);

  registry.AddScalar(MakeScalar("+", {date, int4}, date, DatePlusInt));
  registry.AddScalar(MakeScalar("+", {int4, date}, date, IntPlusDate));
  registry.AddScalar(MakeScalar("-", {date, int4}, date, DateMinusInt));
  registry.AddScalar(MakeScalar("-", {date, date}, int4, DateMinusDate));

  registry.AddScalar(MakeScalar("+", {date, iv}, ts, TimeInterval<int32_t, false, false, false>));
  registry.AddScalar(MakeScalar("+", {iv, date}, ts, TimeInterval<int32_t, false, true, false>));
  registry.AddScalar(MakeScalar("-", {date, iv}, ts, TimeInterval<int32_t, true, false, false>));
  registry.AddScalar(MakeScalar("+", {ts, iv}, ts, TimeInterval<int64_t, false, false, false>));
  registry.AddScalar(MakeScalar("+", {iv, ts}, ts, TimeInterval<int64_t, false, true, false>));
  registry.AddScalar(MakeScalar("-", {ts, iv}, ts, TimeInterval<int64_t, true, false, false>));
  ScalarFunction f = MakeScalar("+", {tstz, iv}, tstz, TimeInterval<int64_t, false, false, true>);
  // Adding days or months to a timestamptz depends on the session time zone.
  f.volatility = Volatility::kStable;
  registry.AddScalar(f);
  f = MakeScalar("+", {iv, tstz}, tstz, TimeInterval<int64_t, false, true, true>);
  f.volatility = Volatility::kStable;
  registry.AddScalar(f);
  f = MakeScalar("-", {tstz, iv}, tstz, TimeInterval<int64_t, true, false, true>);
  f.volatility = Volatility::kStable;
  registry.AddScalar(f);

  registry.AddScalar(MakeScalar("-", {ts, ts}, iv, TimestampMinus));
  registry.AddScalar(MakeScalar("-", {tstz, tstz}, iv, TimestampMinus));

  registry.AddScalar(MakeScalar("+", {iv, iv}, iv, IntervalPlus));
  registry.AddScalar(MakeScalar("-", {iv, iv}, iv, IntervalMinus));
  registry.AddScalar(MakeScalar("-", {iv}, iv, IntervalNegate));
  registry.AddScalar(MakeScalar("*", {iv, dbl}, iv, IntervalTimesDouble));
  registry.AddScalar(MakeScalar("*", {dbl, iv}, iv, DoubleTimesInterval));
  registry.AddScalar(MakeScalar("/", {iv, dbl}, iv, IntervalDivide));
}

}  // namespace stockroom
