#include "common/types/time_zone.hpp"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <unordered_map>

#include "common/types/date_time.hpp"

namespace stockroom {
namespace {

constexpr int64_t kSecsPerDay = 86400;
constexpr int64_t kMicrosPerSec = 1000000;
// Seconds from 1970-01-01 (tzdata's epoch) to 2000-01-01 (ours).
constexpr int64_t kEpochOffsetSecs = int64_t{date_time::kUnixEpochOffsetDays} * kSecsPerDay;
// PostgreSQL's TZ_STRLEN_MAX.
constexpr size_t kMaxZoneNameLength = 255;
// Negative lookups are cached too (a bad zone word in a CSV column would otherwise scan the
// tzdata directory per row), but only up to this many entries in all.
constexpr size_t kMaxCachedZones = 4096;
// Rule transitions are precomputed up to this year.
constexpr int32_t kMaterializeUntilYear = 2400;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

char AsciiUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string ToUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = AsciiUpper(c);
  return out;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

// Formats an offset east of UTC as PostgreSQL names fixed-offset zones: "+05", "-05:30".
std::string FormatOffsetAbbrev(int32_t east) {
  int32_t abs = east < 0 ? -east : east;
  char buf[32];
  int n = std::snprintf(buf, sizeof(buf), "%c%02d", east < 0 ? '-' : '+', abs / 3600);
  abs %= 3600;
  if (abs != 0) {
    n += std::snprintf(buf + n, sizeof(buf) - n, ":%02d", abs / 60);
    abs %= 60;
    if (abs != 0) std::snprintf(buf + n, sizeof(buf) - n, ":%02d", abs);
  }
  return buf;
}

// A POSIX TZ string, as in the footer of a TZif file ("EST5EDT,M3.2.0,M11.1.0") or given as
// a zone name ("UTC+3"). Offsets here are east-positive, unlike the string's own sign.
struct PosixDate {
  enum Kind { kJulianNoLeap, kDayOfYear, kMonthWeekDay };
  Kind kind = kMonthWeekDay;
  int32_t day = 0;      // Jn: 1..365; n: 0..365; Mm.w.d: the weekday, 0 = Sunday
  int32_t week = 0;     // Mm.w.d: 1..5, 5 meaning the last
  int32_t month = 0;    // Mm.w.d: 1..12
  int32_t time = 7200;  // seconds after local midnight; may be negative or past 24h
};

struct PosixSpec {
  std::string std_abbrev;
  int32_t std_offset = 0;
  bool has_dst = false;
  std::string dst_abbrev;
  int32_t dst_offset = 0;
  PosixDate start;
  PosixDate end;
  // The two local time types, filled in once parsed.
  TimeZone::Transition std_type;
  TimeZone::Transition dst_type;

  void FillTypes() {
    std_type = {0, std_offset, false, std_abbrev};
    dst_type = {0, dst_offset, true, dst_abbrev};
  }
};

// The parsing mirrors tzcode's tzparse() as PostgreSQL carries it (which, unlike IANA, allows
// an empty standard abbreviation, so "+02:00" parses as two hours *west*).
class PosixParser {
 public:
  explicit PosixParser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool Parse(PosixSpec* spec) {
    if (!ParseName(&spec->std_abbrev)) return false;
    if (AtEnd()) return false;  // the standard offset is required
    int32_t west = 0;
    if (!ParseOffset(&west)) return false;
    spec->std_offset = -west;
    if (AtEnd()) return true;
    if (!ParseName(&spec->dst_abbrev) || spec->dst_abbrev.empty()) return false;
    spec->has_dst = true;
    if (!AtEnd() && Peek() != ',' && Peek() != ';') {
      if (!ParseOffset(&west)) return false;
      spec->dst_offset = -west;
    } else {
      spec->dst_offset = spec->std_offset + 3600;
    }
    if (AtEnd()) {
      // tzcode would take the rules from the "posixrules" file; that is America/New_York,
      // whose current rule this is.
      spec->start = PosixDate{PosixDate::kMonthWeekDay, 0, 2, 3, 7200};
      spec->end = PosixDate{PosixDate::kMonthWeekDay, 0, 1, 11, 7200};
      return true;
    }
    if (Peek() != ',' && Peek() != ';') return false;
    ++p_;
    if (!ParseRule(&spec->start)) return false;
    if (AtEnd() || Peek() != ',') return false;
    ++p_;
    if (!ParseRule(&spec->end)) return false;
    return AtEnd();
  }

 private:
  bool AtEnd() const { return p_ >= end_; }
  char Peek() const { return *p_; }

  bool ParseName(std::string* out) {
    const char* start = p_;
    if (!AtEnd() && Peek() == '<') {
      ++p_;
      start = p_;
      while (!AtEnd() && Peek() != '>') ++p_;
      if (AtEnd()) return false;
      out->assign(start, p_ - start);
      ++p_;
      return true;
    }
    while (!AtEnd() && !IsDigit(Peek()) && Peek() != ',' && Peek() != '-' && Peek() != '+') ++p_;
    out->assign(start, p_ - start);
    return true;
  }

  bool ParseNumber(int32_t min, int32_t max, int32_t* out) {
    if (AtEnd() || !IsDigit(Peek())) return false;
    int32_t num = 0;
    while (!AtEnd() && IsDigit(Peek())) {
      num = num * 10 + (Peek() - '0');
      if (num > max) return false;
      ++p_;
    }
    if (num < min) return false;
    *out = num;
    return true;
  }

