// PostgreSQL's date/time functions other than date_trunc/extract and the formatting ones:
// the transaction clock, age, make_*, justify_*, isfinite, AT TIME ZONE (timezone()),
// to_timestamp(double) and date_bin. Semantics and error texts follow PostgreSQL 15's
// timestamp.c and date.c.
#include <cmath>
#include <cstdio>
#include <string>

#include "common/error/assert.hpp"
#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/date_function_registration.hpp"
#include "function/scalar/date_part_dispatch.hpp"
#include "function/scalar/date_parts.hpp"
#include "function/scalar/vector_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {
namespace {

using date_parts::BrokenDown;
using date_parts::FloorDiv;

constexpr int64_t kMicrosPerDay = Interval::kMicrosPerDay;
constexpr int64_t kMicrosPerSecond = Interval::kMicrosPerSecond;

// Evaluates a function of any number of arguments row by row: `fn(formats, idx, mask, row)`
// returns the value of result row `row`, reading argument c at formats[c].Data<T>()[idx[c]].
// Rows with a NULL argument are NULL; the result is constant when all arguments are.
template <class Out, class Fn>
void ExecuteRows(DataChunk& args, Vector& result, Fn&& fn) {
  constexpr idx_t kMaxArgs = 8;
  idx_t columns = args.ColumnCount();
  SR_CHECK_LE(columns, kMaxArgs);
  bool constant = AllConstant(args);
  idx_t count = constant ? 1 : args.size();
  result.Reset();
  if (constant) result.SetConstant();
  UnifiedVectorFormat formats[kMaxArgs];
  for (idx_t c = 0; c < columns; c++) args.column(c).ToUnified(count, formats[c]);
  Out* out = result.Data<Out>();
  ValidityMask& mask = result.validity();
  idx_t idx[kMaxArgs];
  for (idx_t i = 0; i < count; i++) {
    bool valid = true;
    for (idx_t c = 0; c < columns; c++) {
      idx[c] = formats[c].Index(i);
      valid = valid && formats[c].validity->RowIsValid(idx[c]);
    }
    if (!valid) {
      mask.SetInvalid(i);
      continue;
    }
    out[i] = fn(formats, idx, mask, i);
  }
}

template <class T>
void SetConstantResult(Vector& result, T value) {
  result.Reset();
  result.SetConstant();
  result.Data<T>()[0] = value;
}

int32_t CheckPrecision(int32_t precision, const char* type_name) {
  if (precision < 0) {
    throw SqlError(ErrorCode::kInvalidParameterValue, "TIMESTAMP(" + std::to_string(precision) + ")" +
                                                          type_name + " precision must not be negative");
  }
  return precision > 6 ? 6 : precision;
}

void Now(DataChunk&, ExpressionState& state, Vector& result) {
  SetConstantResult<int64_t>(result, date_parts::TransactionStart(state));
}

void StatementTimestamp(DataChunk&, ExpressionState& state, Vector& result) {
  SetConstantResult<int64_t>(result, date_parts::StatementStart(state));
}

void ClockTimestamp(DataChunk&, ExpressionState&, Vector& result) {
  SetConstantResult<int64_t>(result, CurrentTimestampMicros());
}

void CurrentTimestampPrecision(DataChunk& args, ExpressionState& state, Vector& result) {
  int64_t now = date_parts::TransactionStart(state);
  UnaryExecutor::Execute<int32_t, int64_t>(args.column(0), result, args.size(), [&](int32_t precision) {
    return date_parts::RoundToPrecision(now, CheckPrecision(precision, " WITH TIME ZONE"));
  });
}

int64_t LocalNow(const ExpressionState& state) {
  return date_parts::SessionZone(state).UtcToLocal(date_parts::TransactionStart(state));
}

void LocalTimestamp(DataChunk&, ExpressionState& state, Vector& result) {
  SetConstantResult<int64_t>(result, LocalNow(state));
}

void LocalTimestampPrecision(DataChunk& args, ExpressionState& state, Vector& result) {
  int64_t now = LocalNow(state);
  UnaryExecutor::Execute<int32_t, int64_t>(args.column(0), result, args.size(), [&](int32_t precision) {
    return date_parts::RoundToPrecision(now, CheckPrecision(precision, ""));
  });
}

int32_t CurrentDateDays(const ExpressionState& state) {
  return static_cast<int32_t>(FloorDiv(LocalNow(state), kMicrosPerDay));
}

void CurrentDate(DataChunk&, ExpressionState& state, Vector& result) {
  SetConstantResult<int32_t>(result, CurrentDateDays(state));
}

// PostgreSQL's timestamp_age/timestamptz_age: the field-wise difference of two local times,
// borrowing from the next larger field and taking month lengths from the earlier operand.
Interval Age(int64_t local1, int64_t local2) {
  // timestamp2tm fails for -infinity (its Julian day is negative); +infinity is a far date.
  if (local1 == date_time::kTimestampNegInfinity || local2 == date_time::kTimestampNegInfinity) {
    date_parts::ThrowTimestampOutOfRange();
  }
  BrokenDown a = date_parts::BreakDown(local1);
  BrokenDown b = date_parts::BreakDown(local2);
  int64_t fsec = int64_t{a.micros} - b.micros;
  int64_t sec = int64_t{a.second} - b.second;
  int64_t min = int64_t{a.minute} - b.minute;
  int64_t hour = int64_t{a.hour} - b.hour;
  int64_t mday = int64_t{a.day} - b.day;
  int64_t mon = int64_t{a.month} - b.month;
  int64_t year = int64_t{a.year} - b.year;
  bool flip = local1 < local2;
  if (flip) {
    fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  while (fsec < 0) fsec += kMicrosPerSecond, sec--;
  while (sec < 0) sec += 60, min--;
  while (min < 0) min += 60, hour--;
  while (hour < 0) hour += 24, mday--;
  while (mday < 0) {
    const BrokenDown& from = flip ? a : b;
    mday += date_time::DaysInMonth(from.year, from.month);
    mon--;
  }
  while (mon < 0) mon += 12, year--;
  if (flip) {
    fsec = -fsec, sec = -sec, min = -min, hour = -hour, mday = -mday, mon = -mon, year = -year;
  }
  int64_t months = year * 12 + mon;
  if (months > INT32_MAX || months < INT32_MIN) date_parts::ThrowIntervalOutOfRange();
  Interval out;
  out.months = static_cast<int32_t>(months);
  out.days = static_cast<int32_t>(mday);
  out.micros = (((hour * 60) + min) * 60 + sec) * kMicrosPerSecond + fsec;
  return out;
}

void AgeTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<int64_t, int64_t, Interval>(args.column(0), args.column(1), result, args.size(),
                                                      Age);
}

int64_t LocalOf(int64_t utc, const TimeZone& zone) {
  if (utc == date_time::kTimestampNegInfinity) date_parts::ThrowTimestampOutOfRange();
  return zone.UtcToLocal(utc);
}

void AgeTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  BinaryExecutor::Execute<int64_t, int64_t, Interval>(
      args.column(0), args.column(1), result, args.size(),
      [&](int64_t a, int64_t b) { return Age(LocalOf(a, zone), LocalOf(b, zone)); });
}

