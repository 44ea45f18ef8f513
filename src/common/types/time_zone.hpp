#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace stockroom {

// A time zone rule set: a fixed UTC offset or an IANA zone read from the system's tzdata
// (/usr/share/zoneinfo, TZif format, with its POSIX TZ footer for times past the table).
// Immutable once built; safe to share between threads.
class TimeZone {
 public:
  // Returns the zone called `name` ("UTC", "America/New_York", "EST5EDT", "+02:00",
  // "UTC+3" in POSIX sign convention as PostgreSQL reads it), or nullptr if unknown.
  // Loaded zones are cached for the life of the process. This is SET TimeZone's reading: a
  // bare number is hours east ('-5', '5.5'); anything else goes to FindNamed, where POSIX
  // specs count west ('UTC+3' and '+02:00' are west of Greenwich). Abbreviations such as
  // 'PST' or 'Z' are not zones here, as in PostgreSQL.
  static std::shared_ptr<const TimeZone> Find(std::string_view name);
  static const TimeZone& Utc();
  // Returns the zone PostgreSQL's pg_tzset() finds for `name`: a tzdata file matched
  // case-insensitively, else a POSIX TZ spec, or nullptr. Unlike Find, a bare number is a POSIX
  // spec here ('-5' is 5 hours east), as in AT TIME ZONE and in timestamp literals.
  static std::shared_ptr<const TimeZone> FindNamed(std::string_view name);
  // Returns the zone AT TIME ZONE means by `name`: an abbreviation of PostgreSQL's Default set
  // ("EST", "Z", "CEST") first, else FindNamed. A dynamic abbreviation ("MSK") yields its zone.
  static std::shared_ptr<const TimeZone> FindNameOrAbbrev(std::string_view name);

  // A time zone abbreviation from PostgreSQL's Default abbreviation set.
  struct Abbreviation {
    int32_t offset = 0;  // seconds east of UTC, when `zone` is null
    bool is_dst = false;
    std::shared_ptr<const TimeZone> zone;  // set for a dynamic abbreviation, whose offset varies
  };
  // Looks up `abbrev` (any case); returns false if it is not an abbreviation or names a zone
  // that cannot be loaded.
  static bool LookupAbbreviation(std::string_view abbrev, Abbreviation* out);
  // Sets the offset and DST flag this zone used abbreviation `abbrev` for, at the latest time
  // before the UTC instant `utc_micros` (else the earliest after); false if it never used it.
  bool InterpretAbbreviation(int64_t utc_micros, std::string_view abbrev, int32_t* offset,
                             bool* is_dst) const;

  const std::string& name() const { return name_; }
  // Returns the offset from UTC in seconds (east positive) at the UTC instant `utc_micros`
  // (microseconds since 2000-01-01 UTC), and its abbreviation when `abbrev` is given.
  int32_t OffsetAtUtc(int64_t utc_micros, std::string* abbrev = nullptr) const;
  // Returns the offset that applies to local wall-clock time `local_micros`, resolving a
  // DST gap or overlap as PostgreSQL does.
  int32_t OffsetForLocal(int64_t local_micros) const;

  // Converts between UTC instants and local wall-clock times (both microseconds since 2000-01-01).
  int64_t UtcToLocal(int64_t utc_micros) const;
  int64_t LocalToUtc(int64_t local_micros) const;

  struct Transition {
    int64_t at_utc_seconds;  // seconds since 1970-01-01 UTC
    int32_t offset;          // seconds east of UTC after the transition
    bool is_dst;
    std::string abbrev;
  };
  // Building blocks, public for the loader and tests.
  TimeZone(std::string name, int32_t fixed_offset);
  TimeZone(std::string name, std::vector<Transition> transitions, Transition initial, std::string posix_rule);

 private:
  std::string name_;
  int32_t fixed_offset_ = 0;
  std::vector<Transition> transitions_;
  Transition initial_{};
  std::string posix_rule_;
  struct PosixRule;
  std::shared_ptr<PosixRule> rule_;
};

}  // namespace stockroom
