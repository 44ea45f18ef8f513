// Amazon Redshift's date functions, which PostgreSQL does not have: getdate, sysdate,
// dateadd/date_add, datediff, add_months, last_day, trunc(timestamp), months_between,
// convert_timezone, date_cmp, date_part_year, next_day, and datepart/pgdate_part (aliases of
// date_part). Semantics follow Redshift's documentation; the datepart argument arrives as
// text ('day') and is resolved once per call when constant.
#include <type_traits>

#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/date_function_registration.hpp"
#include "function/scalar/date_part_dispatch.hpp"
#include "function/scalar/date_parts.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {
namespace {

using date_parts::DatePart;
using date_parts::FloorDiv;
using date_parts::UnitKind;
using date_parts::UnitSpec;

constexpr int64_t kMicrosPerDay = Interval::kMicrosPerDay;
constexpr int64_t kMicrosPerSecond = Interval::kMicrosPerSecond;

template <class T>
void SetConstantResult(Vector& result, T value) {
  result.Reset();
  result.SetConstant();
  result.Data<T>()[0] = value;
}

int64_t LocalTransactionStart(const ExpressionState& state) {
  return date_parts::SessionZone(state).UtcToLocal(date_parts::TransactionStart(state));
}

// GETDATE: the current date and time in the session zone, to the second (Redshift documents
// output such as "2008-12-04 16:10:43").
void GetDate(DataChunk&, ExpressionState& state, Vector& result) {
  int64_t local = LocalTransactionStart(state);
  SetConstantResult<int64_t>(result,
                             local - (local % kMicrosPerSecond + kMicrosPerSecond) % kMicrosPerSecond);
}

// SYSDATE: the start of the current transaction in the session zone, with microseconds.
void SysDate(DataChunk&, ExpressionState& state, Vector& result) {
  SetConstantResult<int64_t>(result, LocalTransactionStart(state));
}

bool IsArithmeticPart(DatePart part) {
  switch (part) {
    case DatePart::kMicrosecond:
    case DatePart::kMillisecond:
    case DatePart::kSecond:
    case DatePart::kMinute:
    case DatePart::kHour:
    case DatePart::kDay:
    case DatePart::kWeek:
    case DatePart::kMonth:
    case DatePart::kQuarter:
    case DatePart::kYear:
    case DatePart::kDecade:
    case DatePart::kCentury:
    case DatePart::kMillennium:
      return true;
    default:
      return false;
  }
}

void CheckDatepart(const UnitSpec& spec, const char* type_name) {
  if (spec.kind == UnitKind::kUnknown) date_parts::ThrowUnitNotRecognized(spec, type_name);
  if (spec.kind != UnitKind::kUnits || !IsArithmeticPart(spec.part)) {
    date_parts::ThrowUnitNotSupported(spec, type_name);
  }
}

int64_t CheckedTimestamp(int64_t ts) {
  if (!date_parts::IsValidTimestamp(ts)) date_parts::ThrowTimestampOutOfRange();
  return ts;
}

// Whether a part moves the calendar (and so is applied to local time for timestamptz).
bool IsCalendarStep(DatePart part) {
  return part == DatePart::kDay || part == DatePart::kWeek || part == DatePart::kMonth ||
         part == DatePart::kQuarter || part == DatePart::kYear || part == DatePart::kDecade ||
         part == DatePart::kCentury || part == DatePart::kMillennium;
}

// Adds `n` parts to a local timestamp. Months clamp to the end of the shorter month
// (2008-01-31 + 1 month = 2008-02-29); years keep month and day and roll a February 29th
// that does not exist over to March 1st, as Redshift's dateadd does.
int64_t AddPart(DatePart part, int64_t n, int64_t local) {
  if (!date_parts::IsFinite(local)) return local;
  int64_t step = 0;
  switch (part) {
    case DatePart::kMicrosecond:
      step = 1;
      break;
    case DatePart::kMillisecond:
      step = 1000;
      break;
    case DatePart::kSecond:
      step = kMicrosPerSecond;
      break;
    case DatePart::kMinute:
      step = Interval::kMicrosPerMinute;
      break;
    case DatePart::kHour:
      step = Interval::kMicrosPerHour;
      break;
    case DatePart::kDay:
      step = kMicrosPerDay;
      break;
    case DatePart::kWeek:
      step = 7 * kMicrosPerDay;
      break;
    case DatePart::kMonth:
    case DatePart::kQuarter: {
      int64_t months;
      if (__builtin_mul_overflow(n, part == DatePart::kQuarter ? 3 : 1, &months) || months < INT32_MIN ||
          months > INT32_MAX) {
        date_parts::ThrowTimestampOutOfRange();
      }
      Interval iv;
      iv.months = static_cast<int32_t>(months);
      return date_time::AddInterval(local, iv);
    }
    default: {
      int64_t per = part == DatePart::kYear      ? 1
                    : part == DatePart::kDecade  ? 10
                    : part == DatePart::kCentury ? 100
                                                 : 1000;
      int64_t years;
      if (__builtin_mul_overflow(n, per, &years)) date_parts::ThrowTimestampOutOfRange();
      int32_t days;
      int64_t tod;
      date_time::SplitTimestamp(local, &days, &tod);
      date_time::Civil c = date_time::CivilFromDays(days);
      int64_t year = c.year + years;
      if (year < -4713 || year > 294277) date_parts::ThrowTimestampOutOfRange();
      int64_t new_days =
          int64_t{date_time::DaysFromCivil(static_cast<int32_t>(year), c.month, 1)} + c.day - 1;
      return CheckedTimestamp(new_days * kMicrosPerDay + tod);
    }
  }
  int64_t delta, result;
  if (__builtin_mul_overflow(n, step, &delta) || __builtin_add_overflow(local, delta, &result)) {
    date_parts::ThrowTimestampOutOfRange();
  }
  return CheckedTimestamp(result);
}

int64_t AddPartTz(DatePart part, int64_t n, int64_t utc, const TimeZone& zone) {
  if (!date_parts::IsFinite(utc)) return utc;
  if (!IsCalendarStep(part)) return AddPart(part, n, utc);
  return CheckedTimestamp(zone.LocalToUtc(AddPart(part, n, zone.UtcToLocal(utc))));
}

int64_t DateToTimestamp(int32_t days) {
  if (days == date_time::kDateInfinity) return date_time::kTimestampInfinity;
  if (days == date_time::kDateNegInfinity) return date_time::kTimestampNegInfinity;
  return CheckedTimestamp(int64_t{days} * kMicrosPerDay);
}

// Runs a (datepart, n, value) function with the datepart resolved once when constant.
template <class In, class Out, class Fn>
void ExecuteDatepart(DataChunk& args, Vector& result, UnitSpec (*lookup)(std::string_view), Fn&& fn) {
  Vector& parts = args.column(0);
  if (parts.kind() == VectorKind::kConstant) {
    if (!parts.validity().RowIsValid(0)) {
      result.SetConstantNull();
      return;
    }
    UnitSpec spec = lookup(parts.Data<StringRef>()[0].view());
    BinaryExecutor::Execute<int64_t, In, Out>(args.column(1), args.column(2), result, args.size(),
                                              [&](int64_t n, In value) { return fn(spec, n, value); });
    return;
  }
  date_parts::UnitCache cache(lookup);
  TernaryExecutor::Execute<StringRef, int64_t, In, Out>(
      parts, args.column(1), args.column(2), result, args.size(),
      [&](StringRef part, int64_t n, In value) { return fn(cache.Get(part), n, value); });
}

void DateAddTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteDatepart<int64_t, int64_t>(args, result, date_parts::LookupExtractUnit,
                                    [](const UnitSpec& spec, int64_t n, int64_t ts) {
                                      CheckDatepart(spec, date_parts::kTimestampName);
                                      return AddPart(spec.part, n, ts);
                                    });
}