  bool ParseSeconds(int32_t* out) {
    int32_t hours = 0;
    // tzcode allows up to a week of hours so that rule times like "/167" work.
    if (!ParseNumber(0, 24 * 7 - 1, &hours)) return false;
    int32_t secs = hours * 3600;
    if (!AtEnd() && Peek() == ':') {
      ++p_;
      int32_t minutes = 0;
      if (!ParseNumber(0, 59, &minutes)) return false;
      secs += minutes * 60;
      if (!AtEnd() && Peek() == ':') {
        ++p_;
        int32_t seconds = 0;
        if (!ParseNumber(0, 60, &seconds)) return false;
        secs += seconds;
      }
    }
    *out = secs;
    return true;
  }

  bool ParseOffset(int32_t* out) {
    bool negative = false;
    if (!AtEnd() && Peek() == '-') {
      negative = true;
      ++p_;
    } else if (!AtEnd() && Peek() == '+') {
      ++p_;
    }
    int32_t secs = 0;
    if (!ParseSeconds(&secs)) return false;
    *out = negative ? -secs : secs;
    return true;
  }

  bool ParseRule(PosixDate* rule) {
    if (AtEnd()) return false;
    if (Peek() == 'J') {
      ++p_;
      rule->kind = PosixDate::kJulianNoLeap;
      if (!ParseNumber(1, 365, &rule->day)) return false;
    } else if (Peek() == 'M') {
      ++p_;
      rule->kind = PosixDate::kMonthWeekDay;
      if (!ParseNumber(1, 12, &rule->month)) return false;
      if (AtEnd() || Peek() != '.') return false;
      ++p_;
      if (!ParseNumber(1, 5, &rule->week)) return false;
      if (AtEnd() || Peek() != '.') return false;
      ++p_;
      if (!ParseNumber(0, 6, &rule->day)) return false;
    } else if (IsDigit(Peek())) {
      rule->kind = PosixDate::kDayOfYear;
      if (!ParseNumber(0, 365, &rule->day)) return false;
    } else {
      return false;
    }
    rule->time = 7200;
    if (!AtEnd() && Peek() == '/') {
      ++p_;
      if (!ParseOffset(&rule->time)) return false;
    }
    return true;
  }

