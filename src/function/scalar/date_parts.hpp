#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/types/date_time.hpp"
#include "common/types/string_ref.hpp"
#include "common/types/time_zone.hpp"

namespace stockroom {

struct ExpressionState;

// Pieces shared by the date/time function files: the unit names date_trunc, extract,
// date_part and the Redshift datepart functions accept, PostgreSQL's Julian-day and ISO-week
// routines, and the session's clock and zone. The functions are thread-safe; the two caches
// are per-call scratch objects for one thread.
namespace date_parts {

// The fields a unit name can denote (PostgreSQL's DTK_* unit values).
enum class DatePart : uint8_t {
  kMicrosecond,
  kMillisecond,
  kSecond,
  kMinute,
  kHour,
  kDay,
  kWeek,
  kMonth,
  kQuarter,
  kYear,
  kDecade,
  kCentury,
  kMillennium,
  kDow,
  kIsoDow,
  kDoy,
  kIsoYear,
  kJulian,
  kTimezone,
  kTimezoneHour,
  kTimezoneMinute,
  kEpoch,          // the reserved word "epoch"
  kOtherReserved,  // "now", "today", "infinity", ...: recognized as words, never as units
};

// How a unit name was classified: PostgreSQL reports unknown names as "not recognized"
// (22023) and known names a function cannot handle as "not supported" (0A000).
enum class UnitKind : uint8_t { kUnknown, kUnits, kReserved };

struct UnitSpec {
  UnitKind kind = UnitKind::kUnknown;
  DatePart part = DatePart::kOtherReserved;
  std::string name;  // the name lower-cased as PostgreSQL does, for error messages
};

// Resolves a unit name as date_trunc does (PostgreSQL's DecodeUnits: the units table only).
UnitSpec LookupTruncUnit(std::string_view text);
// Resolves a unit name as extract/date_part do (DecodeUnits, then DecodeSpecial, which adds
// dow, doy, isoyear, julian, epoch and the other reserved words).
// Both lookups also accept Redshift's datepart abbreviations (dw, dayofweek, qtrs, ...).
UnitSpec LookupExtractUnit(std::string_view text);

// Caches the last resolved unit of a unit-argument column, so a non-constant column (rare)
// resolves each distinct run of names once and a constant one exactly once.
class UnitCache {
 public:
  explicit UnitCache(UnitSpec (*lookup)(std::string_view)) : lookup_(lookup) {}
  const UnitSpec& Get(const StringRef& text) {
    if (!valid_ || text.view() != last_) {
      spec_ = lookup_(text.view());
      last_.assign(text.data(), text.size());
      valid_ = true;
    }
    return spec_;
  }