// age(x) is age(current_date, x): midnight of the session's current date.
void AgeFromToday(DataChunk& args, ExpressionState& state, Vector& result) {
  int64_t midnight = int64_t{CurrentDateDays(state)} * kMicrosPerDay;
  UnaryExecutor::Execute<int64_t, Interval>(args.column(0), result, args.size(),
                                            [&](int64_t ts) { return Age(midnight, ts); });
}

void AgeFromTodayTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  int64_t midnight = int64_t{CurrentDateDays(state)} * kMicrosPerDay;
  UnaryExecutor::Execute<int64_t, Interval>(args.column(0), result, args.size(),
                                            [&](int64_t ts) { return Age(midnight, LocalOf(ts, zone)); });
}

std::string Pad2(int32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%02d", v);
  return buf;
}

// Validates y/m/d as make_date does (negative years are BC) and returns days since 2000-01-01.
// `shown_year` is the year PostgreSQL prints in its messages.
int32_t MakeDays(int32_t year, int32_t month, int32_t day, int64_t shown_year, int32_t shown_month,
                 int32_t shown_day) {
  bool bc = year < 0;
  int64_t y = bc ? -int64_t{year} : year;
  bool ok = y > 0;
  if (bc) y = -(y - 1);
  ok = ok && month >= 1 && month <= 12 && day >= 1 && day <= 31 &&
       day <= date_time::DaysInMonth(static_cast<int32_t>(y), month);
  auto message = [&](const char* what) {
    return std::string(what) + std::to_string(shown_year) + "-" + Pad2(shown_month) + "-" + Pad2(shown_day);
  };
  if (!ok) throw SqlError(ErrorCode::kDatetimeFieldOverflow, message("date field value out of range: "));
  // Julian-day routines work from 4714-11-24 BC to 5874898-06-03.
  bool julian_ok = (y > -4713 || (y == -4713 && month >= 11)) && (y < 5874898 || (y == 5874898 && month < 6));
  int64_t days = julian_ok ? int64_t{date_time::DaysFromCivil(static_cast<int32_t>(y), month, day)} : 0;
  if (!julian_ok || days < date_parts::kMinDateDays || days >= date_parts::kEndDateDays) {
    throw SqlError(ErrorCode::kDatetimeFieldOverflow, message("date out of range: "));
  }
  return static_cast<int32_t>(days);
}