  const char* p_;
  const char* end_;
};

constexpr int32_t kMonthDays[2][12] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                       {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};

// Returns seconds from local midnight of Jan 1 of `year` to the rule's local transition time.
int64_t RuleOffsetInYear(const PosixDate& rule, int32_t year) {
  bool leap = date_time::IsLeapYear(year);
  int64_t day = 0;
  switch (rule.kind) {
    case PosixDate::kJulianNoLeap:
      day = rule.day - 1 + ((leap && rule.day >= 60) ? 1 : 0);
      break;
    case PosixDate::kDayOfYear:
      day = rule.day;
      break;
    case PosixDate::kMonthWeekDay: {
      int32_t first = date_time::DaysFromCivil(year, rule.month, 1);
      int32_t d = rule.day - date_time::DayOfWeek(first);
      if (d < 0) d += 7;
      for (int32_t i = 1; i < rule.week; ++i) {
        if (d + 7 >= kMonthDays[leap][rule.month - 1]) break;
        d += 7;
      }
      day = first - date_time::DaysFromCivil(year, 1, 1) + d;
      break;
    }
  }
  return day * kSecsPerDay + rule.time;
}

struct RuleTransition {
  int64_t at;  // seconds since 1970-01-01 UTC
  bool to_dst;
};

// Fills the DST start and end of `year`, in time order.
void RuleTransitionsOfYear(const PosixSpec& spec, int32_t year, RuleTransition out[2]) {
  int64_t jan1 =
      (int64_t{date_time::DaysFromCivil(year, 1, 1)} + date_time::kUnixEpochOffsetDays) * kSecsPerDay;
  int64_t start = jan1 + RuleOffsetInYear(spec.start, year) - spec.std_offset;
  int64_t end = jan1 + RuleOffsetInYear(spec.end, year) - spec.dst_offset;
  if (start <= end) {
    out[0] = {start, true};
    out[1] = {end, false};
  } else {
    out[0] = {end, false};
    out[1] = {start, true};
  }
}

// Returns whether the rule keeps DST all year (tzcode then makes no transitions at all).
bool RuleIsAlwaysDst(const PosixSpec& spec) {
  for (int32_t year : {2001, 2004}) {
    int64_t jan1 =
        (int64_t{date_time::DaysFromCivil(year, 1, 1)} + date_time::kUnixEpochOffsetDays) * kSecsPerDay;
    int64_t start = jan1 + RuleOffsetInYear(spec.start, year) - spec.std_offset;
    int64_t end = jan1 + RuleOffsetInYear(spec.end, year) - spec.dst_offset;
    int64_t year_secs = (date_time::IsLeapYear(year) ? 366 : 365) * kSecsPerDay;
    bool reversed = end < start;
    if (reversed || (start < end && end - start < year_secs + (spec.dst_offset - spec.std_offset))) {
      return false;
    }
  }
  return true;
}

int32_t YearOfUnixSeconds(int64_t t) {
  int64_t days = FloorDiv(t, kSecsPerDay) - date_time::kUnixEpochOffsetDays;
  days = std::clamp<int64_t>(days, -1000000000, 1000000000);
  return date_time::CivilFromDays(static_cast<int32_t>(days)).year;
}

// Finds the latest rule transition at or before `t` that is after `floor`.
bool LatestRuleTransition(const PosixSpec& spec, int64_t t, int64_t floor, RuleTransition* found) {
  int32_t year = YearOfUnixSeconds(t);
  bool any = false;
  for (int32_t y = year - 1; y <= year + 1; ++y) {
    RuleTransition pair[2];
    RuleTransitionsOfYear(spec, y, pair);
    for (const RuleTransition& rt : pair) {
      if (rt.at <= t && rt.at > floor && (!any || rt.at > found->at)) {
        *found = rt;
        any = true;
      }
    }
  }
  return any;
}

// Finds the earliest rule transition after both `t` and `floor`.
bool NextRuleTransition(const PosixSpec& spec, int64_t t, int64_t floor, RuleTransition* found) {
  int64_t after = std::max(t, floor);
  int32_t year = YearOfUnixSeconds(after);
  bool any = false;
  for (int32_t y = year - 1; y <= year + 2; ++y) {
    RuleTransition pair[2];
    RuleTransitionsOfYear(spec, y, pair);
    for (const RuleTransition& rt : pair) {
      if (rt.at > after && (!any || rt.at < found->at)) {
        *found = rt;
        any = true;
      }
    }
  }
  return any;
}

using Transition = TimeZone::Transition;

// The rule set of one zone, as the lookups below see it.
struct ZoneRules {
  const std::vector<Transition>& transitions;
  const Transition& initial;
  const PosixSpec* rule;  // null unless it has DST
};

const Transition& RuleType(const ZoneRules& z, bool dst) { return dst ? z.rule->dst_type : z.rule->std_type; }

// Returns the local time type in effect at `t` (seconds since 1970 UTC). A transition applies
// from its own instant on; before the first one the zone's first type (usually LMT) applies.
const Transition& TypeAt(const ZoneRules& z, int64_t t) {
  const std::vector<Transition>& tr = z.transitions;
  if (!tr.empty()) {
    if (t < tr.front().at_utc_seconds) return z.initial;
    if (t < tr.back().at_utc_seconds) {
      auto it = std::upper_bound(tr.begin(), tr.end(), t,
                                 [](int64_t v, const Transition& x) { return v < x.at_utc_seconds; });
      return *(it - 1);
    }
  }
  if (z.rule != nullptr) {
    RuleTransition rt{};
    int64_t floor = tr.empty() ? std::numeric_limits<int64_t>::min() : tr.back().at_utc_seconds;
    if (LatestRuleTransition(*z.rule, t, floor, &rt)) return RuleType(z, rt.to_dst);
  }
  return tr.empty() ? z.initial : tr.back();
}

// Mirrors PostgreSQL's pg_next_dst_boundary(): the type in effect at `t` and, if there is
// one, the first transition after `t` with the type it starts.
bool NextBoundary(const ZoneRules& z, int64_t t, const Transition** before, int64_t* boundary,
                  const Transition** after) {
  const std::vector<Transition>& tr = z.transitions;
  if (!tr.empty() && t < tr.back().at_utc_seconds) {
    auto it = std::upper_bound(tr.begin(), tr.end(), t,
                               [](int64_t v, const Transition& x) { return v < x.at_utc_seconds; });
    *before = it == tr.begin() ? &z.initial : &*(it - 1);
    *boundary = it->at_utc_seconds;
    *after = &*it;
    return true;
  }
  *before = &TypeAt(z, t);
  if (z.rule == nullptr) return false;
  RuleTransition rt{};
  int64_t floor = tr.empty() ? std::numeric_limits<int64_t>::min() : tr.back().at_utc_seconds;
  if (!NextRuleTransition(*z.rule, t, floor, &rt)) return false;
  *boundary = rt.at;
  *after = &RuleType(z, rt.to_dst);
  return true;
}

// Reads a whole (small) file; false if it is missing, unreadable or implausibly large.
bool ReadSmallFile(const std::string& path, std::string* out) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  out->clear();
  char buf[8192];
  size_t n;
  bool ok = true;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) {
    out->append(buf, n);
    if (out->size() > (1 << 20)) {
      ok = false;
      break;
    }
  }
  if (std::ferror(f)) ok = false;
  std::fclose(f);
  return ok;
}

uint32_t ReadBe32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

int64_t ReadBe64(const unsigned char* p) {
  return static_cast<int64_t>((uint64_t{ReadBe32(p)} << 32) | uint64_t{ReadBe32(p + 4)});
}

struct TzifCounts {
  uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

TzifCounts ReadCounts(const unsigned char* header) {
  const unsigned char* p = header + 20;
  return {ReadBe32(p),      ReadBe32(p + 4),  ReadBe32(p + 8),
          ReadBe32(p + 12), ReadBe32(p + 16), ReadBe32(p + 20)};
}

size_t DataSize(const TzifCounts& c, size_t time_size) {
  return size_t{c.timecnt} * time_size + c.timecnt + size_t{c.typecnt} * 6 + c.charcnt +
         size_t{c.leapcnt} * (time_size + 4) + c.isstdcnt + c.isutcnt;
}

// Parses a TZif file (RFC 8536), preferring its 64-bit data. Returns null if it is not one,
// or if it has leap seconds, which PostgreSQL refuses too.
std::shared_ptr<const TimeZone> ParseTzif(std::string name, const std::string& data) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
  constexpr size_t kHeaderSize = 44;
  if (data.size() < kHeaderSize || std::memcmp(bytes, "TZif", 4) != 0) return nullptr;
  char version = data[4];
  TzifCounts counts = ReadCounts(bytes);
  size_t time_size = 4;
  size_t offset = kHeaderSize;
  if (version >= '2') {
    size_t v1_size = DataSize(counts, 4);
    offset = kHeaderSize + v1_size;
    if (data.size() < offset + kHeaderSize || std::memcmp(bytes + offset, "TZif", 4) != 0) return nullptr;
    counts = ReadCounts(bytes + offset);
    offset += kHeaderSize;
    time_size = 8;
  }
  if (counts.typecnt == 0 || counts.typecnt > 256 || counts.leapcnt != 0) return nullptr;
  size_t size = DataSize(counts, time_size);
  if (data.size() < offset + size) return nullptr;
  const unsigned char* p = bytes + offset;
  const unsigned char* times = p;
  const unsigned char* type_indexes = times + size_t{counts.timecnt} * time_size;
  const unsigned char* types = type_indexes + counts.timecnt;
  const unsigned char* chars = types + size_t{counts.typecnt} * 6;