 private:
  UnitSpec (*lookup_)(std::string_view);
  std::string last_;
  UnitSpec spec_;
  bool valid_ = false;
};

[[noreturn]] void ThrowUnitNotRecognized(const UnitSpec& spec, const char* type_name);
[[noreturn]] void ThrowUnitNotSupported(const UnitSpec& spec, const char* type_name);
[[noreturn]] void ThrowTimestampOutOfRange();
[[noreturn]] void ThrowIntervalOutOfRange();

constexpr const char* kTimestampName = "timestamp without time zone";
constexpr const char* kTimestampTzName = "timestamp with time zone";
constexpr const char* kDateName = "date";
constexpr const char* kIntervalName = "interval";

// PostgreSQL's Julian-day and ISO-week routines. They take the year/month/day fields as
// PostgreSQL's do (astronomical year, 1 BC = 0), including the out-of-range values to_char
// feeds them for intervals and to_date for day-of-year fields, so results match exactly.
constexpr int32_t kPostgresEpochJulian = 2451545;
constexpr int32_t kUnixEpochJulian = 2440588;
int32_t DateToJulian(int32_t year, int32_t month, int32_t day);
void JulianToDate(int32_t julian, int32_t* year, int32_t* month, int32_t* day);
// Returns 0 = Sunday .. 6 = Saturday.
int32_t JulianToWeekday(int32_t julian);
int32_t IsoWeek(int32_t year, int32_t month, int32_t day);
int32_t IsoYear(int32_t year, int32_t month, int32_t day);
int32_t IsoYearDay(int32_t year, int32_t month, int32_t day);
// Returns the Julian day of the Monday of ISO week `week` of ISO year `year`.
int32_t IsoWeekToJulian(int32_t year, int32_t week);

// Valid date and timestamp ranges (PostgreSQL's IS_VALID_DATE / IS_VALID_TIMESTAMP).
constexpr int64_t kMinDateDays = -kPostgresEpochJulian;
constexpr int64_t kEndDateDays = int64_t{2147483494} - kPostgresEpochJulian;
constexpr int64_t kMinTimestamp = -211813488000000000;
constexpr int64_t kEndTimestamp = 9223371331200000000;
inline bool IsValidTimestamp(int64_t ts) { return ts >= kMinTimestamp && ts < kEndTimestamp; }
inline bool IsFinite(int64_t ts) {
  return ts != date_time::kTimestampInfinity && ts != date_time::kTimestampNegInfinity;
}
inline bool IsFiniteDate(int32_t d) {
  return d != date_time::kDateInfinity && d != date_time::kDateNegInfinity;
}

// Rounds a timestamp to `precision` (0..6) fractional digits, half away from zero
// (PostgreSQL's AdjustTimestampForTypmod).
int64_t RoundToPrecision(int64_t ts, int32_t precision);

// A timestamp split into calendar fields (PostgreSQL's pg_tm + fsec for a local time).
struct BrokenDown {
  int32_t days;  // days since 2000-01-01
  int32_t year;  // astronomical
  int32_t month;
  int32_t day;
  int32_t hour;
  int32_t minute;
  int32_t second;
  int32_t micros;
};
BrokenDown BreakDown(int64_t local);

// An interval split as PostgreSQL's interval2itm does (C truncating division, so every field
// carries the sign of its source).
struct IntervalFields {
  int32_t year;
  int32_t month;
  int32_t day;
  int64_t hour;
  int32_t minute;
  int32_t second;
  int32_t micros;
};
IntervalFields SplitInterval(const Interval& iv);
// Reassembles interval fields (itm2interval); throws 22008 "interval out of range" on overflow.
Interval JoinInterval(const IntervalFields& f);

// The session's time zone: UTC when there is no session (state.context == nullptr).
const TimeZone& SessionZone(const ExpressionState& state);
// The start of the current transaction (now()); throws when there is no session.
int64_t TransactionStart(const ExpressionState& state);
int64_t StatementStart(const ExpressionState& state);

// A zone named in AT TIME ZONE, date_trunc(..., zone) or convert_timezone: an abbreviation
// of PostgreSQL's Default set (fixed offset, or "dynamic" with its own zone) or a zone name.
struct NamedZone {
  std::shared_ptr<const TimeZone> zone;
  bool fixed = false;
  int32_t fixed_offset = 0;    // seconds east of UTC, when `fixed`
  std::string dynamic_abbrev;  // upper case, for a dynamic abbreviation
  // Converts a UTC instant to wall-clock time in the zone (timestamptz AT TIME ZONE).
  int64_t ToLocal(int64_t utc) const;
  // Converts wall-clock time in the zone to the UTC instant (timestamp AT TIME ZONE).
  int64_t ToUtc(int64_t local) const;
};
// Looks `name` up as PostgreSQL's timestamp_zone does; throws 22023
// `time zone "name" not recognized`.
NamedZone ResolveNamedZone(std::string_view name);

// Caches the NamedZone of the last zone-name value seen (zone arguments are almost always
// constant, and zone lookups take a lock).
class NamedZoneCache {
 public:
  const NamedZone& Get(const StringRef& name) {
    if (!valid_ || name.view() != last_) {
      zone_ = ResolveNamedZone(name.view());
      last_.assign(name.data(), name.size());
      valid_ = true;
    }
    return zone_;
  }

 private:
  std::string last_;
  NamedZone zone_;
  bool valid_ = false;
};

}  // namespace date_parts
}  // namespace stockroom