int32_t MakeDateValue(int32_t year, int32_t month, int32_t day) {
  // make_date reports the year after its BC adjustment (-5 -> -4).
  int64_t shown = year < 0 ? -(-int64_t{year} - 1) : year;
  return MakeDays(year, month, day, shown, month, day);
}

void MakeDate(DataChunk& args, ExpressionState&, Vector& result) {
  TernaryExecutor::Execute<int32_t, int32_t, int32_t, int32_t>(args.column(0), args.column(1), args.column(2),
                                                               result, args.size(), MakeDateValue);
}

std::string FormatG(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%g", v);
  return buf;
}

std::string FormatG2(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%02g", v);
  return buf;
}

// PostgreSQL's make_timestamp_internal: fields to a timestamp, with its range checks.
int64_t MakeTimestampValue(int32_t year, int32_t month, int32_t day, int32_t hour, int32_t minute,
                           double sec) {
  int32_t days = MakeDays(year, month, day, year, month, day);
  // float_time_overflows: hour 24 and second 60 are allowed as long as the total is <= 24:00.
  bool overflow = hour < 0 || hour > 24 || minute < 0 || minute >= 60 || std::isnan(sec);
  double rounded = std::isnan(sec) ? 0 : std::rint(sec * kMicrosPerSecond);
  if (!overflow) {
    overflow = rounded < 0 || rounded > 60.0 * kMicrosPerSecond ||
               ((int64_t{hour} * 60 + minute) * 60) * kMicrosPerSecond + static_cast<int64_t>(rounded) >
                   kMicrosPerDay;
  }
  if (overflow) {
    throw SqlError(
        ErrorCode::kDatetimeFieldOverflow,
        "time field value out of range: " + std::to_string(hour) + ":" + Pad2(minute) + ":" + FormatG2(sec));
  }
  int64_t time = ((int64_t{hour} * 60 + minute) * 60) * kMicrosPerSecond + static_cast<int64_t>(rounded);
  int64_t result;
  bool wrapped = __builtin_mul_overflow(int64_t{days}, kMicrosPerDay, &result) ||
                 __builtin_add_overflow(result, time, &result);
  if (wrapped || (result < 0 && days > 0) || (result > 0 && days < -1) ||
      !date_parts::IsValidTimestamp(result)) {
    throw SqlError(ErrorCode::kDatetimeFieldOverflow,
                   "timestamp out of range: " + std::to_string(year) + "-" + Pad2(month) + "-" + Pad2(day) +
                       " " + std::to_string(hour) + ":" + Pad2(minute) + ":" + FormatG2(sec));
  }
  return result;
}

int64_t MakeTimestampRow(const UnifiedVectorFormat* f, const idx_t* idx) {
  return MakeTimestampValue(f[0].Data<int32_t>()[idx[0]], f[1].Data<int32_t>()[idx[1]],
                            f[2].Data<int32_t>()[idx[2]], f[3].Data<int32_t>()[idx[3]],
                            f[4].Data<int32_t>()[idx[4]], f[5].Data<double>()[idx[5]]);
}

void MakeTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteRows<int64_t>(args, result,
                       [](const UnifiedVectorFormat* f, const idx_t* idx, ValidityMask&, idx_t) {
                         return MakeTimestampRow(f, idx);
                       });
}

int64_t CheckedLocalToUtc(int64_t local, const TimeZone& zone) {
  int64_t utc = zone.LocalToUtc(local);
  if (!date_parts::IsValidTimestamp(utc)) date_parts::ThrowTimestampOutOfRange();
  return utc;
}

void MakeTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  ExecuteRows<int64_t>(args, result,
                       [&](const UnifiedVectorFormat* f, const idx_t* idx, ValidityMask&, idx_t) {
                         return CheckedLocalToUtc(MakeTimestampRow(f, idx), zone);
                       });
}

// PostgreSQL's DecodeTimezone: "+hh", "-hh:mm[:ss]" or "+hhmm", ISO sign (east positive).
// Returns 0 on success, 1 for bad format, 2 for an out-of-range displacement.
int DecodeIsoOffset(std::string_view text, int32_t* east_seconds) {
  if (text.empty() || (text[0] != '+' && text[0] != '-')) return 1;
  size_t pos = 1;
  auto read_int = [&](int64_t* out) {
    size_t start = pos;
    int64_t v = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      v = v * 10 + (text[pos] - '0');
      if (v > INT32_MAX) v = int64_t{INT32_MAX} + 1;
      pos++;
    }
    *out = v;
    return pos > start;
  };
  int64_t hour = 0, minute = 0, second = 0;
  read_int(&hour);
  if (hour > INT32_MAX) return 2;
  if (pos < text.size() && text[pos] == ':') {
    pos++;
    read_int(&minute);
    if (pos < text.size() && text[pos] == ':') {
      pos++;
      read_int(&second);
    }
  } else if (pos == text.size() && text.size() > 3) {
    minute = hour % 100;
    hour /= 100;
  }
  if (hour > 15 || minute >= 60 || second >= 60) return 2;
  int32_t tz = static_cast<int32_t>((hour * 60 + minute) * 60 + second);
  *east_seconds = text[0] == '-' ? -tz : tz;
  return pos == text.size() ? 0 : 1;
}

// make_timestamptz(..., zone): PostgreSQL's parse_sane_timezone reads the zone as an ISO
// offset, an abbreviation or a zone name, and rejects a leading digit.
int64_t MakeTimestampAtZone(int64_t local, std::string_view zone_name) {
  std::string name(zone_name);
  if (!name.empty() && name[0] >= '0' && name[0] <= '9') {
    throw SqlError(ErrorCode::kInvalidParameterValue,
                   "invalid input syntax for type numeric time zone: \"" + name + "\"")
        .WithHint("Numeric time zones must have \"-\" or \"+\" as first character.");
  }
  int32_t east = 0;
  int rc = DecodeIsoOffset(name, &east);
  int64_t utc;
  if (rc == 0) {
    utc = local - int64_t{east} * kMicrosPerSecond;
  } else {
    if (rc == 2) {
      throw SqlError(ErrorCode::kInvalidParameterValue, "numeric time zone \"" + name + "\" out of range");
    }
    utc = date_parts::ResolveNamedZone(name).ToUtc(local);
  }
  if (!date_parts::IsValidTimestamp(utc)) date_parts::ThrowTimestampOutOfRange();
  return utc;
}

void MakeTimestampTzAtZone(DataChunk& args, ExpressionState&, Vector& result) {
  ExecuteRows<int64_t>(
      args, result, [&](const UnifiedVectorFormat* f, const idx_t* idx, ValidityMask&, idx_t) {
        return MakeTimestampAtZone(MakeTimestampRow(f, idx), f[6].Data<StringRef>()[idx[6]].view());
      });
}

