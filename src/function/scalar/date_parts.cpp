#include "function/scalar/date_parts.hpp"

#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "main/client_context.hpp"

namespace stockroom {
namespace date_parts {
namespace {

// PostgreSQL compares unit names on their first TOKMAXLEN characters, so "microseconds"
// matches the entry "microsecon".
constexpr size_t kTokenMaxLength = 10;
// downcase_truncate_identifier keeps NAMEDATALEN - 1 bytes.
constexpr size_t kMaxIdentifierLength = 63;

struct UnitToken {
  const char* token;
  UnitKind kind;
  DatePart part;
};

// PostgreSQL's deltatktbl (the UNITS entries), plus Redshift's datepart abbreviations that
// PostgreSQL does not know (cents, qtrs, dw, dayofweek, weekday, dy, dayofyear, yearday,
// millisec(s), microsec(s)); none of them means anything else in PostgreSQL.
constexpr UnitToken kUnitTokens[] = {
    {"c", UnitKind::kUnits, DatePart::kCentury},
    {"cent", UnitKind::kUnits, DatePart::kCentury},
    {"centuries", UnitKind::kUnits, DatePart::kCentury},
    {"century", UnitKind::kUnits, DatePart::kCentury},
    {"d", UnitKind::kUnits, DatePart::kDay},
    {"day", UnitKind::kUnits, DatePart::kDay},
    {"days", UnitKind::kUnits, DatePart::kDay},
    {"dec", UnitKind::kUnits, DatePart::kDecade},
    {"decade", UnitKind::kUnits, DatePart::kDecade},
    {"decades", UnitKind::kUnits, DatePart::kDecade},
    {"decs", UnitKind::kUnits, DatePart::kDecade},
    {"h", UnitKind::kUnits, DatePart::kHour},
    {"hour", UnitKind::kUnits, DatePart::kHour},
    {"hours", UnitKind::kUnits, DatePart::kHour},
    {"hr", UnitKind::kUnits, DatePart::kHour},
    {"hrs", UnitKind::kUnits, DatePart::kHour},
    {"m", UnitKind::kUnits, DatePart::kMinute},
    {"microsecon", UnitKind::kUnits, DatePart::kMicrosecond},
    {"mil", UnitKind::kUnits, DatePart::kMillennium},
    {"millennia", UnitKind::kUnits, DatePart::kMillennium},
    {"millennium", UnitKind::kUnits, DatePart::kMillennium},
    {"millisecon", UnitKind::kUnits, DatePart::kMillisecond},
    {"mils", UnitKind::kUnits, DatePart::kMillennium},
    {"min", UnitKind::kUnits, DatePart::kMinute},
    {"mins", UnitKind::kUnits, DatePart::kMinute},
    {"minute", UnitKind::kUnits, DatePart::kMinute},
    {"minutes", UnitKind::kUnits, DatePart::kMinute},
    {"mon", UnitKind::kUnits, DatePart::kMonth},
    {"mons", UnitKind::kUnits, DatePart::kMonth},
    {"month", UnitKind::kUnits, DatePart::kMonth},
    {"months", UnitKind::kUnits, DatePart::kMonth},
    {"ms", UnitKind::kUnits, DatePart::kMillisecond},
    {"msec", UnitKind::kUnits, DatePart::kMillisecond},
    {"msecond", UnitKind::kUnits, DatePart::kMillisecond},
    {"mseconds", UnitKind::kUnits, DatePart::kMillisecond},
    {"msecs", UnitKind::kUnits, DatePart::kMillisecond},
    {"qtr", UnitKind::kUnits, DatePart::kQuarter},
    {"quarter", UnitKind::kUnits, DatePart::kQuarter},
    {"s", UnitKind::kUnits, DatePart::kSecond},
    {"sec", UnitKind::kUnits, DatePart::kSecond},
    {"second", UnitKind::kUnits, DatePart::kSecond},
    {"seconds", UnitKind::kUnits, DatePart::kSecond},
    {"secs", UnitKind::kUnits, DatePart::kSecond},
    {"timezone", UnitKind::kUnits, DatePart::kTimezone},
    {"timezone_h", UnitKind::kUnits, DatePart::kTimezoneHour},
    {"timezone_m", UnitKind::kUnits, DatePart::kTimezoneMinute},
    {"us", UnitKind::kUnits, DatePart::kMicrosecond},
    {"usec", UnitKind::kUnits, DatePart::kMicrosecond},
    {"usecond", UnitKind::kUnits, DatePart::kMicrosecond},
    {"useconds", UnitKind::kUnits, DatePart::kMicrosecond},
    {"usecs", UnitKind::kUnits, DatePart::kMicrosecond},
    {"w", UnitKind::kUnits, DatePart::kWeek},
    {"week", UnitKind::kUnits, DatePart::kWeek},
    {"weeks", UnitKind::kUnits, DatePart::kWeek},
    {"y", UnitKind::kUnits, DatePart::kYear},
    {"year", UnitKind::kUnits, DatePart::kYear},
    {"years", UnitKind::kUnits, DatePart::kYear},
    {"yr", UnitKind::kUnits, DatePart::kYear},
    {"yrs", UnitKind::kUnits, DatePart::kYear},
    // Redshift.
    {"cents", UnitKind::kUnits, DatePart::kCentury},
    {"quarters", UnitKind::kUnits, DatePart::kQuarter},
    {"qtrs", UnitKind::kUnits, DatePart::kQuarter},
    {"dayofweek", UnitKind::kUnits, DatePart::kDow},
    {"dw", UnitKind::kUnits, DatePart::kDow},
    {"weekday", UnitKind::kUnits, DatePart::kDow},
    {"dayofyear", UnitKind::kUnits, DatePart::kDoy},
    {"dy", UnitKind::kUnits, DatePart::kDoy},
    {"yearday", UnitKind::kUnits, DatePart::kDoy},
    {"millisec", UnitKind::kUnits, DatePart::kMillisecond},
    {"millisecs", UnitKind::kUnits, DatePart::kMillisecond},
    {"microsec", UnitKind::kUnits, DatePart::kMicrosecond},
    {"microsecs", UnitKind::kUnits, DatePart::kMicrosecond},
};

// The entries of PostgreSQL's datetktbl that DecodeSpecial returns as UNITS or RESERV (its
// other words - month and day names, am/pm, ad/bc - are "not recognized" as units).
constexpr UnitToken kSpecialTokens[] = {
    {"-infinity", UnitKind::kReserved, DatePart::kOtherReserved},
    {"allballs", UnitKind::kReserved, DatePart::kOtherReserved},
    {"d", UnitKind::kUnits, DatePart::kDay},
    {"dow", UnitKind::kUnits, DatePart::kDow},
    {"doy", UnitKind::kUnits, DatePart::kDoy},
    {"epoch", UnitKind::kReserved, DatePart::kEpoch},
    {"h", UnitKind::kUnits, DatePart::kHour},
    {"infinity", UnitKind::kReserved, DatePart::kOtherReserved},
    {"isodow", UnitKind::kUnits, DatePart::kIsoDow},
    {"isoyear", UnitKind::kUnits, DatePart::kIsoYear},
    {"j", UnitKind::kUnits, DatePart::kJulian},
    {"jd", UnitKind::kUnits, DatePart::kJulian},
    {"julian", UnitKind::kUnits, DatePart::kJulian},
    {"m", UnitKind::kUnits, DatePart::kMonth},
    {"mm", UnitKind::kUnits, DatePart::kMinute},
    {"now", UnitKind::kReserved, DatePart::kOtherReserved},
    {"s", UnitKind::kUnits, DatePart::kSecond},
    {"today", UnitKind::kReserved, DatePart::kOtherReserved},
    {"tomorrow", UnitKind::kReserved, DatePart::kOtherReserved},
    {"y", UnitKind::kUnits, DatePart::kYear},
    {"yesterday", UnitKind::kReserved, DatePart::kOtherReserved},
};

// Lower-cases ASCII letters and keeps at most 63 bytes, backing off to a UTF-8 boundary.
std::string LowerIdentifier(std::string_view text) {
  size_t len = text.size();
  if (len > kMaxIdentifierLength) {
    len = kMaxIdentifierLength;
    while (len > 0 && (static_cast<unsigned char>(text[len]) & 0xC0) == 0x80) len--;
  }
  std::string out(text.substr(0, len));
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool TokenMatches(std::string_view key, const char* token) {
  std::string_view t(token);
  if (t.size() >= kTokenMaxLength)
    return key.size() >= kTokenMaxLength && key.substr(0, kTokenMaxLength) == t;
  return key == t;
}

template <size_t N>
const UnitToken* FindToken(const UnitToken (&table)[N], std::string_view key) {
  for (const UnitToken& t : table) {
    if (TokenMatches(key, t.token)) return &t;
  }
  return nullptr;
}

}  // namespace

UnitSpec LookupTruncUnit(std::string_view text) {
  UnitSpec spec;
  spec.name = LowerIdentifier(text);
  if (const UnitToken* t = FindToken(kUnitTokens, spec.name)) {
    spec.kind = t->kind;
    spec.part = t->part;
  }
  return spec;
}

UnitSpec LookupExtractUnit(std::string_view text) {
  UnitSpec spec;
  spec.name = LowerIdentifier(text);
  const UnitToken* t = FindToken(kUnitTokens, spec.name);
  if (t == nullptr) t = FindToken(kSpecialTokens, spec.name);
  if (t != nullptr) {
    spec.kind = t->kind;
    spec.part = t->part;
  }
  return spec;
}

void ThrowUnitNotRecognized(const UnitSpec& spec, const char* type_name) {
  throw SqlError(ErrorCode::kInvalidParameterValue,
                 "unit \"" + spec.name + "\" not recognized for type " + type_name);
}

void ThrowUnitNotSupported(const UnitSpec& spec, const char* type_name) {
  throw SqlError(ErrorCode::kFeatureNotSupported,
                 "unit \"" + spec.name + "\" not supported for type " + type_name);
}

void ThrowTimestampOutOfRange() {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow, "timestamp out of range");
}

void ThrowIntervalOutOfRange() { throw SqlError(ErrorCode::kDatetimeFieldOverflow, "interval out of range"); }

namespace {

// PostgreSQL builds with -fwrapv, so its int arithmetic wraps on the absurd field values an
// interval can feed these routines; int64 arithmetic truncated to 32 bits gives the same
// results without undefined behaviour.
int32_t Wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

}  // namespace

int32_t DateToJulian(int32_t year, int32_t month, int32_t day) {
  // PostgreSQL's date2j.
  int64_t y = year;
  int64_t m = month;
  if (m > 2) {
    m += 1;
    y += 4800;
  } else {
    m += 13;
    y += 4799;
  }
  int64_t century = Wrap32(y) / 100;
  int64_t julian = y * 365 - 32167;
  julian += Wrap32(y) / 4 - century + century / 4;
  julian += int64_t{Wrap32(7834 * m) / 256} + day;
  return Wrap32(julian);
}

void JulianToDate(int32_t julian_day, int32_t* year, int32_t* month, int32_t* day) {
  // PostgreSQL's j2date, which works in unsigned arithmetic.
  uint32_t julian = static_cast<uint32_t>(julian_day);
  julian += 32044;
  uint32_t quad = julian / 146097;
  uint32_t extra = (julian - quad * 146097) * 4 + 3;
  julian += 60 + quad * 3 + extra / 146097;
  quad = julian / 1461;
  julian -= quad * 1461;
  int32_t y = static_cast<int32_t>(julian * 4 / 1461);
  julian = ((y != 0) ? ((julian + 305) % 365) : ((julian + 306) % 366)) + 123;
  y += static_cast<int32_t>(quad * 4);
  *year = y - 4800;
  quad = julian * 2141 / 65536;
  *day = static_cast<int32_t>(julian - 7834 * quad / 256);
  *month = static_cast<int32_t>((quad + 10) % 12 + 1);
}

int32_t JulianToWeekday(int32_t julian) {
  int32_t d = Wrap32(int64_t{julian} + 1) % 7;
  return d < 0 ? d + 7 : d;
}

int32_t IsoWeek(int32_t year, int32_t month, int32_t day) {
  int32_t dayn = DateToJulian(year, month, day);
  int32_t day4 = DateToJulian(year, 1, 4);
  int32_t day0 = JulianToWeekday(Wrap32(int64_t{day4} - 1));
  // The first ISO week is the one containing January 4th (its first Thursday).
  if (dayn < Wrap32(int64_t{day4} - day0)) {
    day4 = DateToJulian(Wrap32(int64_t{year} - 1), 1, 4);
    day0 = JulianToWeekday(Wrap32(int64_t{day4} - 1));
  }
  int32_t result = Wrap32(int64_t{dayn} - Wrap32(int64_t{day4} - day0)) / 7 + 1;
  // The last days of December may belong to week 1 of the next year.
  if (result >= 52) {
    day4 = DateToJulian(Wrap32(int64_t{year} + 1), 1, 4);
    day0 = JulianToWeekday(Wrap32(int64_t{day4} - 1));
    if (dayn >= Wrap32(int64_t{day4} - day0))
      result = Wrap32(int64_t{dayn} - Wrap32(int64_t{day4} - day0)) / 7 + 1;
  }
  return result;
}

int32_t IsoYear(int32_t year, int32_t month, int32_t day) {
  int32_t dayn = DateToJulian(year, month, day);
  int32_t day4 = DateToJulian(year, 1, 4);
  int32_t day0 = JulianToWeekday(Wrap32(int64_t{day4} - 1));
  if (dayn < Wrap32(int64_t{day4} - day0)) {
    year = Wrap32(int64_t{year} - 1);
    day4 = DateToJulian(year, 1, 4);
    day0 = JulianToWeekday(Wrap32(int64_t{day4} - 1));
  }
  int32_t result = Wrap32(int64_t{dayn} - Wrap32(int64_t{day4} - day0)) / 7 + 1;
  if (result >= 52) {
    day4 = DateToJulian(Wrap32(int64_t{year} + 1), 1, 4);
    day0 = JulianToWeekday(Wrap32(int64_t{day4} - 1));
    if (dayn >= Wrap32(int64_t{day4} - day0)) year = Wrap32(int64_t{year} + 1);
  }
  return year;
}

int32_t IsoWeekToJulian(int32_t year, int32_t week) {
  int32_t day4 = DateToJulian(year, 1, 4);
  int32_t day0 = JulianToWeekday(Wrap32(int64_t{day4} - 1));
  return Wrap32((int64_t{week} - 1) * 7 + (int64_t{day4} - day0));
}

int32_t IsoYearDay(int32_t year, int32_t month, int32_t day) {
  return Wrap32(int64_t{DateToJulian(year, month, day)} - IsoWeekToJulian(IsoYear(year, month, day), 1) + 1);
}

int64_t RoundToPrecision(int64_t ts, int32_t precision) {
  if (precision >= 6 || precision < 0 || !IsFinite(ts)) return ts;
  static constexpr int64_t kScales[6] = {1000000, 100000, 10000, 1000, 100, 10};
  int64_t scale = kScales[precision];
  int64_t offset = scale / 2;
  return ts >= 0 ? ((ts + offset) / scale) * scale : -((((-ts) + offset) / scale) * scale);
}

BrokenDown BreakDown(int64_t local) {
  BrokenDown b;
  int64_t tod;
  date_time::SplitTimestamp(local, &b.days, &tod);
  date_time::Civil c = date_time::CivilFromDays(b.days);
  date_time::CivilTime t = date_time::CivilTimeFromMicros(tod);
  b.year = c.year;
  b.month = c.month;
  b.day = c.day;
  b.hour = t.hour;
  b.minute = t.minute;
  b.second = t.second;
  b.micros = t.micros;
  return b;
}

IntervalFields SplitInterval(const Interval& iv) {
  IntervalFields f;
  f.year = iv.months / 12;
  f.month = iv.months % 12;
  f.day = iv.days;
  int64_t time = iv.micros;
  f.hour = time / Interval::kMicrosPerHour;
  time -= f.hour * Interval::kMicrosPerHour;
  f.minute = static_cast<int32_t>(time / Interval::kMicrosPerMinute);
  time -= int64_t{f.minute} * Interval::kMicrosPerMinute;
  f.second = static_cast<int32_t>(time / Interval::kMicrosPerSecond);
  f.micros = static_cast<int32_t>(time - int64_t{f.second} * Interval::kMicrosPerSecond);
  return f;
}

Interval JoinInterval(const IntervalFields& f) {
  Interval out;
  int64_t months = int64_t{f.year} * 12 + f.month;
  if (months < INT32_MIN || months > INT32_MAX) ThrowIntervalOutOfRange();
  out.months = static_cast<int32_t>(months);
  out.days = f.day;
  int64_t micros;
  if (__builtin_mul_overflow(f.hour, Interval::kMicrosPerHour, &micros) ||
      __builtin_add_overflow(micros, int64_t{f.minute} * Interval::kMicrosPerMinute, &micros) ||
      __builtin_add_overflow(micros, int64_t{f.second} * Interval::kMicrosPerSecond, &micros) ||
      __builtin_add_overflow(micros, int64_t{f.micros}, &micros)) {
    ThrowIntervalOutOfRange();
  }
  out.micros = micros;
  return out;
}

const TimeZone& SessionZone(const ExpressionState& state) {
  return state.context != nullptr ? state.context->time_zone() : TimeZone::Utc();
}

int64_t TransactionStart(const ExpressionState& state) {
  if (state.context == nullptr) throw InternalError("the current time is not available without a session");
  return state.context->transaction_start();
}

int64_t StatementStart(const ExpressionState& state) {
  if (state.context == nullptr) throw InternalError("the current time is not available without a session");
  return state.context->statement_start();
}

int64_t NamedZone::ToLocal(int64_t utc) const {
  if (!IsFinite(utc)) return utc;
  if (fixed) return utc + int64_t{fixed_offset} * Interval::kMicrosPerSecond;
  int32_t offset;
  bool is_dst;
  if (dynamic_abbrev.empty() || !zone->InterpretAbbreviation(utc, dynamic_abbrev, &offset, &is_dst)) {
    offset = zone->OffsetAtUtc(utc);
  }
  return utc + int64_t{offset} * Interval::kMicrosPerSecond;
}

int64_t NamedZone::ToUtc(int64_t local) const {
  if (!IsFinite(local)) return local;
  if (fixed) return local - int64_t{fixed_offset} * Interval::kMicrosPerSecond;
  int32_t offset = zone->OffsetForLocal(local);
  if (!dynamic_abbrev.empty()) {
    int32_t abbrev_offset;
    bool is_dst;
    if (zone->InterpretAbbreviation(local - int64_t{offset} * Interval::kMicrosPerSecond, dynamic_abbrev,
                                    &abbrev_offset, &is_dst)) {
      offset = abbrev_offset;
    }
  }
  return local - int64_t{offset} * Interval::kMicrosPerSecond;
}

NamedZone ResolveNamedZone(std::string_view name) {
  NamedZone out;
  TimeZone::Abbreviation abbrev;
  if (TimeZone::LookupAbbreviation(name, &abbrev)) {
    if (abbrev.zone == nullptr) {
      out.fixed = true;
      out.fixed_offset = abbrev.offset;
      out.zone = TimeZone::FindNameOrAbbrev(name);
    } else {
      out.zone = abbrev.zone;
      out.dynamic_abbrev.assign(name);
      for (char& c : out.dynamic_abbrev) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
    }
    if (out.zone != nullptr) return out;
  }
  out = NamedZone();
  out.zone = TimeZone::FindNamed(name);
  if (out.zone == nullptr) {
    throw SqlError(ErrorCode::kInvalidParameterValue,
                   "time zone \"" + std::string(name) + "\" not recognized");
  }
  return out;
}

}  // namespace date_parts
}  // namespace stockroom