  std::vector<Transition> type_list;
  type_list.reserve(counts.typecnt);
  for (uint32_t i = 0; i < counts.typecnt; ++i) {
    const unsigned char* t = types + size_t{i} * 6;
    uint32_t desig = t[5];
    if (desig >= counts.charcnt) return nullptr;
    const char* abbrev = reinterpret_cast<const char*>(chars) + desig;
    size_t len = strnlen(abbrev, counts.charcnt - desig);
    type_list.push_back(
        Transition{0, static_cast<int32_t>(ReadBe32(t)), t[4] != 0, std::string(abbrev, len)});
  }
  std::vector<uint8_t> type_of;
  std::vector<Transition> transitions;
  transitions.reserve(counts.timecnt);
  for (uint32_t i = 0; i < counts.timecnt; ++i) {
    int64_t at = time_size == 8 ? ReadBe64(times + size_t{i} * 8)
                                : static_cast<int32_t>(ReadBe32(times + size_t{i} * 4));
    uint8_t type = type_indexes[i];
    if (type >= counts.typecnt) return nullptr;
    if (!transitions.empty() && at <= transitions.back().at_utc_seconds) return nullptr;
    Transition tr = type_list[type];
    tr.at_utc_seconds = at;
    transitions.push_back(std::move(tr));
    type_of.push_back(type);
  }

  std::string footer;
  if (version >= '2') {
    size_t footer_start = offset + size;
    if (footer_start < data.size() && data[footer_start] == '\n') {
      size_t footer_end = data.find('\n', footer_start + 1);
      if (footer_end != std::string::npos)
        footer = data.substr(footer_start + 1, footer_end - footer_start - 1);
    }
  }
  PosixSpec spec;
  if (!footer.empty() && PosixParser(footer).Parse(&spec)) {
    // zic may end the table with no-op transitions; tzcode drops them before appending the
    // footer's, and so do we.
    while (type_of.size() > 1 && type_of[type_of.size() - 1] == type_of[type_of.size() - 2]) {
      type_of.pop_back();
      transitions.pop_back();
    }
  } else {
    footer.clear();
  }
  Transition initial = type_list[0];
  initial.at_utc_seconds = std::numeric_limits<int64_t>::min();
  return std::make_shared<TimeZone>(std::move(name), std::move(transitions), std::move(initial), footer);
}

std::string ZoneDirectory() {
  const char* dir = std::getenv("TZDIR");
  return (dir != nullptr && dir[0] != '\0') ? dir : "/usr/share/zoneinfo";
}

bool IsRegularFile(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// Finds the entry of `dir` equal to `component` ignoring case, as PostgreSQL's
// scan_directory_ci() does (skipping dot files, so ".." never matches).
bool FindInDirectory(const std::string& dir, std::string_view component, std::string* found) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return false;
  bool ok = false;
  while (struct dirent* entry = ::readdir(d)) {
    if (entry->d_name[0] == '.') continue;
    if (EqualsIgnoreCase(entry->d_name, component)) {
      *found = entry->d_name;
      ok = true;
      break;
    }
  }
  ::closedir(d);
  return ok;
}