// Redshift returns a timestamp for a date argument (midnight plus the parts).
void DateAddDate(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteDatepart<int32_t, int64_t>(args, result, date_parts::LookupExtractUnit,
                                    [](const UnitSpec& spec, int64_t n, int32_t days) {
                                      CheckDatepart(spec, date_parts::kDateName);
                                      return AddPart(spec.part, n, DateToTimestamp(days));
                                    });
}

void DateAddTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  ExecuteDatepart<int64_t, int64_t>(args, result, date_parts::LookupExtractUnit,
                                    [&](const UnitSpec& spec, int64_t n, int64_t ts) {
                                      CheckDatepart(spec, date_parts::kTimestampTzName);
                                      return AddPartTz(spec.part, n, ts, zone);
                                    });
}

// The index of the `part` period holding a local time, so that the difference of two indexes
// counts the period boundaries between them. Weeks start on Sunday; centuries and millennia
// start in years ending in 1 (2001), decades in years ending in 0, as Redshift numbers them.
template <DatePart kPart>
int64_t BoundaryIndex(int64_t local) {
  constexpr DatePart part = kPart;
  switch (part) {
    case DatePart::kMicrosecond:
      return local;
    case DatePart::kMillisecond:
      return FloorDiv(local, 1000);
    case DatePart::kSecond:
      return FloorDiv(local, kMicrosPerSecond);
    case DatePart::kMinute:
      return FloorDiv(local, Interval::kMicrosPerMinute);
    case DatePart::kHour:
      return FloorDiv(local, Interval::kMicrosPerHour);
    case DatePart::kDay:
      return FloorDiv(local, kMicrosPerDay);
    case DatePart::kWeek:
      // 2000-01-02, day 1, was a Sunday.
      return FloorDiv(FloorDiv(local, kMicrosPerDay) - 1, 7);
    default:
      break;
  }
  date_time::Civil c = date_time::CivilFromDays(static_cast<int32_t>(FloorDiv(local, kMicrosPerDay)));
  switch (part) {
    case DatePart::kMonth:
      return int64_t{c.year} * 12 + c.month - 1;
    case DatePart::kQuarter:
      return int64_t{c.year} * 4 + (c.month - 1) / 3;
    case DatePart::kYear:
      return c.year;
    case DatePart::kDecade:
      return FloorDiv(c.year, 10);
    case DatePart::kCentury:
      return FloorDiv(c.year - 1, 100);
    case DatePart::kMillennium:
      return FloorDiv(c.year - 1, 1000);
    default:
      return 0;
  }
}