// make_interval(years, months, weeks, days, hours, mins, secs), every argument optional from
// the right (PostgreSQL's defaults of 0).
void MakeInterval(DataChunk& args, ExpressionState&, Vector& result) {
  idx_t n = args.ColumnCount();
  ExecuteRows<Interval>(
      args, result, [&](const UnifiedVectorFormat* f, const idx_t* idx, ValidityMask&, idx_t) {
        int64_t v[6] = {0, 0, 0, 0, 0, 0};
        for (idx_t c = 0; c < n && c < 6; c++) v[c] = f[c].Data<int32_t>()[idx[c]];
        double secs = n > 6 ? f[6].Data<double>()[idx[6]] : 0.0;
        if (std::isinf(secs) || std::isnan(secs)) date_parts::ThrowIntervalOutOfRange();
        // PostgreSQL computes months and days in wrapping int32 arithmetic.
        auto wrap = [](int64_t x) {
          return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(x)));
        };
        int32_t months = wrap(v[0] * 12 + v[1]);
        int32_t days = wrap(v[2] * 7 + v[3]);
        double micros = std::rint(secs * kMicrosPerSecond);
        // PostgreSQL converts with a plain (int64) cast, which on x86 turns an
        // out-of-range value into INT64_MIN, and adds in wrapping arithmetic.
        int64_t sec_micros = micros >= -9223372036854775808.0 && micros < 9223372036854775808.0
                                 ? static_cast<int64_t>(micros)
                                 : INT64_MIN;
        uint64_t time = static_cast<uint64_t>(v[4] * Interval::kMicrosPerHour) +
                        static_cast<uint64_t>(v[5] * Interval::kMicrosPerMinute) +
                        static_cast<uint64_t>(sec_micros);
        Interval out;
        out.months = months;
        out.days = days;
        out.micros = static_cast<int64_t>(time);
        return out;
      });
}

void AddMonthsChecked(Interval* iv, int64_t months) {
  int64_t total = int64_t{iv->months} + months;
  if (total < INT32_MIN || total > INT32_MAX) date_parts::ThrowIntervalOutOfRange();
  iv->months = static_cast<int32_t>(total);
}

Interval JustifyDays(Interval iv) {
  int32_t whole_month = iv.days / Interval::kDaysPerMonth;
  iv.days -= whole_month * Interval::kDaysPerMonth;
  AddMonthsChecked(&iv, whole_month);
  if (iv.months > 0 && iv.days < 0) {
    iv.days += Interval::kDaysPerMonth;
    iv.months--;
  } else if (iv.months < 0 && iv.days > 0) {
    iv.days -= Interval::kDaysPerMonth;
    iv.months++;
  }
  return iv;
}

Interval JustifyHours(Interval iv) {
  int64_t whole_day = iv.micros / kMicrosPerDay;
  iv.micros -= whole_day * kMicrosPerDay;
  int64_t days = int64_t{iv.days} + whole_day;
  if (days < INT32_MIN || days > INT32_MAX) date_parts::ThrowIntervalOutOfRange();
  iv.days = static_cast<int32_t>(days);
  if (iv.days > 0 && iv.micros < 0) {
    iv.micros += kMicrosPerDay;
    iv.days--;
  } else if (iv.days < 0 && iv.micros > 0) {
    iv.micros -= kMicrosPerDay;
    iv.days++;
  }
  return iv;
}

Interval JustifyInterval(Interval iv) {
  // Pre-justify days when day and time have the same sign, so the day sum cannot overflow.
  if ((iv.days > 0 && iv.micros > 0) || (iv.days < 0 && iv.micros < 0)) {
    int32_t whole_month = iv.days / Interval::kDaysPerMonth;
    iv.days -= whole_month * Interval::kDaysPerMonth;
    AddMonthsChecked(&iv, whole_month);
  }
  int64_t whole_day = iv.micros / kMicrosPerDay;
  iv.micros -= whole_day * kMicrosPerDay;
  iv.days += static_cast<int32_t>(whole_day);
  int32_t whole_month = iv.days / Interval::kDaysPerMonth;
  iv.days -= whole_month * Interval::kDaysPerMonth;
  AddMonthsChecked(&iv, whole_month);
  if (iv.months > 0 && (iv.days < 0 || (iv.days == 0 && iv.micros < 0))) {
    iv.days += Interval::kDaysPerMonth;
    iv.months--;
  } else if (iv.months < 0 && (iv.days > 0 || (iv.days == 0 && iv.micros > 0))) {
    iv.days -= Interval::kDaysPerMonth;
    iv.months++;
  }
  if (iv.days > 0 && iv.micros < 0) {
    iv.micros += kMicrosPerDay;
    iv.days--;
  } else if (iv.days < 0 && iv.micros > 0) {
    iv.micros -= kMicrosPerDay;
    iv.days++;
  }
  return iv;
}