// Loads the tzdata file `name` (matched case-insensitively); the zone is named as the file is.
std::shared_ptr<const TimeZone> LoadZoneFile(std::string_view name) {
  std::vector<std::string_view> components;
  size_t start = 0;
  while (true) {
    size_t slash = name.find('/', start);
    std::string_view part = name.substr(start, slash == std::string_view::npos ? slash : slash - start);
    if (part.empty() || part[0] == '.') return nullptr;
    components.push_back(part);
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string dir = ZoneDirectory();
  std::string path = dir + "/" + std::string(name);
  std::string canonical(name);
  if (!IsRegularFile(path)) {
    path = dir;
    canonical.clear();
    for (std::string_view part : components) {
      std::string entry;
      if (!FindInDirectory(path, part, &entry)) return nullptr;
      path += "/" + entry;
      if (!canonical.empty()) canonical += "/";
      canonical += entry;
    }
    if (!IsRegularFile(path)) return nullptr;
  }
  std::string data;
  if (!ReadSmallFile(path, &data)) return nullptr;
  return ParseTzif(std::move(canonical), data);
}

// Builds a zone from a POSIX TZ string alone.
std::shared_ptr<const TimeZone> MakePosixZone(const std::string& upper_name) {
  PosixSpec spec;
  if (!PosixParser(upper_name).Parse(&spec)) return nullptr;
  Transition initial{std::numeric_limits<int64_t>::min(), spec.std_offset, false, spec.std_abbrev};
  return std::make_shared<TimeZone>(upper_name, std::vector<Transition>{}, std::move(initial), upper_name);
}

struct AbbrevEntry {
  const char* name;  // lower case, as PostgreSQL's table keeps them
  int32_t offset;    // seconds east of UTC
  bool is_dst;
  const char* zone;  // set for a dynamic abbreviation
};

// PostgreSQL 15's "Default" timezone_abbreviations set, sorted by name.
constexpr AbbrevEntry kAbbreviations[] = {
    {"acdt", 37800, true, nullptr},
    {"acsst", 37800, true, nullptr},
    {"acst", 34200, false, nullptr},
    {"act", -18000, false, nullptr},
    {"acwst", 31500, false, nullptr},
    {"adt", -10800, true, nullptr},
    {"aedt", 39600, true, nullptr},
    {"aesst", 39600, true, nullptr},
    {"aest", 36000, false, nullptr},
    {"aft", 16200, false, nullptr},
    {"akdt", -28800, true, nullptr},
    {"akst", -32400, false, nullptr},
    {"almst", 25200, true, nullptr},
    {"almt", 21600, false, nullptr},
    {"amst", 0, false, "Asia/Yerevan"},
    {"amt", -14400, false, nullptr},
    {"anast", 0, false, "Asia/Anadyr"},
    {"anat", 0, false, "Asia/Anadyr"},
    {"arst", 0, false, "America/Argentina/Buenos_Aires"},
    {"art", 0, false, "America/Argentina/Buenos_Aires"},
    {"ast", -14400, false, nullptr},
    {"awsst", 32400, true, nullptr},
    {"awst", 28800, false, nullptr},
    {"azost", 0, true, nullptr},
    {"azot", -3600, false, nullptr},
    {"azst", 0, false, "Asia/Baku"},
    {"azt", 0, false, "Asia/Baku"},
    {"bdst", 7200, true, nullptr},
    {"bdt", 21600, false, nullptr},
    {"bnt", 28800, false, nullptr},
    {"bort", 28800, false, nullptr},
    {"bot", -14400, false, nullptr},
    {"bra", -10800, false, nullptr},
    {"brst", -7200, true, nullptr},
    {"brt", -10800, false, nullptr},
    {"bst", 3600, true, nullptr},
    {"btt", 21600, false, nullptr},
    {"cadt", 37800, true, nullptr},
    {"cast", 34200, false, nullptr},
    {"cct", 28800, false, nullptr},
    {"cdt", -18000, true, nullptr},
    {"cest", 7200, true, nullptr},
    {"cet", 3600, false, nullptr},
    {"cetdst", 7200, true, nullptr},
    {"chadt", 49500, true, nullptr},
    {"chast", 45900, false, nullptr},
    {"chut", 36000, false, nullptr},
    {"ckt", 0, false, "Pacific/Rarotonga"},
    {"clst", -10800, true, nullptr},
    {"clt", 0, false, "America/Santiago"},
    {"cot", -18000, false, nullptr},
    {"cst", -21600, false, nullptr},
    {"cxt", 25200, false, nullptr},
    {"davt", 0, false, "Antarctica/Davis"},
    {"ddut", 36000, false, nullptr},
    {"easst", 0, false, "Pacific/Easter"},
    {"east", 0, false, "Pacific/Easter"},
    {"eat", 10800, false, nullptr},
    {"edt", -14400, true, nullptr},
    {"eest", 10800, true, nullptr},
    {"eet", 7200, false, nullptr},
    {"eetdst", 10800, true, nullptr},
    {"egst", 0, true, nullptr},
    {"egt", -3600, false, nullptr},
    {"est", -18000, false, nullptr},
    {"fet", 10800, false, nullptr},
    {"fjst", 46800, true, nullptr},
    {"fjt", 43200, false, nullptr},
    {"fkst", 0, false, "Atlantic/Stanley"},
    {"fkt", 0, false, "Atlantic/Stanley"},
    {"fnst", -3600, true, nullptr},
    {"fnt", -7200, false, nullptr},
    {"galt", -21600, false, nullptr},
    {"gamt", -32400, false, nullptr},
    {"gest", 0, false, "Asia/Tbilisi"},
    {"get", 0, false, "Asia/Tbilisi"},
    {"gft", -10800, false, nullptr},
    {"gilt", 43200, false, nullptr},
    {"gmt", 0, false, nullptr},
    {"gyt", 0, false, "America/Guyana"},
    {"hkt", 28800, false, nullptr},
    {"hst", -36000, false, nullptr},
    {"ict", 25200, false, nullptr},
    {"idt", 10800, true, nullptr},
    {"iot", 0, false, "Indian/Chagos"},
    {"irkst", 0, false, "Asia/Irkutsk"},
    {"irkt", 0, false, "Asia/Irkutsk"},
    {"irt", 12600, false, nullptr},
    {"ist", 7200, false, nullptr},
    {"jayt", 32400, false, nullptr},
    {"jst", 32400, false, nullptr},
    {"kdt", 36000, true, nullptr},
    {"kgst", 21600, true, nullptr},
    {"kgt", 0, false, "Asia/Bishkek"},
    {"kost", 0, false, "Pacific/Kosrae"},
    {"krast", 0, false, "Asia/Krasnoyarsk"},
    {"krat", 0, false, "Asia/Krasnoyarsk"},
    {"kst", 32400, false, nullptr},
    {"lhdt", 0, false, "Australia/Lord_Howe"},
    {"lhst", 37800, false, nullptr},
    {"ligt", 36000, false, nullptr},
    {"lint", 0, false, "Pacific/Kiritimati"},
    {"lkt", 0, false, "Asia/Colombo"},
    {"magst", 0, false, "Asia/Magadan"},
    {"magt", 0, false, "Asia/Magadan"},
    {"mart", -34200, false, nullptr},
    {"mawt", 0, false, "Antarctica/Mawson"},
    {"mdt", -21600, true, nullptr},
    {"mest", 7200, true, nullptr},
    {"mesz", 7200, true, nullptr},
    {"met", 3600, false, nullptr},
    {"metdst", 7200, true, nullptr},
    {"mez", 3600, false, nullptr},
    {"mht", 43200, false, nullptr},
    {"mmt", 23400, false, nullptr},
    {"mpt", 36000, false, nullptr},
    {"msd", 14400, true, nullptr},
    {"msk", 0, false, "Europe/Moscow"},
    {"mst", -25200, false, nullptr},
    {"must", 18000, true, nullptr},
    {"mut", 14400, false, nullptr},
    {"mvt", 18000, false, nullptr},
    {"myt", 28800, false, nullptr},
    {"ndt", -9000, true, nullptr},
    {"nft", -12600, false, nullptr},
    {"novst", 0, false, "Asia/Novosibirsk"},
    {"novt", 0, false, "Asia/Novosibirsk"},
    {"npt", 20700, false, nullptr},
    {"nst", -12600, false, nullptr},
    {"nut", 0, false, "Pacific/Niue"},
    {"nzdt", 46800, true, nullptr},
    {"nzst", 43200, false, nullptr},
    {"nzt", 43200, false, nullptr},
    {"omsst", 0, false, "Asia/Omsk"},
    {"omst", 0, false, "Asia/Omsk"},
    {"pdt", -25200, true, nullptr},
    {"pet", -18000, false, nullptr},
    {"petst", 0, false, "Asia/Kamchatka"},
    {"pett", 0, false, "Asia/Kamchatka"},
    {"pgt", 36000, false, nullptr},
    {"pht", 28800, false, nullptr},
    {"pkst", 21600, true, nullptr},
    {"pkt", 18000, false, nullptr},
    {"pmdt", -7200, true, nullptr},
    {"pmst", -10800, false, nullptr},
    {"pont", 39600, false, nullptr},
    {"pst", -28800, false, nullptr},
    {"pwt", 32400, false, nullptr},
    {"pyst", -10800, true, nullptr},
    {"pyt", 0, false, "America/Asuncion"},
    {"ret", 14400, false, nullptr},
    {"sadt", 37800, true, nullptr},
    {"sast", 7200, false, nullptr},
    {"sct", 14400, false, nullptr},
    {"sgt", 0, false, "Asia/Singapore"},
    {"taht", -36000, false, nullptr},
    {"tft", 18000, false, nullptr},
    {"tjt", 18000, false, nullptr},
    {"tkt", 0, false, "Pacific/Fakaofo"},
    {"tmt", 0, false, "Asia/Ashgabat"},
    {"tot", 46800, false, nullptr},
    {"trut", 36000, false, nullptr},
    {"tvt", 43200, false, nullptr},
    {"uct", 0, false, nullptr},
    {"ulast", 32400, true, nullptr},
    {"ulat", 0, false, "Asia/Ulaanbaatar"},
    {"ut", 0, false, nullptr},
    {"utc", 0, false, nullptr},
    {"uyst", -7200, true, nullptr},
    {"uyt", -10800, false, nullptr},
    {"uzst", 21600, true, nullptr},
    {"uzt", 18000, false, nullptr},
    {"vet", 0, false, "America/Caracas"},
    {"vlast", 0, false, "Asia/Vladivostok"},
    {"vlat", 0, false, "Asia/Vladivostok"},
    {"volt", 0, false, "Europe/Volgograd"},
    {"vut", 39600, false, nullptr},
    {"wadt", 28800, true, nullptr},
    {"wakt", 43200, false, nullptr},
    {"wast", 25200, false, nullptr},
    {"wat", 3600, false, nullptr},
    {"wdt", 32400, true, nullptr},
    {"wet", 0, false, nullptr},
    {"wetdst", 3600, true, nullptr},
    {"wft", 43200, false, nullptr},
    {"wgst", -7200, true, nullptr},
    {"wgt", -10800, false, nullptr},
    {"xjt", 21600, false, nullptr},
    {"yakst", 0, false, "Asia/Yakutsk"},
    {"yakt", 0, false, "Asia/Yakutsk"},
    {"yapt", 36000, false, nullptr},
    {"yekst", 21600, true, nullptr},
    {"yekt", 0, false, "Asia/Yekaterinburg"},
    {"z", 0, false, nullptr},
    {"zulu", 0, false, nullptr},
};

const AbbrevEntry* FindAbbrevEntry(std::string_view abbrev) {
  char lower[16];
  if (abbrev.empty() || abbrev.size() >= sizeof(lower)) return nullptr;
  for (size_t i = 0; i < abbrev.size(); ++i) lower[i] = AsciiLower(abbrev[i]);
  std::string_view key(lower, abbrev.size());
  const AbbrevEntry* begin = std::begin(kAbbreviations);
  const AbbrevEntry* end = std::end(kAbbreviations);
  const AbbrevEntry* it = std::lower_bound(
      begin, end, key, [](const AbbrevEntry& e, std::string_view k) { return std::string_view(e.name) < k; });
  if (it == end || std::string_view(it->name) != key) return nullptr;
  return it;
}

class ZoneCache {
 public:
  // Returns the cached result for `key`, computing it with `load` (under the lock) if absent.
  template <typename Load>
  std::shared_ptr<const TimeZone> Get(const std::string& key, Load load) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = zones_.find(key);
    if (it != zones_.end()) return it->second;
    std::shared_ptr<const TimeZone> zone = load();
    if (zone != nullptr || zones_.size() < kMaxCachedZones) zones_.emplace(key, zone);
    return zone;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const TimeZone>> zones_;  // guarded by mutex_
};

ZoneCache& Cache() {
  static ZoneCache* cache = new ZoneCache();
  return *cache;
}

// Parses `text` the way strtod() must consume it whole for PostgreSQL to read a TimeZone
// setting as a number of hours.
bool ParseWholeDouble(std::string_view text, double* out) {
  size_t i = 0;
  while (i < text.size() && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r'))) ++i;
  std::string_view rest = text.substr(i);
  bool negative = false;
  if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
    negative = rest[0] == '-';
    rest.remove_prefix(1);
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) return false;
  }
  if (rest.empty()) return false;
  double value = 0;
  auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), value);
  if (ec != std::errc() || ptr != rest.data() + rest.size()) return false;
  *out = negative ? -value : value;
  return true;
}

}  // namespace