[[noreturn]] void ThrowInfiniteDiff() {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow, "cannot compute datediff of an infinite value");
}

template <DatePart kPart>
int64_t DiffOf(int64_t start, int64_t end) {
  if (!date_parts::IsFinite(start) || !date_parts::IsFinite(end)) ThrowInfiniteDiff();
  return BoundaryIndex<kPart>(end) - BoundaryIndex<kPart>(start);
}

int64_t DateDiff(const UnitSpec& spec, const char* type_name, int64_t start, int64_t end) {
  CheckDatepart(spec, type_name);
  int64_t out = 0;
  date_parts::VisitPart(spec.part, [&](auto p) { out = DiffOf<decltype(p)::value>(start, end); });
  return out;
}

template <class In, class Convert>
void DateDiffKernel(DataChunk& args, Vector& result, const char* type_name, Convert&& convert) {
  Vector& parts = args.column(0);
  if (parts.kind() == VectorKind::kConstant) {
    if (!parts.validity().RowIsValid(0)) {
      result.SetConstantNull();
      return;
    }
    UnitSpec spec = date_parts::LookupExtractUnit(parts.Data<StringRef>()[0].view());
    if (!IsArithmeticPart(spec.part) || spec.kind != UnitKind::kUnits) {
      BinaryExecutor::Execute<In, In, int64_t>(
          args.column(1), args.column(2), result, args.size(),
          [&](In a, In b) { return DateDiff(spec, type_name, convert(a), convert(b)); });
      return;
    }
    date_parts::VisitPart(spec.part, [&](auto p) {
      constexpr DatePart kPart = decltype(p)::value;
      BinaryExecutor::Execute<In, In, int64_t>(
          args.column(1), args.column(2), result, args.size(),
          [&](In a, In b) { return DiffOf<kPart>(convert(a), convert(b)); });
    });
    return;
  }
  date_parts::UnitCache cache(date_parts::LookupExtractUnit);
  TernaryExecutor::Execute<StringRef, In, In, int64_t>(
      parts, args.column(1), args.column(2), result, args.size(), [&](StringRef part, In a, In b) {
        return DateDiff(cache.Get(part), type_name, convert(a), convert(b));
      });
}

void DateDiffTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  DateDiffKernel<int64_t>(args, result, date_parts::kTimestampName, [](int64_t ts) { return ts; });
}

void DateDiffDate(DataChunk& args, ExpressionState&, Vector& result) {
  DateDiffKernel<int32_t>(args, result, date_parts::kDateName, DateToTimestamp);
}

void DateDiffTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  DateDiffKernel<int64_t>(args, result, date_parts::kTimestampTzName,
                          [&](int64_t ts) { return zone.UtcToLocal(ts); });
}

// ADD_MONTHS: like dateadd(month), except that the last day of a month maps to the last day
// of the result month (2008-04-30 + 1 = 2008-05-31).
int64_t AddMonthsLocal(int64_t local, int64_t n) {
  if (!date_parts::IsFinite(local)) return local;
  int32_t days;
  int64_t tod;
  date_time::SplitTimestamp(local, &days, &tod);
  date_time::Civil c = date_time::CivilFromDays(days);
  int64_t month_index = int64_t{c.year} * 12 + (c.month - 1) + n;
  int64_t year = FloorDiv(month_index, 12);
  int32_t month = static_cast<int32_t>(month_index - year * 12) + 1;
  if (year < -4713 || year > 294277) date_parts::ThrowTimestampOutOfRange();
  int32_t last = date_time::DaysInMonth(static_cast<int32_t>(year), month);
  int32_t day = c.day == date_time::DaysInMonth(c.year, c.month) ? last : std::min(c.day, last);
  return CheckedTimestamp(
      int64_t{date_time::DaysFromCivil(static_cast<int32_t>(year), month, day)} * kMicrosPerDay + tod);
}

void AddMonthsTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int64_t, int64_t, int64_t>(
      args.column(0), args.column(1), result, args.size(),
      [](int64_t ts, int64_t n) { return AddMonthsLocal(ts, n); });
}

void AddMonthsDate(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, int64_t, int64_t>(
      args.column(0), args.column(1), result, args.size(),
      [](int32_t days, int64_t n) { return AddMonthsLocal(DateToTimestamp(days), n); });
}

void AddMonthsTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  BinaryExecutor::Execute<int64_t, int64_t, int64_t>(args.column(0), args.column(1), result, args.size(),
                                                     [&](int64_t ts, int64_t n) {
                                                       if (!date_parts::IsFinite(ts)) return ts;
                                                       int64_t local = AddMonthsLocal(zone.UtcToLocal(ts), n);
                                                       return CheckedTimestamp(zone.LocalToUtc(local));
                                                     });
}

int32_t LocalDate(int64_t local) {
  if (local == date_time::kTimestampInfinity) return date_time::kDateInfinity;
  if (local == date_time::kTimestampNegInfinity) return date_time::kDateNegInfinity;
  return static_cast<int32_t>(FloorDiv(local, kMicrosPerDay));
}

int32_t LastDayOf(int32_t days) {
  if (!date_parts::IsFiniteDate(days)) return days;
  date_time::Civil c = date_time::CivilFromDays(days);
  return date_time::DaysFromCivil(c.year, c.month, date_time::DaysInMonth(c.year, c.month));
}

void LastDayDate(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<int32_t, int32_t>(args.column(0), result, args.size(), LastDayOf);
}

void LastDayTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<int64_t, int32_t>(args.column(0), result, args.size(),
                                           [](int64_t ts) { return LastDayOf(LocalDate(ts)); });
}

void LastDayTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  UnaryExecutor::Execute<int64_t, int32_t>(args.column(0), result, args.size(), [&](int64_t ts) {
    return LastDayOf(LocalDate(zone.UtcToLocal(ts)));
  });
}

void TruncTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<int64_t, int32_t>(args.column(0), result, args.size(), LocalDate);
}

void TruncTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  UnaryExecutor::Execute<int64_t, int32_t>(args.column(0), result, args.size(),
                                           [&](int64_t ts) { return LocalDate(zone.UtcToLocal(ts)); });
}