template <Interval (*kFn)(Interval)>
void JustifyKernel(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<Interval, Interval>(args.column(0), result, args.size(), kFn);
}

void IsFiniteDate(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<int32_t, bool>(args.column(0), result, args.size(), date_parts::IsFiniteDate);
}

void IsFiniteTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<int64_t, bool>(args.column(0), result, args.size(), date_parts::IsFinite);
}

void IsFiniteInterval(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<Interval, bool>(args.column(0), result, args.size(), [](Interval) { return true; });
}

int64_t CheckTimestamp(int64_t ts) {
  if (!date_parts::IsValidTimestamp(ts)) date_parts::ThrowTimestampOutOfRange();
  return ts;
}

// timezone(zone, timestamp) -> timestamptz: the wall-clock time read in `zone`.
void TimezoneTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  date_parts::NamedZoneCache cache;
  BinaryExecutor::Execute<StringRef, int64_t, int64_t>(args.column(0), args.column(1), result, args.size(),
                                                       [&](StringRef zone, int64_t ts) {
                                                         if (!date_parts::IsFinite(ts)) return ts;
                                                         return CheckTimestamp(cache.Get(zone).ToUtc(ts));
                                                       });
}

// timezone(zone, timestamptz) -> timestamp: the wall-clock time in `zone` of the instant.
void TimezoneTimestampTz(DataChunk& args, ExpressionState&, Vector& result) {
  date_parts::NamedZoneCache cache;
  BinaryExecutor::Execute<StringRef, int64_t, int64_t>(args.column(0), args.column(1), result, args.size(),
                                                       [&](StringRef zone, int64_t ts) {
                                                         if (!date_parts::IsFinite(ts)) return ts;
                                                         return CheckTimestamp(cache.Get(zone).ToLocal(ts));
                                                       });
}

// timezone(zone, date): PostgreSQL casts the date to timestamptz (local midnight) first.
void TimezoneDate(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& session = date_parts::SessionZone(state);
  date_parts::NamedZoneCache cache;
  BinaryExecutor::Execute<StringRef, int32_t, int64_t>(
      args.column(0), args.column(1), result, args.size(), [&](StringRef zone, int32_t days) {
        if (days == date_time::kDateInfinity) return date_time::kTimestampInfinity;
        if (days == date_time::kDateNegInfinity) return date_time::kTimestampNegInfinity;
        int64_t utc = session.LocalToUtc(int64_t{days} * kMicrosPerDay);
        if (!date_parts::IsValidTimestamp(utc)) {
          throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date out of range for timestamp");
        }
        return CheckTimestamp(cache.Get(zone).ToLocal(utc));
      });
}

int64_t IntervalZoneSeconds(const Interval& zone) {
  if (zone.months != 0 || zone.days != 0) {
    throw SqlError(
        ErrorCode::kInvalidParameterValue,
        "interval time zone \"" + date_time::FormatInterval(zone) + "\" must not include months or days");
  }
  return zone.micros / kMicrosPerSecond;
}

void TimezoneIntervalTimestamp(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<Interval, int64_t, int64_t>(args.column(0), args.column(1), result, args.size(),
                                                      [](Interval zone, int64_t ts) {
                                                        if (!date_parts::IsFinite(ts)) return ts;
                                                        int64_t east = IntervalZoneSeconds(zone);
                                                        return CheckTimestamp(ts - east * kMicrosPerSecond);
                                                      });
}

void TimezoneIntervalTimestampTz(DataChunk& args, ExpressionState&, Vector& result) {
  BinaryExecutor::Execute<Interval, int64_t, int64_t>(args.column(0), args.column(1), result, args.size(),
                                                      [](Interval zone, int64_t ts) {
                                                        if (!date_parts::IsFinite(ts)) return ts;
                                                        int64_t east = IntervalZoneSeconds(zone);
                                                        return CheckTimestamp(ts + east * kMicrosPerSecond);
                                                      });
}