struct TimeZone::PosixRule : PosixSpec {};

TimeZone::TimeZone(std::string name, int32_t fixed_offset)
    : name_(std::move(name)), fixed_offset_(fixed_offset) {
  bool alphabetic = !name_.empty() && std::all_of(name_.begin(), name_.end(), IsAlpha);
  initial_ = Transition{std::numeric_limits<int64_t>::min(), fixed_offset, false,
                        alphabetic ? name_ : FormatOffsetAbbrev(fixed_offset)};
}

TimeZone::TimeZone(std::string name, std::vector<Transition> transitions, Transition initial,
                   std::string posix_rule)
    : name_(std::move(name)),
      fixed_offset_(initial.offset),
      transitions_(std::move(transitions)),
      initial_(std::move(initial)),
      posix_rule_(std::move(posix_rule)) {
  if (!posix_rule_.empty()) {
    auto rule = std::make_shared<PosixRule>();
    if (PosixParser(posix_rule_).Parse(rule.get())) {
      if (rule->has_dst && RuleIsAlwaysDst(*rule)) {
        rule->has_dst = false;
        rule->std_offset = rule->dst_offset;
        rule->std_abbrev = rule->dst_abbrev;
      }
      rule->FillTypes();
      if (rule->has_dst && !transitions_.empty()) {
        // Materialize the rule's transitions for the next few centuries, as tzcode does, so
        // that lookups are binary searches; past them the rule is evaluated directly. (A zone
        // of a rule alone keeps evaluating it, in the past too.)
        int64_t last = transitions_.back().at_utc_seconds;
        int32_t first_year = YearOfUnixSeconds(last);
        for (int32_t year = first_year; year <= kMaterializeUntilYear; ++year) {
          RuleTransition pair[2];
          RuleTransitionsOfYear(*rule, year, pair);
          for (const RuleTransition& rt : pair) {
            if (rt.at <= last) continue;
            Transition tr = rt.to_dst ? rule->dst_type : rule->std_type;
            tr.at_utc_seconds = rt.at;
            transitions_.push_back(std::move(tr));
            last = rt.at;
          }
        }
      }
      rule_ = std::move(rule);
      if (transitions_.empty() && !rule_->has_dst) {
        // A zone of the rule alone: its standard time is all there is.
        initial_.offset = rule_->std_offset;
        initial_.abbrev = rule_->std_abbrev;
        initial_.is_dst = false;
      }
    }
  }
  if (transitions_.empty()) fixed_offset_ = initial_.offset;
}