// MONTHS_BETWEEN: whole months from the years and months; when the days of month differ (and
// are not both month ends), the day and time difference as a fraction of a 31-day month.
double MonthsBetween(int64_t a, int64_t b) {
  if (!date_parts::IsFinite(a) || !date_parts::IsFinite(b)) ThrowInfiniteDiff();
  date_parts::BrokenDown x = date_parts::BreakDown(a);
  date_parts::BrokenDown y = date_parts::BreakDown(b);
  double months = (double{1} * x.year - y.year) * 12 + (x.month - y.month);
  bool x_last = x.day == date_time::DaysInMonth(x.year, x.month);
  bool y_last = y.day == date_time::DaysInMonth(y.year, y.month);
  if (x.day == y.day || (x_last && y_last)) return months;
  int64_t x_tod = a - int64_t{x.days} * kMicrosPerDay;
  int64_t y_tod = b - int64_t{y.days} * kMicrosPerDay;
  double day_diff = (x.day - y.day) + static_cast<double>(x_tod - y_tod) / kMicrosPerDay;
  return months + day_diff / 31.0;
}

void MonthsBetweenTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int64_t, int64_t, double>(args.column(0), args.column(1), result, args.size(),
                                                    MonthsBetween);
}

void MonthsBetweenDate(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, int32_t, double>(
      args.column(0), args.column(1), result, args.size(),
      [](int32_t a, int32_t b) { return MonthsBetween(DateToTimestamp(a), DateToTimestamp(b)); });
}

// convert_timezone(target, timestamp): the timestamp is taken as UTC (and a timestamptz is
// the UTC instant it stores).
void ConvertTimezone2(DataChunk& args, ExpressionState&, Vector& result) {
  date_parts::NamedZoneCache cache;
  BinaryExecutor::Execute<StringRef, int64_t, int64_t>(
      args.column(0), args.column(1), result, args.size(), [&](StringRef target, int64_t ts) {
        if (!date_parts::IsFinite(ts)) return ts;
        return CheckedTimestamp(cache.Get(target).ToLocal(ts));
      });
}

void ConvertTimezone3(DataChunk& args, ExpressionState&, Vector& result) {
  date_parts::NamedZoneCache source_cache;
  date_parts::NamedZoneCache target_cache;
  TernaryExecutor::Execute<StringRef, StringRef, int64_t, int64_t>(
      args.column(0), args.column(1), args.column(2), result, args.size(),
      [&](StringRef source, StringRef target, int64_t ts) {
        if (!date_parts::IsFinite(ts)) return ts;
        int64_t utc = CheckedTimestamp(source_cache.Get(source).ToUtc(ts));
        return CheckedTimestamp(target_cache.Get(target).ToLocal(utc));
      });
}

void DateCmp(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, int32_t, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [](int32_t a, int32_t b) { return a < b ? -1 : (a > b ? 1 : 0); });
}

void DatePartYear(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<int32_t, int32_t>(args.column(0), result, args.size(), [](int32_t days) {
    if (!date_parts::IsFiniteDate(days)) {
      throw SqlError(ErrorCode::kDatetimeFieldOverflow, "cannot extract the year of an infinite date");
    }
    int32_t year = date_time::CivilFromDays(days).year;
    return year > 0 ? year : year - 1;
  });
}

// Resolves a day name for NEXT_DAY: any case-insensitive prefix of the English name that
// names one day ("mo", "tues", "thurs"; "t" and "s" are ambiguous).
int32_t ParseWeekday(std::string_view text) {
  static constexpr const char* kDays[] = {"sunday",   "monday", "tuesday", "wednesday",
                                          "thursday", "friday", "saturday"};
  std::string lower;
  for (char c : text) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  while (!lower.empty() && lower.back() == ' ') lower.pop_back();
  int32_t found = -1;
  if (!lower.empty()) {
    for (int32_t d = 0; d < 7; d++) {
      if (std::string_view(kDays[d]).substr(0, lower.size()) == lower) {
        if (found >= 0) {
          found = -1;
          break;
        }
        found = d;
      }
    }
  }
  if (found < 0) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "invalid day of week: \"" + std::string(text) + "\"");
  }
  return found;
}