void ToTimestampEpoch(DataChunk& args, ExpressionState&, Vector& result) {
  UnaryExecutor::Execute<double, int64_t>(args.column(0), result, args.size(), [](double seconds) -> int64_t {
    if (std::isnan(seconds)) throw SqlError(ErrorCode::kDatetimeFieldOverflow, "timestamp cannot be NaN");
    if (std::isinf(seconds))
      return seconds < 0 ? date_time::kTimestampNegInfinity : date_time::kTimestampInfinity;
    // Julian days 0 .. 109203489 (TIMESTAMP_END_JULIAN) relative to the Unix epoch.
    constexpr double kMin = 86400.0 * (0 - date_parts::kUnixEpochJulian);
    constexpr double kMax = 86400.0 * (109203489 - date_parts::kUnixEpochJulian);
    auto out_of_range = [&]() {
      return SqlError(ErrorCode::kDatetimeFieldOverflow,
                      "timestamp out of range: \"" + FormatG(seconds) + "\"");
    };
    if (seconds < kMin || seconds >= kMax) throw out_of_range();
    double shifted = seconds - double{date_time::kUnixEpochOffsetDays} * 86400.0;
    int64_t micros = static_cast<int64_t>(std::rint(shifted * kMicrosPerSecond));
    if (!date_parts::IsValidTimestamp(micros)) throw out_of_range();
    return micros;
  });
}

// PostgreSQL's timestamp_bin: the start of the stride-wide bin, aligned to `origin`, that
// holds the timestamp (rounding toward minus infinity).
int64_t DateBin(const Interval& stride, int64_t ts, int64_t origin) {
  if (!date_parts::IsFinite(ts)) return ts;
  if (!date_parts::IsFinite(origin)) throw SqlError(ErrorCode::kDatetimeFieldOverflow, "origin out of range");
  if (stride.months != 0) {
    throw SqlError(ErrorCode::kFeatureNotSupported,
                   "timestamps cannot be binned into intervals containing months or years");
  }
  int64_t stride_micros;
  if (__builtin_mul_overflow(int64_t{stride.days}, kMicrosPerDay, &stride_micros) ||
      __builtin_add_overflow(stride_micros, stride.micros, &stride_micros)) {
    date_parts::ThrowIntervalOutOfRange();
  }
  if (stride_micros <= 0)
    throw SqlError(ErrorCode::kDatetimeFieldOverflow, "stride must be greater than zero");
  int64_t diff;
  if (__builtin_sub_overflow(ts, origin, &diff)) date_parts::ThrowIntervalOutOfRange();
  int64_t delta = diff - diff % stride_micros;
  if (diff < 0 && diff % stride_micros != 0 && __builtin_sub_overflow(delta, stride_micros, &delta)) {
    date_parts::ThrowTimestampOutOfRange();
  }
  int64_t result;
  if (__builtin_add_overflow(origin, delta, &result) || !date_parts::IsValidTimestamp(result)) {
    date_parts::ThrowTimestampOutOfRange();
  }
  return result;
}

void DateBinKernel(DataChunk& args, ExpressionState&, Vector& result) {
  TernaryExecutor::Execute<Interval, int64_t, int64_t, int64_t>(args.column(0), args.column(1),
                                                                args.column(2), result, args.size(), DateBin);
}

}  // namespace

void RegisterDateTimeFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  const LogicalType integer(TypeId::kInteger);
  const LogicalType dbl(TypeId::kDouble);
  const LogicalType boolean(TypeId::kBoolean);
  const LogicalType date(TypeId::kDate);
  const LogicalType ts(TypeId::kTimestamp);
  const LogicalType tstz(TypeId::kTimestampTz);
  const LogicalType interval(TypeId::kInterval);
  const Volatility stable = Volatility::kStable;

  for (const char* name : {"now", "transaction_timestamp", "current_timestamp"}) {
    registry.AddScalar(MakeDateFunction(name, {}, tstz, Now, stable));
  }
  registry.AddScalar(
      MakeDateFunction("current_timestamp", {integer}, tstz, CurrentTimestampPrecision, stable));
  registry.AddScalar(MakeDateFunction("statement_timestamp", {}, tstz, StatementTimestamp, stable));
  registry.AddScalar(MakeDateFunction("clock_timestamp", {}, tstz, ClockTimestamp, Volatility::kVolatile));
  registry.AddScalar(MakeDateFunction("current_date", {}, date, CurrentDate, stable));
  registry.AddScalar(MakeDateFunction("localtimestamp", {}, ts, LocalTimestamp, stable));
  registry.AddScalar(MakeDateFunction("localtimestamp", {integer}, ts, LocalTimestampPrecision, stable));

  registry.AddScalar(MakeDateFunction("age", {ts, ts}, interval, AgeTimestamp));
  registry.AddScalar(MakeDateFunction("age", {tstz, tstz}, interval, AgeTimestampTz, stable));
  registry.AddScalar(MakeDateFunction("age", {ts}, interval, AgeFromToday, stable));
  registry.AddScalar(MakeDateFunction("age", {tstz}, interval, AgeFromTodayTz, stable));

  registry.AddScalar(MakeDateFunction("make_date", {integer, integer, integer}, date, MakeDate));
  registry.AddScalar(MakeDateFunction("make_timestamp", {integer, integer, integer, integer, integer, dbl},
                                      ts, MakeTimestamp));
  registry.AddScalar(MakeDateFunction("make_timestamptz", {integer, integer, integer, integer, integer, dbl},
                                      tstz, MakeTimestampTz, stable));
  registry.AddScalar(MakeDateFunction("make_timestamptz",
                                      {integer, integer, integer, integer, integer, dbl, text}, tstz,
                                      MakeTimestampTzAtZone, stable));
  std::vector<LogicalType> interval_args;
  registry.AddScalar(MakeDateFunction("make_interval", interval_args, interval, MakeInterval));
  for (int i = 0; i < 7; i++) {
    interval_args.push_back(i < 6 ? integer : dbl);
    registry.AddScalar(MakeDateFunction("make_interval", interval_args, interval, MakeInterval));
  }

  registry.AddScalar(MakeDateFunction("justify_days", {interval}, interval, JustifyKernel<JustifyDays>));
  registry.AddScalar(MakeDateFunction("justify_hours", {interval}, interval, JustifyKernel<JustifyHours>));
  registry.AddScalar(
      MakeDateFunction("justify_interval", {interval}, interval, JustifyKernel<JustifyInterval>));

  registry.AddScalar(MakeDateFunction("isfinite", {date}, boolean, IsFiniteDate));
  registry.AddScalar(MakeDateFunction("isfinite", {ts}, boolean, IsFiniteTimestamp));
  registry.AddScalar(MakeDateFunction("isfinite", {tstz}, boolean, IsFiniteTimestamp));
  registry.AddScalar(MakeDateFunction("isfinite", {interval}, boolean, IsFiniteInterval));

  registry.AddScalar(MakeDateFunction("timezone", {text, ts}, tstz, TimezoneTimestamp));
  registry.AddScalar(MakeDateFunction("timezone", {text, tstz}, ts, TimezoneTimestampTz));
  registry.AddScalar(MakeDateFunction("timezone", {text, date}, ts, TimezoneDate, stable));
  registry.AddScalar(MakeDateFunction("timezone", {interval, ts}, tstz, TimezoneIntervalTimestamp));
  registry.AddScalar(MakeDateFunction("timezone", {interval, tstz}, ts, TimezoneIntervalTimestampTz));

  registry.AddScalar(MakeDateFunction("to_timestamp", {dbl}, tstz, ToTimestampEpoch));
  registry.AddScalar(MakeDateFunction("date_bin", {interval, ts, ts}, ts, DateBinKernel));
  registry.AddScalar(MakeDateFunction("date_bin", {interval, tstz, tstz}, tstz, DateBinKernel));

  RegisterDateTruncExtractFunctions(registry);
  RegisterExtractFunctions(registry);
  RegisterToCharDateFunctions(registry);
  RegisterToCharNumberFunctions(registry);
  RegisterToDateFunctions(registry);
  RegisterRedshiftDateFunctions(registry);
}

}  // namespace stockroom