const TimeZone& TimeZone::Utc() {
  static const TimeZone* utc = new TimeZone("UTC", 0);
  return *utc;
}

std::shared_ptr<const TimeZone> TimeZone::FindNamed(std::string_view name) {
  if (name.empty() || name.size() > kMaxZoneNameLength || name.find('\0') != std::string_view::npos) {
    return nullptr;
  }
  std::string upper = ToUpper(name);
  return Cache().Get(upper, [&]() -> std::shared_ptr<const TimeZone> {
    if (upper == "GMT") return std::make_shared<TimeZone>("GMT", 0);
    std::shared_ptr<const TimeZone> zone = LoadZoneFile(name);
    if (zone == nullptr && upper[0] != ':') zone = MakePosixZone(upper);
    return zone;
  });
}

std::shared_ptr<const TimeZone> TimeZone::Find(std::string_view name) {
  // PostgreSQL's check_timezone(): a number is hours east of UTC (ISO sign), anything else a
  // zone name or POSIX spec (POSIX sign, so "UTC+3" is three hours west).
  if (name.size() >= 8 && EqualsIgnoreCase(name.substr(0, 8), "interval")) return nullptr;
  double hours = 0;
  if (ParseWholeDouble(name, &hours)) {
    if (!std::isfinite(hours) || std::fabs(hours) >= 168) return nullptr;
    auto west = static_cast<int64_t>(-hours * 3600);
    int64_t abs = west < 0 ? -west : west;
    char offset[32];
    int n = std::snprintf(offset, sizeof(offset), "%02lld", static_cast<long long>(abs / 3600));
    abs %= 3600;
    if (abs != 0) {
      n += std::snprintf(offset + n, sizeof(offset) - n, ":%02lld", static_cast<long long>(abs / 60));
      abs %= 60;
      if (abs != 0) std::snprintf(offset + n, sizeof(offset) - n, ":%02lld", static_cast<long long>(abs));
    }
    std::string posix =
        west > 0 ? "<-" + std::string(offset) + ">+" + offset : "<+" + std::string(offset) + ">-" + offset;
    return FindNamed(posix);
  }
  return FindNamed(name);
}

