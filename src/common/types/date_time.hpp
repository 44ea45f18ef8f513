#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/types/interval.hpp"

namespace stockroom {

class TimeZone;

// Dates are int32 days and timestamps int64 microseconds since 2000-01-01 (UTC for
// timestamptz), as PostgreSQL stores them. These functions convert, parse and format them
// with PostgreSQL's rules (ISO DateStyle output).
namespace date_time {

constexpr int32_t kDateInfinity = INT32_MAX;
constexpr int32_t kDateNegInfinity = INT32_MIN;
constexpr int64_t kTimestampInfinity = INT64_MAX;
constexpr int64_t kTimestampNegInfinity = INT64_MIN;
constexpr int64_t kMicrosPerDay = Interval::kMicrosPerDay;
// Days from 1970-01-01 to 2000-01-01.
constexpr int32_t kUnixEpochOffsetDays = 10957;

struct Civil {
  int32_t year;   // astronomical: 0 is 1 BC
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

struct CivilTime {
  int32_t hour = 0;
  int32_t minute = 0;
  int32_t second = 0;
  int32_t micros = 0;
};

// Returns days since 2000-01-01 of a proleptic Gregorian date.
int32_t DaysFromCivil(int32_t year, int32_t month, int32_t day);
Civil CivilFromDays(int32_t days);
bool IsLeapYear(int32_t year);
int32_t DaysInMonth(int32_t year, int32_t month);
// Returns 0 = Sunday .. 6 = Saturday.
int32_t DayOfWeek(int32_t days);
bool IsValidDate(int32_t year, int32_t month, int32_t day);

// Splits a timestamp into days and microseconds of the day (floor division).
void SplitTimestamp(int64_t ts, int32_t* days, int64_t* time_of_day);
int64_t MakeTimestamp(int32_t days, int64_t time_of_day);
CivilTime CivilTimeFromMicros(int64_t time_of_day);

// Parsers. Each throws SqlError 22007/22008 (invalid_datetime_format, field overflow) naming
// the input, e.g. invalid input syntax for type date: "2024-13-01".
int32_t ParseDate(std::string_view text);
int64_t ParseTimestamp(std::string_view text);
// A timestamptz literal: an explicit zone in the text wins, else `session_tz` applies.
int64_t ParseTimestampTz(std::string_view text, const TimeZone& session_tz);
Interval ParseInterval(std::string_view text);
// As above, also resolving 'now', 'today', 'tomorrow' and 'yesterday' against `now_utc` (the
// statement's current time) in `session_tz`. The forms without it reject those words with
// SQLSTATE 0A000, since they have no clock.
int32_t ParseDate(std::string_view text, const TimeZone& session_tz, int64_t now_utc);
int64_t ParseTimestamp(std::string_view text, const TimeZone& session_tz, int64_t now_utc);
int64_t ParseTimestampTz(std::string_view text, const TimeZone& session_tz, int64_t now_utc);

// Formatters (PostgreSQL ISO DateStyle, IntervalStyle postgres).
std::string FormatDate(int32_t days);
std::string FormatTimestamp(int64_t micros);
std::string FormatTimestampTz(int64_t micros, const TimeZone& tz);
std::string FormatInterval(const Interval& interval);
// Allocation-free forms for bulk output: write into `out`, which must hold at least
// kMaxFormattedLength bytes, and return the length written (no terminating NUL).
constexpr size_t kMaxFormattedLength = 48;
size_t FormatDate(int32_t days, char* out);
size_t FormatTimestamp(int64_t micros, char* out);
size_t FormatTimestampTz(int64_t micros, const TimeZone& tz, char* out);

// Calendar arithmetic with PostgreSQL's month rules (Jan 31 + 1 month = Feb 28/29).
int64_t AddInterval(int64_t timestamp, const Interval& interval);
int64_t AddIntervalTz(int64_t timestamptz, const Interval& interval, const TimeZone& tz);
int32_t AddMonthsToDate(int32_t days, int32_t months);

}  // namespace date_time
}  // namespace stockroom
