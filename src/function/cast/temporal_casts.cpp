#include <string>
#include <string_view>

#include "common/error/exception.hpp"
#include "common/types/date_time.hpp"
#include "common/types/time_zone.hpp"
#include "function/cast/cast_kernels.hpp"
#include "function/scalar/vector_executor.hpp"

// date/timestamp/timestamptz conversions (timestamptz meets the others in the session time
// zone) and PostgreSQL's interval field restrictions (INTERVAL '90' DAY).

namespace stockroom {
namespace cast {
namespace {

using date_time::kDateInfinity;
using date_time::kDateNegInfinity;
using date_time::kMicrosPerDay;
using date_time::kTimestampInfinity;
using date_time::kTimestampNegInfinity;

// PostgreSQL's timestamp range: 4714-11-24 BC up to (not including) 294277-01-01.
constexpr int64_t kMinTimestamp = -211813488000000000;
constexpr int64_t kEndTimestamp = 9223371331200000000;
// The first date past the timestamp range.
constexpr int32_t kDateEndForTimestamp = 106751983;

// Interval typmod range bits (PostgreSQL's INTERVAL_MASK).
constexpr int32_t kMonth = 1 << 1;
constexpr int32_t kYear = 1 << 2;
constexpr int32_t kDay = 1 << 3;
constexpr int32_t kHour = 1 << 10;
constexpr int32_t kMinute = 1 << 11;
constexpr int32_t kSecond = 1 << 12;
constexpr int32_t kFullRange = 0x7FFF;

bool IsValidTimestamp(int64_t t) { return t >= kMinTimestamp && t < kEndTimestamp; }

[[noreturn]] void ThrowTimestampRange() {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
}

[[noreturn]] void ThrowDateForTimestamp() {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date out of range for timestamp");
}

int32_t DayOf(int64_t local) {
  int32_t days;
  int64_t time_of_day;
  date_time::SplitTimestamp(local, &days, &time_of_day);
  return days;
}

void DateToTimestamp(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<int32_t, int64_t>(source, result, count, [](int32_t d) -> int64_t {
    if (d == kDateNegInfinity) return kTimestampNegInfinity;
    if (d == kDateInfinity) return kTimestampInfinity;
    if (d >= kDateEndForTimestamp) ThrowDateForTimestamp();
    return int64_t{d} * kMicrosPerDay;
  });
}

// Midnight of the date in the session zone.
void DateToTimestampTz(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  UnaryExecutor::Execute<int32_t, int64_t>(source, result, count, [&tz](int32_t d) -> int64_t {
    if (d == kDateNegInfinity) return kTimestampNegInfinity;
    if (d == kDateInfinity) return kTimestampInfinity;
    if (d >= kDateEndForTimestamp) ThrowDateForTimestamp();
    int64_t utc = tz.LocalToUtc(int64_t{d} * kMicrosPerDay);
    if (!IsValidTimestamp(utc)) ThrowDateForTimestamp();
    return utc;
  });
}

void TimestampToDate(const Vector& source, Vector& result, idx_t count, const CastParameters&) {
  UnaryExecutor::Execute<int64_t, int32_t>(source, result, count, [](int64_t t) -> int32_t {
    if (t == kTimestampNegInfinity) return kDateNegInfinity;
    if (t == kTimestampInfinity) return kDateInfinity;
    return DayOf(t);
  });
}

void TimestampTzToDate(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  UnaryExecutor::Execute<int64_t, int32_t>(source, result, count, [&tz](int64_t t) -> int32_t {
    if (t == kTimestampNegInfinity) return kDateNegInfinity;
    if (t == kTimestampInfinity) return kDateInfinity;
    return DayOf(tz.UtcToLocal(t));
  });
}

void TimestampToTimestampTz(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  UnaryExecutor::Execute<int64_t, int64_t>(source, result, count, [&tz](int64_t t) -> int64_t {
    if (t == kTimestampNegInfinity || t == kTimestampInfinity) return t;
    int64_t utc = tz.LocalToUtc(t);
    if (!IsValidTimestamp(utc)) ThrowTimestampRange();
    return utc;
  });
}

void TimestampTzToTimestamp(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  const TimeZone& tz = SessionZone(params);
  UnaryExecutor::Execute<int64_t, int64_t>(source, result, count, [&tz](int64_t t) -> int64_t {
    if (t == kTimestampNegInfinity || t == kTimestampInfinity) return t;
    int64_t local = tz.UtcToLocal(t);
    if (!IsValidTimestamp(local)) ThrowTimestampRange();
    return local;
  });
}

void IntervalToInterval(const Vector& source, Vector& result, idx_t count, const CastParameters& params) {
  int32_t range = params.interval_range;
  if (range == 0 || range == kFullRange) {
    ReferenceAs(source, result, count);
    return;
  }
  UnaryExecutor::Execute<Interval, Interval>(
      source, result, count, [range](const Interval& v) { return AdjustIntervalForRange(v, range); });
}

// The unit PostgreSQL's DecodeInterval gives a trailing unlabeled number under `range`, or
// nullptr for seconds (its choice without a range too).
const char* BareNumberUnit(int32_t range) {
  switch (range) {
    case kYear:
      return "year";
    case kMonth:
    case kYear | kMonth:
      return "month";
    case kDay:
      return "day";
    case kHour:
    case kDay | kHour:
      return "hour";
    case kMinute:
    case kHour | kMinute:
    case kDay | kHour | kMinute:
      return "minute";
    default:
      return nullptr;
  }
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// [+-]digits[.digits] or [+-].digits
bool IsBareNumber(std::string_view token) {
  size_t i = 0;
  if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
  size_t int_digits = 0, frac_digits = 0;
  while (i < token.size() && IsDigit(token[i])) ++i, ++int_digits;
  if (i < token.size() && token[i] == '.') {
    ++i;
    while (i < token.size() && IsDigit(token[i])) ++i, ++frac_digits;
  }
  return i == token.size() && int_digits + frac_digits > 0;
}

// [+-]digits:digits (no seconds field, no fraction)
bool IsHourMinute(std::string_view token) {
  size_t i = 0;
  if (i < token.size() && (token[i] == '+' || token[i] == '-')) ++i;
  size_t start = i;
  while (i < token.size() && IsDigit(token[i])) ++i;
  if (i == start || i >= token.size() || token[i] != ':') return false;
  start = ++i;
  while (i < token.size() && IsDigit(token[i])) ++i;
  return i > start && i == token.size();
}

}  // namespace

Interval AdjustIntervalForRange(const Interval& value, int32_t range) {
  Interval v = value;
  switch (range) {
    case kYear:
      v.months = (v.months / 12) * 12;
      v.days = 0;
      v.micros = 0;
      break;
    case kMonth:
    case kYear | kMonth:
      v.days = 0;
      v.micros = 0;
      break;
    case kDay:
      v.micros = 0;
      break;
    case kHour:
    case kDay | kHour:
      v.micros = (v.micros / Interval::kMicrosPerHour) * Interval::kMicrosPerHour;
      break;
    case kMinute:
    case kDay | kHour | kMinute:
    case kHour | kMinute:
      v.micros = (v.micros / Interval::kMicrosPerMinute) * Interval::kMicrosPerMinute;
      break;
    default:
      // SECOND and the ranges ending in SECOND keep everything.
      break;
  }
  return v;
}

Interval ParseIntervalWithRange(std::string_view text, int32_t range) {
  if (range == 0 || range == kFullRange) return date_time::ParseInterval(text);
  // Rather than a second interval parser, rewrite the text so that the general one reads it
  // as DecodeInterval does under the range: a trailing bare number gets the range's unit,
  // and under MINUTE TO SECOND 'mm:ss' is not taken for 'hh:mm'.
  std::string rewritten;
  bool changed = false;
  bool minute_to_second = range == (kMinute | kSecond);
  size_t i = 0;
  size_t last_token = std::string_view::npos;
  while (i < text.size()) {
    if (IsArraySpace(text[i])) {
      rewritten.push_back(text[i++]);
      continue;
    }
    size_t start = i;
    while (i < text.size() && !IsArraySpace(text[i])) ++i;
    std::string_view token = text.substr(start, i - start);
    last_token = rewritten.size();
    if (minute_to_second && IsHourMinute(token)) {
      size_t sign = token[0] == '+' || token[0] == '-' ? 1 : 0;
      rewritten.append(token.substr(0, sign));
      rewritten.append("0:");
      rewritten.append(token.substr(sign));
      changed = true;
    } else {
      rewritten.append(token);
    }
  }
  const char* unit = BareNumberUnit(range);
  if (unit && last_token != std::string_view::npos) {
    std::string_view tail = std::string_view(rewritten).substr(last_token);
    size_t end = tail.find_first_of(" \t\n\r\v\f");
    if (IsBareNumber(tail.substr(0, end))) {
      rewritten.insert(last_token + (end == std::string_view::npos ? tail.size() : end),
                       std::string(" ") + unit);
      changed = true;
    }
  }
  Interval parsed;
  if (!changed) {
    parsed = date_time::ParseInterval(text);
  } else {
    try {
      parsed = date_time::ParseInterval(rewritten);
    } catch (SqlError& e) {
      // Report the text the user wrote.
      std::string message = e.what();
      std::string ours = "\"" + rewritten + "\"";
      size_t at = message.find(ours);
      if (at == std::string::npos) throw;
      message.replace(at, ours.size(), "\"" + std::string(text) + "\"");
      SqlError error(e.code(), message, e.position());
      if (!e.detail().empty()) error.WithDetail(e.detail());
      if (!e.hint().empty()) error.WithHint(e.hint());
      throw error;
    }
  }
  return AdjustIntervalForRange(parsed, range);
}

CastFunctionPtr GetTemporalCast(const LogicalType& from, const LogicalType& to) {
  switch (from.id()) {
    case TypeId::kDate:
      if (to.id() == TypeId::kTimestamp) return DateToTimestamp;
      if (to.id() == TypeId::kTimestampTz) return DateToTimestampTz;
      return nullptr;
    case TypeId::kTimestamp:
      if (to.id() == TypeId::kDate) return TimestampToDate;
      if (to.id() == TypeId::kTimestampTz) return TimestampToTimestampTz;
      return nullptr;
    case TypeId::kTimestampTz:
      if (to.id() == TypeId::kDate) return TimestampTzToDate;
      if (to.id() == TypeId::kTimestamp) return TimestampTzToTimestamp;
      return nullptr;
    case TypeId::kInterval:
      if (to.id() == TypeId::kInterval) return IntervalToInterval;
      return nullptr;
    default:
      return nullptr;
  }
}

}  // namespace cast
}  // namespace stockroom