bool TimeZone::LookupAbbreviation(std::string_view abbrev, Abbreviation* out) {
  const AbbrevEntry* entry = FindAbbrevEntry(abbrev);
  if (entry == nullptr) return false;
  out->offset = entry->offset;
  out->is_dst = entry->is_dst;
  out->zone = nullptr;
  if (entry->zone != nullptr) {
    out->zone = FindNamed(entry->zone);
    if (out->zone == nullptr) return false;
  }
  return true;
}

std::shared_ptr<const TimeZone> TimeZone::FindNameOrAbbrev(std::string_view name) {
  const AbbrevEntry* entry = FindAbbrevEntry(name);
  if (entry == nullptr) return FindNamed(name);
  if (entry->zone != nullptr) return FindNamed(entry->zone);
  // Keyed apart from zone names, which are upper case and never start with a tab.
  std::string key = "\t" + ToUpper(name);
  return Cache().Get(key, [&]() -> std::shared_ptr<const TimeZone> {
    return std::make_shared<TimeZone>(ToUpper(name), entry->offset);
  });
}

int32_t TimeZone::OffsetAtUtc(int64_t utc_micros, std::string* abbrev) const {
  const Transition* type = &initial_;
  if (!transitions_.empty() || (rule_ != nullptr && rule_->has_dst)) {
    const PosixSpec* rule = (rule_ != nullptr && rule_->has_dst) ? rule_.get() : nullptr;
    ZoneRules z{transitions_, initial_, rule};
    type = &TypeAt(z, FloorDiv(utc_micros, kMicrosPerSec) + kEpochOffsetSecs);
  }
  if (abbrev != nullptr) *abbrev = type->abbrev;
  return type->offset;
}

int32_t TimeZone::OffsetForLocal(int64_t local_micros) const {
  if (transitions_.empty() && (rule_ == nullptr || !rule_->has_dst)) return initial_.offset;
  const PosixSpec* rule = (rule_ != nullptr && rule_->has_dst) ? rule_.get() : nullptr;
  ZoneRules z{transitions_, initial_, rule};
  // PostgreSQL's DetermineTimeZoneOffset(): take the local time as if it were UTC, look for a
  // boundary within the day before, and settle gaps and overlaps by comparing the two readings.
  int64_t mytime = FloorDiv(local_micros, kMicrosPerSec) + kEpochOffsetSecs;
  const Transition* before = nullptr;
  const Transition* after = nullptr;
  int64_t boundary = 0;
  if (!NextBoundary(z, mytime - kSecsPerDay, &before, &boundary, &after)) return before->offset;
  int64_t before_time = mytime - before->offset;
  int64_t after_time = mytime - after->offset;
  if (before_time < boundary && after_time < boundary) return before->offset;
  if (before_time > boundary && after_time >= boundary) return after->offset;
  // In a gap (spring forward) this picks the earlier offset, in an overlap (fall back) the
  // later one; either way the reading that is later in UTC wins.
  return before_time > after_time ? before->offset : after->offset;
}

int64_t TimeZone::UtcToLocal(int64_t utc_micros) const {
  if (utc_micros == std::numeric_limits<int64_t>::min() ||
      utc_micros == std::numeric_limits<int64_t>::max()) {
    return utc_micros;
  }
  return utc_micros + int64_t{OffsetAtUtc(utc_micros)} * kMicrosPerSec;
}

int64_t TimeZone::LocalToUtc(int64_t local_micros) const {
  if (local_micros == std::numeric_limits<int64_t>::min() ||
      local_micros == std::numeric_limits<int64_t>::max()) {
    return local_micros;
  }
  return local_micros - int64_t{OffsetForLocal(local_micros)} * kMicrosPerSec;
}

bool TimeZone::InterpretAbbreviation(int64_t utc_micros, std::string_view abbrev, int32_t* offset,
                                     bool* is_dst) const {
  std::string upper = ToUpper(abbrev);
  int64_t t = FloorDiv(utc_micros, kMicrosPerSec) + kEpochOffsetSecs;
  auto matches = [&](const Transition& tr) {
    if (tr.abbrev != upper) return false;
    *offset = tr.offset;
    *is_dst = tr.is_dst;
    return true;
  };
  // Past the table the footer rule's types are the newest meanings.
  bool beyond_table = transitions_.empty() || t >= transitions_.back().at_utc_seconds;
  if (beyond_table && rule_ != nullptr) {
    if (rule_->has_dst && rule_->dst_abbrev == upper) {
      *offset = rule_->dst_offset;
      *is_dst = true;
      return true;
    }
    if (rule_->std_abbrev == upper) {
      *offset = rule_->std_offset;
      *is_dst = false;
      return true;
    }
  }
  auto cutoff = std::upper_bound(transitions_.begin(), transitions_.end(), t,
                                 [](int64_t v, const Transition& x) { return v < x.at_utc_seconds; });
  for (auto it = cutoff; it != transitions_.begin();) {
    --it;
    if (matches(*it)) return true;
  }
  for (auto it = cutoff; it != transitions_.end(); ++it) {
    if (matches(*it)) return true;
  }
  if (rule_ != nullptr) {
    if (rule_->has_dst && rule_->dst_abbrev == upper) {
      *offset = rule_->dst_offset;
      *is_dst = true;
      return true;
    }
    if (rule_->std_abbrev == upper) {
      *offset = rule_->std_offset;
      *is_dst = false;
      return true;
    }
  }
  return false;
}

}  // namespace stockroom