int32_t NextDay(int32_t days, int32_t weekday) {
  if (!date_parts::IsFiniteDate(days)) return days;
  int32_t ahead = (weekday - date_time::DayOfWeek(days) + 7) % 7;
  return days + (ahead == 0 ? 7 : ahead);
}

void NextDayDate(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int32_t, StringRef, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [](int32_t days, StringRef name) { return NextDay(days, ParseWeekday(name.view())); });
}

void NextDayTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int64_t, StringRef, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [](int64_t ts, StringRef name) { return NextDay(LocalDate(ts), ParseWeekday(name.view())); });
}

}  // namespace

void RegisterRedshiftDateFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  const LogicalType integer(TypeId::kInteger);
  const LogicalType bigint(TypeId::kBigInt);
  const LogicalType dbl(TypeId::kDouble);
  const LogicalType date(TypeId::kDate);
  const LogicalType ts(TypeId::kTimestamp);
  const LogicalType tstz(TypeId::kTimestampTz);
  const Volatility stable = Volatility::kStable;

  registry.AddScalar(MakeDateFunction("getdate", {}, ts, GetDate, stable));
  registry.AddScalar(MakeDateFunction("sysdate", {}, ts, SysDate, stable));

  registry.AddScalar(MakeDateFunction("dateadd", {text, bigint, date}, ts, DateAddDate));
  registry.AddScalar(MakeDateFunction("dateadd", {text, bigint, ts}, ts, DateAddTimestamp));
  registry.AddScalar(MakeDateFunction("dateadd", {text, bigint, tstz}, tstz, DateAddTimestampTz, stable));
  registry.AddScalarAlias("date_add", "dateadd");

  registry.AddScalar(MakeDateFunction("datediff", {text, date, date}, bigint, DateDiffDate));
  registry.AddScalar(MakeDateFunction("datediff", {text, ts, ts}, bigint, DateDiffTimestamp));
  registry.AddScalar(MakeDateFunction("datediff", {text, tstz, tstz}, bigint, DateDiffTimestampTz, stable));

  registry.AddScalar(MakeDateFunction("add_months", {date, bigint}, ts, AddMonthsDate));
  registry.AddScalar(MakeDateFunction("add_months", {ts, bigint}, ts, AddMonthsTimestamp));
  registry.AddScalar(MakeDateFunction("add_months", {tstz, bigint}, tstz, AddMonthsTimestampTz, stable));

  registry.AddScalar(MakeDateFunction("last_day", {date}, date, LastDayDate));
  registry.AddScalar(MakeDateFunction("last_day", {ts}, date, LastDayTimestamp));
  registry.AddScalar(MakeDateFunction("last_day", {tstz}, date, LastDayTimestampTz, stable));
  registry.AddScalar(MakeDateFunction("trunc", {ts}, date, TruncTimestamp));
  registry.AddScalar(MakeDateFunction("trunc", {tstz}, date, TruncTimestampTz, stable));
  registry.AddScalar(MakeDateFunction("months_between", {date, date}, dbl, MonthsBetweenDate));
  registry.AddScalar(MakeDateFunction("months_between", {ts, ts}, dbl, MonthsBetweenTimestamp));

  registry.AddScalar(MakeDateFunction("convert_timezone", {text, ts}, ts, ConvertTimezone2));
  registry.AddScalar(MakeDateFunction("convert_timezone", {text, tstz}, ts, ConvertTimezone2));
  registry.AddScalar(MakeDateFunction("convert_timezone", {text, text, ts}, ts, ConvertTimezone3));
  registry.AddScalar(MakeDateFunction("date_cmp", {date, date}, integer, DateCmp));
  registry.AddScalar(MakeDateFunction("date_part_year", {date}, integer, DatePartYear));
  registry.AddScalar(MakeDateFunction("next_day", {date, text}, date, NextDayDate));
  registry.AddScalar(MakeDateFunction("next_day", {ts, text}, date, NextDayTimestamp));

  registry.AddScalarAlias("datepart", "date_part");
  registry.AddScalarAlias("pgdate_part", "date_part");
}

}  // namespace stockroom
