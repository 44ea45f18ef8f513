#include "common/types/date_time.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "common/error/exception.hpp"
#include "common/types/time_zone.hpp"

// The general parsers follow PostgreSQL 15's datetime.c closely (ParseDateTime splits the text
// into typed fields, DecodeDateTime / DecodeInterval interpret them), because users feed us
// text PostgreSQL accepted and expect the same values and the same errors back. They work on
// NUL-terminated fields in a stack buffer, as PostgreSQL's do, so the code stays comparable.

namespace stockroom {
namespace date_time {
namespace {

constexpr int64_t kMicrosPerSecond = Interval::kMicrosPerSecond;
constexpr int64_t kMicrosPerMinute = Interval::kMicrosPerMinute;
constexpr int64_t kMicrosPerHour = Interval::kMicrosPerHour;
constexpr int32_t kSecsPerDay = 86400;

// Ranges from PostgreSQL's datatype/timestamp.h. Julian day numbers are valid from
// 4714-11-24 BC; dates end before 5874898-01-01 and timestamps before 294277-01-01.
constexpr int32_t kPostgresEpochJdate = 2451545;
constexpr int32_t kJulianMinYear = -4713;
constexpr int32_t kJulianMinMonth = 11;
constexpr int32_t kJulianMaxYear = 5874898;
constexpr int32_t kJulianMaxMonth = 6;
constexpr int64_t kMinDate = -kPostgresEpochJdate;
constexpr int64_t kDateEnd = int64_t{2147483494} - kPostgresEpochJdate;
constexpr int64_t kMinTimestamp = -211813488000000000;
constexpr int64_t kEndTimestamp = 9223371331200000000;
// 1970-01-01 00:00:00 as a timestamp.
constexpr int64_t kEpochTimestamp = -int64_t{kUnixEpochOffsetDays} * kMicrosPerDay;

constexpr int kMaxDateLen = 128;    // MAXDATELEN
constexpr int kMaxDateFields = 25;  // MAXDATEFIELDS
constexpr int kTokMaxLen = 10;      // TOKMAXLEN
constexpr int kMaxTzDispHour = 15;  // MAX_TZDISP_HOUR

bool IsValidJulian(int64_t y, int64_t m) {
  return (y > kJulianMinYear || (y == kJulianMinYear && m >= kJulianMinMonth)) &&
         (y < kJulianMaxYear || (y == kJulianMaxYear && m < kJulianMaxMonth));
}
bool IsValidDateNumber(int64_t d) { return d >= kMinDate && d < kDateEnd; }
bool IsValidTimestamp(int64_t t) { return t >= kMinTimestamp && t < kEndTimestamp; }

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

// Days since 2000-01-01 of a proleptic Gregorian date, for any int32 year.
int64_t DaysFromCivil64(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = FloorDiv(y, 400);
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468 - kUnixEpochOffsetDays;
}

// C-locale character classes (PostgreSQL's parser runs them on bytes; non-ASCII is neither).
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool IsPunct(char c) { return c > 32 && c < 127 && !IsAlnum(c); }
char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// PostgreSQL's DTERR codes.
constexpr int kErrBadFormat = -1;
constexpr int kErrFieldOverflow = -2;
constexpr int kErrMdFieldOverflow = -3;
constexpr int kErrIntervalOverflow = -4;
constexpr int kErrTzDispOverflow = -5;

// Field types assigned by ParseDateTime, and DTK token values (datetime.h).
constexpr int kDtkNumber = 0;
constexpr int kDtkString = 1;
constexpr int kDtkDate = 2;
constexpr int kDtkTime = 3;
constexpr int kDtkTz = 4;
constexpr int kDtkSpecial = 6;
constexpr int kDtkEarly = 9;
constexpr int kDtkLate = 10;
constexpr int kDtkEpoch = 11;
constexpr int kDtkNow = 12;
constexpr int kDtkYesterday = 13;
constexpr int kDtkToday = 14;
constexpr int kDtkTomorrow = 15;
constexpr int kDtkZulu = 16;
constexpr int kDtkSecond = 18;
constexpr int kDtkMinute = 19;
constexpr int kDtkHour = 20;
constexpr int kDtkDay = 21;
constexpr int kDtkWeek = 22;
constexpr int kDtkMonth = 23;
constexpr int kDtkQuarter = 24;
constexpr int kDtkYear = 25;
constexpr int kDtkDecade = 26;
constexpr int kDtkCentury = 27;
constexpr int kDtkMillennium = 28;
constexpr int kDtkMillisec = 29;
constexpr int kDtkMicrosec = 30;
constexpr int kDtkJulian = 31;
constexpr int kDtkDow = 32;
constexpr int kDtkDoy = 33;
constexpr int kDtkTzHour = 34;
constexpr int kDtkTzMinute = 35;
constexpr int kDtkIsoYear = 36;
constexpr int kDtkIsoDow = 37;

// Token types of the keyword tables; also the bit positions of the field masks.
constexpr int kReserved = 0;
constexpr int kMonth = 1;
constexpr int kYear = 2;
constexpr int kDay = 3;
constexpr int kTz = 5;
constexpr int kDtz = 6;
constexpr int kDynTz = 7;
constexpr int kIgnore = 8;
constexpr int kAmPm = 9;
constexpr int kHour = 10;
constexpr int kMinute = 11;
constexpr int kSecond = 12;
constexpr int kMillisecond = 13;
constexpr int kMicrosecond = 14;
constexpr int kDoy = 15;
constexpr int kDow = 16;
constexpr int kUnits = 17;
constexpr int kAdBc = 18;
constexpr int kAgo = 19;
constexpr int kIsoTime = 23;
constexpr int kWeek = 24;
constexpr int kDecade = 25;
constexpr int kCentury = 26;
constexpr int kMillennium = 27;
constexpr int kDtzMod = 28;
constexpr int kUnknownField = 31;

constexpr int kAm = 0;
constexpr int kPm = 1;
constexpr int kHr24 = 2;
constexpr int kAd = 0;
constexpr int kBc = 1;

constexpr int Mask(int t) { return 1 << t; }
constexpr int kAllSecsMask = Mask(kSecond) | Mask(kMillisecond) | Mask(kMicrosecond);
constexpr int kDateMask = Mask(kYear) | Mask(kMonth) | Mask(kDay);
constexpr int kTimeMask = Mask(kHour) | Mask(kMinute) | kAllSecsMask;

struct Token {
  std::string_view text;
  int type;
  int value;
};

// PostgreSQL 15's datetktbl, sorted.
constexpr Token kDateTokens[] = {
    {"-infinity", kReserved, kDtkEarly},
    {"ad", kAdBc, kAd},
    {"allballs", kReserved, kDtkZulu},
    {"am", kAmPm, kAm},
    {"apr", kMonth, 4},
    {"april", kMonth, 4},
    {"at", kIgnore, 0},
    {"aug", kMonth, 8},
    {"august", kMonth, 8},
    {"bc", kAdBc, kBc},
    {"d", kUnits, kDtkDay},
    {"dec", kMonth, 12},
    {"december", kMonth, 12},
    {"dow", kUnits, kDtkDow},
    {"doy", kUnits, kDtkDoy},
    {"dst", kDtzMod, 3600},
    {"epoch", kReserved, kDtkEpoch},
    {"feb", kMonth, 2},
    {"february", kMonth, 2},
    {"fri", kDow, 5},
    {"friday", kDow, 5},
    {"h", kUnits, kDtkHour},
    {"infinity", kReserved, kDtkLate},
    {"isodow", kUnits, kDtkIsoDow},
    {"isoyear", kUnits, kDtkIsoYear},
    {"j", kUnits, kDtkJulian},
    {"jan", kMonth, 1},
    {"january", kMonth, 1},
    {"jd", kUnits, kDtkJulian},
    {"jul", kMonth, 7},
    {"julian", kUnits, kDtkJulian},
    {"july", kMonth, 7},
    {"jun", kMonth, 6},
    {"june", kMonth, 6},
    {"m", kUnits, kDtkMonth},
    {"mar", kMonth, 3},
    {"march", kMonth, 3},
    {"may", kMonth, 5},
    {"mm", kUnits, kDtkMinute},
    {"mon", kDow, 1},
    {"monday", kDow, 1},
    {"nov", kMonth, 11},
    {"november", kMonth, 11},
    {"now", kReserved, kDtkNow},
    {"oct", kMonth, 10},
    {"october", kMonth, 10},
    {"on", kIgnore, 0},
    {"pm", kAmPm, kPm},
    {"s", kUnits, kDtkSecond},
    {"sat", kDow, 6},
    {"saturday", kDow, 6},
    {"sep", kMonth, 9},
    {"sept", kMonth, 9},
    {"september", kMonth, 9},
    {"sun", kDow, 0},
    {"sunday", kDow, 0},
    {"t", kIsoTime, kDtkTime},
    {"thu", kDow, 4},
    {"thur", kDow, 4},
    {"thurs", kDow, 4},
    {"thursday", kDow, 4},
    {"today", kReserved, kDtkToday},
    {"tomorrow", kReserved, kDtkTomorrow},
    {"tue", kDow, 2},
    {"tues", kDow, 2},
    {"tuesday", kDow, 2},
    {"wed", kDow, 3},
    {"wednesday", kDow, 3},
    {"weds", kDow, 3},
    {"y", kUnits, kDtkYear},
    {"yesterday", kReserved, kDtkYesterday},
};

// PostgreSQL 15's deltatktbl (interval units), sorted.
constexpr Token kDeltaTokens[] = {
    {"@", kIgnore, 0},
    {"ago", kAgo, 0},
    {"c", kUnits, kDtkCentury},
    {"cent", kUnits, kDtkCentury},
    {"centuries", kUnits, kDtkCentury},
    {"century", kUnits, kDtkCentury},
    {"d", kUnits, kDtkDay},
    {"day", kUnits, kDtkDay},
    {"days", kUnits, kDtkDay},
    {"dec", kUnits, kDtkDecade},
    {"decade", kUnits, kDtkDecade},
    {"decades", kUnits, kDtkDecade},
    {"decs", kUnits, kDtkDecade},
    {"h", kUnits, kDtkHour},
    {"hour", kUnits, kDtkHour},
    {"hours", kUnits, kDtkHour},
    {"hr", kUnits, kDtkHour},
    {"hrs", kUnits, kDtkHour},
    {"m", kUnits, kDtkMinute},
    {"microsecon", kUnits, kDtkMicrosec},
    {"mil", kUnits, kDtkMillennium},
    {"millennia", kUnits, kDtkMillennium},
    {"millennium", kUnits, kDtkMillennium},
    {"millisecon", kUnits, kDtkMillisec},
    {"mils", kUnits, kDtkMillennium},
    {"min", kUnits, kDtkMinute},
    {"mins", kUnits, kDtkMinute},
    {"minute", kUnits, kDtkMinute},
    {"minutes", kUnits, kDtkMinute},
    {"mon", kUnits, kDtkMonth},
    {"mons", kUnits, kDtkMonth},
    {"month", kUnits, kDtkMonth},
    {"months", kUnits, kDtkMonth},
    {"ms", kUnits, kDtkMillisec},
    {"msec", kUnits, kDtkMillisec},
    {"msecond", kUnits, kDtkMillisec},
    {"mseconds", kUnits, kDtkMillisec},
    {"msecs", kUnits, kDtkMillisec},
    {"qtr", kUnits, kDtkQuarter},
    {"quarter", kUnits, kDtkQuarter},
    {"s", kUnits, kDtkSecond},
    {"sec", kUnits, kDtkSecond},
    {"second", kUnits, kDtkSecond},
    {"seconds", kUnits, kDtkSecond},
    {"secs", kUnits, kDtkSecond},
    {"timezone", kUnits, kDtkTz},
    {"timezone_h", kUnits, kDtkTzHour},
    {"timezone_m", kUnits, kDtkTzMinute},
    {"us", kUnits, kDtkMicrosec},
    {"usec", kUnits, kDtkMicrosec},
    {"usecond", kUnits, kDtkMicrosec},
    {"useconds", kUnits, kDtkMicrosec},
    {"usecs", kUnits, kDtkMicrosec},
    {"w", kUnits, kDtkWeek},
    {"week", kUnits, kDtkWeek},
    {"weeks", kUnits, kDtkWeek},
    {"y", kUnits, kDtkYear},
    {"year", kUnits, kDtkYear},
    {"years", kUnits, kDtkYear},
    {"yr", kUnits, kDtkYear},
    {"yrs", kUnits, kDtkYear},
};

template <size_t N>
constexpr bool IsSortedTable(const Token (&table)[N]) {
  for (size_t i = 1; i < N; ++i) {
    if (!(table[i - 1].text < table[i].text) || table[i].text.size() > kTokMaxLen) return false;
  }
  return true;
}
static_assert(IsSortedTable(kDateTokens), "kDateTokens must be sorted for binary search");
static_assert(IsSortedTable(kDeltaTokens), "kDeltaTokens must be sorted for binary search");

// Looks up a lower-case key as PostgreSQL's datebsearch() does: only its first TOKMAXLEN
// characters count, so "microseconds" finds "microsecon".
template <size_t N>
const Token* LookupToken(const Token (&table)[N], const char* key) {
  std::string_view k(key, strnlen(key, kTokMaxLen));
  const Token* end = table + N;
  const Token* it =
      std::lower_bound(table, end, k, [](const Token& t, std::string_view v) { return t.text < v; });
  return (it != end && it->text == k) ? it : nullptr;
}

int DecodeSpecial(const char* lowtoken, int* val) {
  const Token* t = LookupToken(kDateTokens, lowtoken);
  if (t == nullptr) {
    *val = 0;
    return kUnknownField;
  }
  *val = t->value;
  return t->type;
}

int DecodeUnits(const char* lowtoken, int* val) {
  const Token* t = LookupToken(kDeltaTokens, lowtoken);
  if (t == nullptr) {
    *val = 0;
    return kUnknownField;
  }
  *val = t->value;
  return t->type;
}

// strtol()/strtoll() in base 10: skips white space, takes a sign; *end = str when no digits.
// Returns false on overflow (errno == ERANGE), with the value saturated.
bool StrToI64(const char* str, char** end, int64_t* out) {
  const char* p = str;
  while (IsSpace(*p)) ++p;
  bool negative = false;
  if (*p == '+' || *p == '-') {
    negative = *p == '-';
    ++p;
  }
  if (!IsDigit(*p)) {
    *end = const_cast<char*>(str);
    *out = 0;
    return true;
  }
  uint64_t limit = negative ? uint64_t{1} << 63 : (uint64_t{1} << 63) - 1;
  uint64_t acc = 0;
  bool overflow = false;
  for (; IsDigit(*p); ++p) {
    uint64_t digit = *p - '0';
    if (overflow || acc > (limit - digit) / 10) {
      overflow = true;
      continue;
    }
    acc = acc * 10 + digit;
  }
  *end = const_cast<char*>(p);
  if (overflow) {
    *out = negative ? std::numeric_limits<int64_t>::min() : std::numeric_limits<int64_t>::max();
    return false;
  }
  *out = negative ? static_cast<int64_t>(0 - acc) : static_cast<int64_t>(acc);
  return true;
}

// PostgreSQL's strtoint(): strtol() that also reports ERANGE outside int32.
bool StrToInt(const char* str, char** end, int* out) {
  int64_t v = 0;
  bool ok = StrToI64(str, end, &v);
  if (v > std::numeric_limits<int32_t>::max() || v < std::numeric_limits<int32_t>::min()) {
    ok = false;
    v = v > 0 ? std::numeric_limits<int32_t>::max() : std::numeric_limits<int32_t>::min();
  }
  *out = static_cast<int>(v);
  return ok;
}

// glibc's atoi(): strtol() truncated to int.
int Atoi(const char* str) {
  char* end;
  int64_t v = 0;
  StrToI64(str, &end, &v);
  return static_cast<int>(static_cast<uint32_t>(static_cast<uint64_t>(v)));
}

// strtod() over the longest prefix of `str` it accepts; *end = str when there is none.
// Returns false where strtod() would set errno (out of range).
bool StrToD(const char* str, char** end, double* out) {
  const char* p = str;
  const char* limit = p + std::strlen(p);
  // strtod() also reads hexadecimal ("0x1p3"), which from_chars() wants without the prefix.
  const char* digits = (*p == '-') ? p + 1 : p;
  if (digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X') &&
      (std::isxdigit(static_cast<unsigned char>(digits[2])) ||
       (digits[2] == '.' && std::isxdigit(static_cast<unsigned char>(digits[3]))))) {
    auto [ptr, ec] = std::from_chars(digits + 2, limit, *out, std::chars_format::hex);
    if (*p == '-') *out = -*out;
    *end = const_cast<char*>(ptr);
    return ec == std::errc();
  }
  auto [ptr, ec] = std::from_chars(p, limit, *out);
  if (ec == std::errc::invalid_argument) {
    *end = const_cast<char*>(str);
    *out = 0;
    return true;
  }
  *end = const_cast<char*>(ptr);
  return ec == std::errc();
}

int ParseFraction(char* cp, double* frac) {
  if (cp[1] == '\0') {
    *frac = 0;
    return 0;
  }
  char* end;
  if (!StrToD(cp, &end, frac) || *end != '\0' || end == cp) return kErrBadFormat;
  return 0;
}

int ParseFractionalSecond(char* cp, int32_t* fsec) {
  double frac = 0;
  int dterr = ParseFraction(cp, &frac);
  if (dterr) return dterr;
  *fsec = static_cast<int32_t>(std::rint(frac * 1000000));
  return 0;
}

struct Tm {
  int year = 0;
  int mon = 0;
  int mday = 0;
  int hour = 0;
  int min = 0;
  int sec = 0;
  int yday = 0;
  int wday = 0;
  int isdst = -1;
};

// The fields ParseDateTime finds: NUL-terminated strings in the caller's work buffer.
struct Fields {
  char* field[kMaxDateFields];
  int type[kMaxDateFields];
  int count = 0;
};

// Splits `text` into typed fields (PostgreSQL's ParseDateTime()). Text is lower-cased.
int ParseDateTime(std::string_view text, char* workbuf, size_t buflen, Fields* out) {
  const char* cp = text.data();
  const char* text_end = text.data() + text.size();
  auto at = [&](const char* p) -> char { return p < text_end ? *p : '\0'; };
  char* bufp = workbuf;
  const char* bufend = workbuf + buflen;
  int nf = 0;
#define SR_APPEND_CHAR(c)                         \
  do {                                            \
    if (bufp + 1 >= bufend) return kErrBadFormat; \
    *bufp++ = (c);                                \
  } while (0)

  while (cp < text_end) {
    if (IsSpace(*cp)) {
      ++cp;
      continue;
    }
    if (nf >= kMaxDateFields) return kErrBadFormat;
    out->field[nf] = bufp;
    if (IsDigit(*cp)) {
      SR_APPEND_CHAR(*cp++);
      while (IsDigit(at(cp))) SR_APPEND_CHAR(*cp++);
      if (at(cp) == ':') {
        out->type[nf] = kDtkTime;
        SR_APPEND_CHAR(*cp++);
        while (IsDigit(at(cp)) || at(cp) == ':' || at(cp) == '.') SR_APPEND_CHAR(*cp++);
      } else if (at(cp) == '-' || at(cp) == '/' || at(cp) == '.') {
        char delim = *cp;
        SR_APPEND_CHAR(*cp++);
        if (IsDigit(at(cp))) {
          out->type[nf] = delim == '.' ? kDtkNumber : kDtkDate;
          while (IsDigit(at(cp))) SR_APPEND_CHAR(*cp++);
          // Insist that the delimiters match to get a three-field date.
          if (at(cp) == delim) {
            out->type[nf] = kDtkDate;
            SR_APPEND_CHAR(*cp++);
            while (IsDigit(at(cp)) || at(cp) == delim) SR_APPEND_CHAR(*cp++);
          }
        } else {
          out->type[nf] = kDtkDate;
          while (IsAlnum(at(cp)) || at(cp) == delim) SR_APPEND_CHAR(ToLower(*cp++));
        }
      } else {
        out->type[nf] = kDtkNumber;
      }
    } else if (*cp == '.') {
      SR_APPEND_CHAR(*cp++);
      while (IsDigit(at(cp))) SR_APPEND_CHAR(*cp++);
      out->type[nf] = kDtkNumber;
    } else if (IsAlpha(*cp)) {
      out->type[nf] = kDtkString;
      SR_APPEND_CHAR(ToLower(*cp++));
      while (IsAlpha(at(cp))) SR_APPEND_CHAR(ToLower(*cp++));
      // A date with embedded separators, or a zone name ("America/New_York", "UTC+3"); but a
      // keyword followed by a digit ("J2451545", "T10:00") is not the start of a zone.
      bool is_date = false;
      if (at(cp) == '-' || at(cp) == '/' || at(cp) == '.') {
        is_date = true;
      } else if (at(cp) == '+' || IsDigit(at(cp))) {
        *bufp = '\0';
        if (LookupToken(kDateTokens, out->field[nf]) == nullptr) is_date = true;
      }
      if (is_date) {
        out->type[nf] = kDtkDate;
        do {
          SR_APPEND_CHAR(ToLower(*cp++));
        } while (at(cp) == '+' || at(cp) == '-' || at(cp) == '/' || at(cp) == '_' || at(cp) == '.' ||
                 at(cp) == ':' || IsAlnum(at(cp)));
      }
    } else if (*cp == '+' || *cp == '-') {
      SR_APPEND_CHAR(*cp++);
      while (IsSpace(at(cp))) ++cp;
      if (IsDigit(at(cp))) {
        out->type[nf] = kDtkTz;
        SR_APPEND_CHAR(*cp++);
        while (IsDigit(at(cp)) || at(cp) == ':' || at(cp) == '.' || at(cp) == '-') SR_APPEND_CHAR(*cp++);
      } else if (IsAlpha(at(cp))) {
        out->type[nf] = kDtkSpecial;
        SR_APPEND_CHAR(ToLower(*cp++));
        while (IsAlpha(at(cp))) SR_APPEND_CHAR(ToLower(*cp++));
      } else {
        return kErrBadFormat;
      }
    } else if (IsPunct(*cp)) {
      ++cp;
      continue;
    } else {
      return kErrBadFormat;
    }
    *bufp++ = '\0';
    ++nf;
  }
#undef SR_APPEND_CHAR
  out->count = nf;
  return 0;
}

// What DecodeDateTime needs beyond the fields.
struct DecodeContext {
  const TimeZone* session_tz = nullptr;  // needed for timestamptz and for 'now' and friends
  const int64_t* now_utc = nullptr;      // null: no clock
  bool want_tz = false;                  // resolve a missing zone with session_tz
  // Set when the text asked for the clock and there is none. Decoding goes on (with
  // 2000-01-01 as "now") so that malformed text still gets PostgreSQL's error; well-formed
  // text then fails for want of a clock.
  mutable const char* missing_clock = nullptr;
};

[[noreturn]] void ThrowNoClock(const char* word) {
  throw SqlError(
      ErrorCode::kFeatureNotSupported,
      std::string("date/time value \"") + word + "\" needs the current time, which is not available here");
}

void BreakDownLocal(int64_t local, Tm* tm, int32_t* fsec) {
  int32_t days;
  int64_t tod;
  SplitTimestamp(local, &days, &tod);
  Civil c = CivilFromDays(days);
  CivilTime t = CivilTimeFromMicros(tod);
  tm->year = c.year;
  tm->mon = c.month;
  tm->mday = c.day;
  tm->hour = t.hour;
  tm->min = t.minute;
  tm->sec = t.second;
  *fsec = t.micros;
}

// GetCurrentTimeUsec(): the current local time in the session zone.
void GetCurrentTimeUsec(const DecodeContext& ctx, const char* word, Tm* tm, int32_t* fsec, int* tzp) {
  if (ctx.now_utc == nullptr || ctx.session_tz == nullptr) {
    if (ctx.missing_clock == nullptr) ctx.missing_clock = word;
    BreakDownLocal(0, tm, fsec);
    *tzp = 0;
    return;
  }
  int32_t offset = ctx.session_tz->OffsetAtUtc(*ctx.now_utc);
  BreakDownLocal(*ctx.now_utc + int64_t{offset} * kMicrosPerSecond, tm, fsec);
  *tzp = -offset;
}

// Returns whether the given time fields overflow a day (24:00:00 and 23:59:60 are allowed).
bool TimeOverflows(int hour, int min, int sec, int32_t fsec) {
  if (hour < 0 || min < 0 || min > 59 || sec < 0 || sec > 60 || hour > 24 ||
      (hour == 24 && (min > 0 || sec > 0 || fsec > 0))) {
    return true;
  }
  return (((int64_t{hour} * 60 + min) * 60 + sec) * kMicrosPerSecond) + fsec > kMicrosPerDay;
}

// Interval fields being accumulated (PostgreSQL's struct pg_itm_in).
struct ItmIn {
  int64_t usec = 0;
  int mday = 0;
  int mon = 0;
  int year = 0;
};

struct Itm {
  int64_t hour = 0;
  int min = 0;
  int sec = 0;
  int usec = 0;
};

int DecodeTimeCommon(char* str, int* tmask, Itm* itm) {
  char* cp;
  int32_t fsec = 0;
  *tmask = kTimeMask;
  if (!StrToI64(str, &cp, &itm->hour)) return kErrFieldOverflow;
  if (*cp != ':') return kErrBadFormat;
  if (!StrToInt(cp + 1, &cp, &itm->min)) return kErrFieldOverflow;
  if (*cp == '\0') {
    itm->sec = 0;
  } else if (*cp == '.') {
    // mm:ss.sss is always MINUTE TO SECOND.
    int dterr = ParseFractionalSecond(cp, &fsec);
    if (dterr) return dterr;
    if (itm->hour > std::numeric_limits<int32_t>::max() || itm->hour < std::numeric_limits<int32_t>::min()) {
      return kErrFieldOverflow;
    }
    itm->sec = itm->min;
    itm->min = static_cast<int>(itm->hour);
    itm->hour = 0;
  } else if (*cp == ':') {
    if (!StrToInt(cp + 1, &cp, &itm->sec)) return kErrFieldOverflow;
    if (*cp == '.') {
      int dterr = ParseFractionalSecond(cp, &fsec);
      if (dterr) return dterr;
    } else if (*cp != '\0') {
      return kErrBadFormat;
    }
  } else {
    return kErrBadFormat;
  }
  if (itm->hour < 0 || itm->min < 0 || itm->min > 59 || itm->sec < 0 || itm->sec > 60 || fsec < 0 ||
      fsec > kMicrosPerSecond) {
    return kErrFieldOverflow;
  }
  itm->usec = fsec;
  return 0;
}

int DecodeTime(char* str, int* tmask, Tm* tm, int32_t* fsec) {
  Itm itm;
  int dterr = DecodeTimeCommon(str, tmask, &itm);
  if (dterr) return dterr;
  if (itm.hour > std::numeric_limits<int32_t>::max()) return kErrFieldOverflow;
  tm->hour = static_cast<int>(itm.hour);
  tm->min = itm.min;
  tm->sec = itm.sec;
  *fsec = itm.usec;
  return 0;
}

bool Int64MultiplyAdd(int64_t val, int64_t multiplier, int64_t* sum) {
  int64_t product;
  return !__builtin_mul_overflow(val, multiplier, &product) && !__builtin_add_overflow(*sum, product, sum);
}

// Note that this overwrites, rather than adds to, any time already seen; PostgreSQL does too.
int DecodeTimeForInterval(char* str, int* tmask, ItmIn* itm_in) {
  Itm itm;
  int dterr = DecodeTimeCommon(str, tmask, &itm);
  if (dterr) return dterr;
  itm_in->usec = itm.usec;
  if (!Int64MultiplyAdd(itm.hour, kMicrosPerHour, &itm_in->usec) ||
      !Int64MultiplyAdd(itm.min, kMicrosPerMinute, &itm_in->usec) ||
      !Int64MultiplyAdd(itm.sec, kMicrosPerSecond, &itm_in->usec)) {
    return kErrFieldOverflow;
  }
  return 0;
}

int DecodeNumberField(int len, char* str, int fmask, int* tmask, Tm* tm, int32_t* fsec, bool* is2digits) {
  char* cp = std::strchr(str, '.');
  if (cp != nullptr) {
    if (cp[1] == '\0') {
      *fsec = 0;
    } else {
      double frac = 0;
      char* end;
      if (!StrToD(cp, &end, &frac)) return kErrBadFormat;
      *fsec = static_cast<int32_t>(std::rint(frac * 1000000));
    }
    *cp = '\0';
    len = static_cast<int>(std::strlen(str));
  } else if ((fmask & kDateMask) != kDateMask) {
    if (len >= 6) {
      // yymmdd or yyyymmdd: day and month from the end, the rest is the year.
      *tmask = kDateMask;
      tm->mday = Atoi(str + (len - 2));
      str[len - 2] = '\0';
      tm->mon = Atoi(str + (len - 4));
      str[len - 4] = '\0';
      tm->year = Atoi(str);
      if (len - 4 == 2) *is2digits = true;
      return kDtkDate;
    }
  }
  if ((fmask & kTimeMask) != kTimeMask) {
    if (len == 6) {
      *tmask = kTimeMask;
      tm->sec = Atoi(str + 4);
      str[4] = '\0';
      tm->min = Atoi(str + 2);
      str[2] = '\0';
      tm->hour = Atoi(str);
      return kDtkTime;
    }
    if (len == 4) {
      *tmask = kTimeMask;
      tm->sec = 0;
      tm->min = Atoi(str + 2);
      str[2] = '\0';
      tm->hour = Atoi(str);
      return kDtkTime;
    }
  }
  return kErrBadFormat;
}

// Interprets a plain number as a date field in context; DateStyle is MDY.
int DecodeNumber(int flen, char* str, bool have_text_month, int fmask, int* tmask, Tm* tm, int32_t* fsec,
                 bool* is2digits) {
  *tmask = 0;
  char* cp;
  int val = 0;
  if (!StrToInt(str, &cp, &val)) return kErrFieldOverflow;
  if (cp == str) return kErrBadFormat;
  if (*cp == '.') {
    // More than two digits before the point: a date or run-together time (2001.360, 040506.789).
    if (cp - str > 2) {
      int dterr = DecodeNumberField(flen, str, fmask | kDateMask, tmask, tm, fsec, is2digits);
      if (dterr < 0) return dterr;
      return 0;
    }
    int dterr = ParseFractionalSecond(cp, fsec);
    if (dterr) return dterr;
  } else if (*cp != '\0') {
    return kErrBadFormat;
  }
  // Day of year, after a year.
  if (flen == 3 && (fmask & kDateMask) == Mask(kYear) && val >= 1 && val <= 366) {
    *tmask = Mask(kDoy) | Mask(kMonth) | Mask(kDay);
    tm->yday = val;
    return 0;
  }
  switch (fmask & kDateMask) {
    case 0:
      // Nothing yet: YYYY-MM-DD needs a year of three or more digits, else MDY order.
      if (flen >= 3) {
        *tmask = Mask(kYear);
        tm->year = val;
      } else {
        *tmask = Mask(kMonth);
        tm->mon = val;
      }
      break;
    case Mask(kYear):
      *tmask = Mask(kMonth);
      tm->mon = val;
      break;
    case Mask(kMonth):
      if (have_text_month) {
        // MON-DD-YYYY, DD-MON-YYYY and YYYY-MON-DD are unambiguous.
        if (flen >= 3) {
          *tmask = Mask(kYear);
          tm->year = val;
        } else {
          *tmask = Mask(kDay);
          tm->mday = val;
        }
      } else {
        *tmask = Mask(kDay);
        tm->mday = val;
      }
      break;
    case Mask(kYear) | Mask(kMonth):
      if (have_text_month) {
        if (flen >= 3 && *is2digits) {
          // The first number was the day after all (DD-MON-YYYY).
          *tmask = Mask(kDay);
          tm->mday = tm->year;
          tm->year = val;
          *is2digits = false;
        } else {
          *tmask = Mask(kDay);
          tm->mday = val;
        }
      } else {
        *tmask = Mask(kDay);
        tm->mday = val;
      }
      break;
    case Mask(kDay):
      *tmask = Mask(kMonth);
      tm->mon = val;
      break;
    case Mask(kMonth) | Mask(kDay):
      *tmask = Mask(kYear);
      tm->year = val;
      break;
    case Mask(kYear) | Mask(kMonth) | Mask(kDay): {
      // The date is complete, so this is a time.
      int dterr = DecodeNumberField(flen, str, fmask, tmask, tm, fsec, is2digits);
      if (dterr < 0) return dterr;
      return 0;
    }
    default:
      return kErrBadFormat;
  }
  if (*tmask == Mask(kYear)) *is2digits = flen <= 2;
  return 0;
}

// Decodes a date field with delimiters ("2024-01-31", "31-jan-2024").
int DecodeDate(char* str, int fmask, int* tmask, bool* is2digits, Tm* tm) {
  int32_t fsec = 0;
  int nf = 0;
  bool have_text_month = false;
  char* field[kMaxDateFields];
  *tmask = 0;
  while (*str != '\0' && nf < kMaxDateFields) {
    while (*str != '\0' && !IsAlnum(*str)) ++str;
    if (*str == '\0') return kErrBadFormat;  // end of string after a separator
    field[nf] = str;
    if (IsDigit(*str)) {
      while (IsDigit(*str)) ++str;
    } else if (IsAlpha(*str)) {
      while (IsAlpha(*str)) ++str;
    }
    if (*str != '\0') *str++ = '\0';
    ++nf;
  }
  // Text fields first: they are unambiguous months.
  for (int i = 0; i < nf; ++i) {
    if (IsAlpha(*field[i])) {
      int val = 0;
      int type = DecodeSpecial(field[i], &val);
      if (type == kIgnore) continue;
      int dmask = Mask(type);
      if (type != kMonth) return kErrBadFormat;
      tm->mon = val;
      have_text_month = true;
      if (fmask & dmask) return kErrBadFormat;
      fmask |= dmask;
      *tmask |= dmask;
      field[i] = nullptr;
    }
  }
  for (int i = 0; i < nf; ++i) {
    if (field[i] == nullptr) continue;
    int len = static_cast<int>(std::strlen(field[i]));
    if (len <= 0) return kErrBadFormat;
    int dmask = 0;
    int dterr = DecodeNumber(len, field[i], have_text_month, fmask, &dmask, tm, &fsec, is2digits);
    if (dterr) return dterr;
    if (fmask & dmask) return kErrBadFormat;
    fmask |= dmask;
    *tmask |= dmask;
  }
  if ((fmask & ~(Mask(kDoy) | Mask(kTz))) != kDateMask) return kErrBadFormat;
  return 0;
}

// Checks the year, month and day, applying BC, two-digit years and day-of-year.
int ValidateDate(int fmask, bool isjulian, bool is2digits, bool bc, Tm* tm) {
  if (fmask & Mask(kYear)) {
    if (isjulian) {
      // tm->year is right as it is.
    } else if (bc) {
      if (tm->year <= 0) return kErrFieldOverflow;  // no year zero in AD/BC notation
      tm->year = -(tm->year - 1);                   // 1 BC is year 0
    } else if (is2digits) {
      if (tm->year < 0) return kErrFieldOverflow;
      if (tm->year < 70) {
        tm->year += 2000;
      } else if (tm->year < 100) {
        tm->year += 1900;
      }
    } else {
      if (tm->year <= 0) return kErrFieldOverflow;
    }
  }
  if (fmask & Mask(kDoy)) {
    int64_t days = DaysFromCivil64(tm->year, 1, 1) + tm->yday - 1;
    Civil c = CivilFromDays(static_cast<int32_t>(std::clamp<int64_t>(days, INT32_MIN + 1, INT32_MAX - 1)));
    tm->year = c.year;
    tm->mon = c.month;
    tm->mday = c.day;
  }
  if (fmask & Mask(kMonth)) {
    if (tm->mon < 1 || tm->mon > 12) return kErrMdFieldOverflow;
  }
  if (fmask & Mask(kDay)) {
    if (tm->mday < 1 || tm->mday > 31) return kErrMdFieldOverflow;
  }
  if ((fmask & kDateMask) == kDateMask) {
    // Feb 29 of a common year is not a field-order mistake, so no DateStyle hint.
    if (tm->mday > DaysInMonth(tm->year, tm->mon)) return kErrFieldOverflow;
  }
  return 0;
}

// Reads a numeric zone ("+02", "-05:30", "+0530") as seconds *west* of UTC, PostgreSQL's sign.
int DecodeTimezone(const char* str, int* tzp) {
  if (*str != '+' && *str != '-') return kErrBadFormat;
  char* cp;
  int hr = 0;
  int min = 0;
  int sec = 0;
  if (!StrToInt(str + 1, &cp, &hr)) return kErrTzDispOverflow;
  if (*cp == ':') {
    if (!StrToInt(cp + 1, &cp, &min)) return kErrTzDispOverflow;
    if (*cp == ':') {
      if (!StrToInt(cp + 1, &cp, &sec)) return kErrTzDispOverflow;
    }
  } else if (*cp == '\0' && std::strlen(str) > 3) {
    min = hr % 100;
    hr = hr / 100;
  } else {
    min = 0;
  }
  if (hr < 0 || hr > kMaxTzDispHour) return kErrTzDispOverflow;
  if (min < 0 || min >= 60) return kErrTzDispOverflow;
  if (sec < 0 || sec >= 60) return kErrTzDispOverflow;
  int tz = (hr * 60 + min) * 60 + sec;
  if (*str == '-') tz = -tz;
  *tzp = -tz;
  if (*cp != '\0') return kErrBadFormat;
  return 0;
}

// The local time of `tm` in seconds since 2000-01-01, or false if PostgreSQL would give up on
// it (outside the Julian range) and assume UTC.
bool LocalSeconds(const Tm& tm, int64_t* secs) {
  if (!IsValidJulian(tm.year, tm.mon)) return false;
  int64_t day = DaysFromCivil64(tm.year, tm.mon, tm.mday);
  *secs = day * kSecsPerDay + tm.sec + (int64_t{tm.min} + int64_t{tm.hour} * 60) * 60;
  // Far past the timestamp range the answer does not matter; keep the microseconds in range.
  constexpr int64_t kLimit = std::numeric_limits<int64_t>::max() / kMicrosPerSecond - 1;
  return *secs > -kLimit && *secs < kLimit;
}

// DetermineTimeZoneOffset(): the zone's offset (seconds west) for local time `tm`.
int DetermineTimeZoneOffset(Tm* tm, const TimeZone& zone, int64_t* utc_micros = nullptr) {
  int64_t secs = 0;
  if (!LocalSeconds(*tm, &secs)) {
    tm->isdst = 0;
    if (utc_micros != nullptr) *utc_micros = kEpochTimestamp;
    return 0;
  }
  int64_t local = secs * kMicrosPerSecond;
  int32_t offset = zone.OffsetForLocal(local);
  if (utc_micros != nullptr) *utc_micros = local - int64_t{offset} * kMicrosPerSecond;
  return -offset;
}

// DetermineTimeZoneAbbrevOffset(): the offset of a dynamic abbreviation such as "MSK", which
// means what the zone used it for at that time.
int DetermineTimeZoneAbbrevOffset(Tm* tm, const char* abbrev, const TimeZone& zone) {
  int64_t utc = 0;
  int zone_offset = DetermineTimeZoneOffset(tm, zone, &utc);
  int32_t offset = 0;
  bool is_dst = false;
  if (zone.InterpretAbbreviation(utc, abbrev, &offset, &is_dst)) {
    tm->isdst = is_dst ? 1 : 0;
    return -offset;
  }
  return zone_offset;
}

// Interprets the fields of a date, timestamp or timestamptz (PostgreSQL 15's DecodeDateTime()).
// Returns 0 for a full date, 1 for a time alone, or a negative DTERR code; *tzp gets the zone
// (seconds west) when one was given or ctx.want_tz asks for the session's.
int DecodeDateTime(Fields* f, const DecodeContext& ctx, int* dtype, Tm* tm, int32_t* fsec, int* tzp) {
  char** field = f->field;
  int* ftype = f->type;
  int nf = f->count;
  int fmask = 0;
  int tmask = 0;
  int type = 0;
  int ptype = 0;  // the "prefix type" of ISO and Julian forms
  int val = 0;
  int dterr = 0;
  int mer = kHr24;
  bool have_text_month = false;
  bool isjulian = false;
  bool is2digits = false;
  bool bc = false;
  std::shared_ptr<const TimeZone> named_tz;
  std::shared_ptr<const TimeZone> abbrev_tz;
  const char* abbrev = nullptr;

  *dtype = kDtkDate;
  tm->hour = 0;
  tm->min = 0;
  tm->sec = 0;
  *fsec = 0;
  tm->isdst = -1;
  *tzp = 0;

  for (int i = 0; i < nf; ++i) {
    switch (ftype[i]) {
      case kDtkDate:
        if (ptype == kDtkJulian) {
          // An integral Julian day with a zone attached.
          char* cp;
          int jday = 0;
          if (!StrToInt(field[i], &cp, &jday) || jday < 0) return kErrFieldOverflow;
          Civil c = CivilFromDays(jday - kPostgresEpochJdate);
          tm->year = c.year;
          tm->mon = c.month;
          tm->mday = c.day;
          isjulian = true;
          dterr = DecodeTimezone(cp, tzp);
          if (dterr) return dterr;
          tmask = kDateMask | kTimeMask | Mask(kTz);
          ptype = 0;
          break;
        } else if (ptype != 0 || (fmask & (Mask(kMonth) | Mask(kDay))) == (Mask(kMonth) | Mask(kDay))) {
          // With a date already, this is a zone name ("America/New_York") or a run-together
          // time with a zone (hhmmss-zz).
          if (IsDigit(*field[i]) || ptype != 0) {
            if (ptype != 0) {
              if (ptype != kDtkTime) return kErrBadFormat;
              ptype = 0;
            }
            if ((fmask & kTimeMask) == kTimeMask) return kErrBadFormat;
            char* cp = std::strchr(field[i], '-');
            if (cp == nullptr) return kErrBadFormat;
            dterr = DecodeTimezone(cp, tzp);
            if (dterr) return dterr;
            *cp = '\0';
            dterr = DecodeNumberField(static_cast<int>(std::strlen(field[i])), field[i], fmask, &tmask, tm,
                                      fsec, &is2digits);
            if (dterr < 0) return dterr;
            tmask |= Mask(kTz);
          } else {
            named_tz = TimeZone::FindNamed(field[i]);
            if (named_tz == nullptr) {
              throw SqlError(ErrorCode::kInvalidParameterValue,
                             std::string("time zone \"") + field[i] + "\" not recognized");
            }
            tmask = Mask(kTz);
          }
        } else {
          dterr = DecodeDate(field[i], fmask, &tmask, &is2digits, tm);
          if (dterr) return dterr;
        }
        break;

      case kDtkTime:
        if (ptype != 0) {
          if (ptype != kDtkTime) return kErrBadFormat;
          ptype = 0;
        }
        dterr = DecodeTime(field[i], &tmask, tm, fsec);
        if (dterr) return dterr;
        if (TimeOverflows(tm->hour, tm->min, tm->sec, *fsec)) return kErrFieldOverflow;
        break;

      case kDtkTz: {
        int tz = 0;
        dterr = DecodeTimezone(field[i], &tz);
        if (dterr) return dterr;
        *tzp = tz;
        tmask = Mask(kTz);
        break;
      }

      case kDtkNumber:
        if (ptype != 0) {
          // A number after a unit label ("y2024", "j2451545", "t103000").
          char* cp;
          int value = 0;
          if (!StrToInt(field[i], &cp, &value)) return kErrFieldOverflow;
          if (*cp == '.') {
            if (ptype != kDtkJulian && ptype != kDtkTime && ptype != kDtkSecond) return kErrBadFormat;
          } else if (*cp != '\0') {
            return kErrBadFormat;
          }
          switch (ptype) {
            case kDtkYear:
              tm->year = value;
              tmask = Mask(kYear);
              break;
            case kDtkMonth:
              // With a month and an hour already, "m" means minutes.
              if ((fmask & Mask(kMonth)) != 0 && (fmask & Mask(kHour)) != 0) {
                tm->min = value;
                tmask = Mask(kMinute);
              } else {
                tm->mon = value;
                tmask = Mask(kMonth);
              }
              break;
            case kDtkDay:
              tm->mday = value;
              tmask = Mask(kDay);
              break;
            case kDtkHour:
              tm->hour = value;
              tmask = Mask(kHour);
              break;
            case kDtkMinute:
              tm->min = value;
              tmask = Mask(kMinute);
              break;
            case kDtkSecond:
              tm->sec = value;
              tmask = Mask(kSecond);
              if (*cp == '.') {
                dterr = ParseFractionalSecond(cp, fsec);
                if (dterr) return dterr;
                tmask = kAllSecsMask;
              }
              break;
            case kDtkTz:
              tmask = Mask(kTz);
              dterr = DecodeTimezone(field[i], tzp);
              if (dterr) return dterr;
              break;
            case kDtkJulian: {
              if (value < 0) return kErrFieldOverflow;
              tmask = kDateMask;
              Civil c = CivilFromDays(value - kPostgresEpochJdate);
              tm->year = c.year;
              tm->mon = c.month;
              tm->mday = c.day;
              isjulian = true;
              if (*cp == '.') {
                double time = 0;
                char* end;
                if (!StrToD(cp, &end, &time) || *end != '\0') return kErrBadFormat;
                time *= kMicrosPerDay;
                // dt2time(): truncates the double to whole microseconds.
                auto micros = static_cast<int64_t>(time);
                tm->hour = static_cast<int>(micros / kMicrosPerHour);
                micros -= int64_t{tm->hour} * kMicrosPerHour;
                tm->min = static_cast<int>(micros / kMicrosPerMinute);
                micros -= int64_t{tm->min} * kMicrosPerMinute;
                tm->sec = static_cast<int>(micros / kMicrosPerSecond);
                *fsec = static_cast<int32_t>(micros - int64_t{tm->sec} * kMicrosPerSecond);
                tmask |= kTimeMask;
              }
              break;
            }
            case kDtkTime:
              dterr = DecodeNumberField(static_cast<int>(std::strlen(field[i])), field[i], fmask | kDateMask,
                                        &tmask, tm, fsec, &is2digits);
              if (dterr < 0) return dterr;
              if (tmask != kTimeMask) return kErrBadFormat;
              break;
            default:
              return kErrBadFormat;
          }
          ptype = 0;
          *dtype = kDtkDate;
        } else {
          int flen = static_cast<int>(std::strlen(field[i]));
          char* cp = std::strchr(field[i], '.');
          if (cp != nullptr && !(fmask & kDateMask)) {
            // A decimal point and no date yet: "2024.032" (day of year).
            dterr = DecodeDate(field[i], fmask, &tmask, &is2digits, tm);
            if (dterr) return dterr;
          } else if (cp != nullptr && flen - static_cast<int>(std::strlen(cp)) > 2) {
            // A run-together date or time with a fraction (20011223.5, 040506.789).
            dterr = DecodeNumberField(flen, field[i], fmask, &tmask, tm, fsec, &is2digits);
            if (dterr < 0) return dterr;
          } else if (flen >= 6 && (!(fmask & kDateMask) || !(fmask & kTimeMask))) {
            // Six or more digits: YMD or HMS (a 6+ digit year must come last or use ISO form).
            dterr = DecodeNumberField(flen, field[i], fmask, &tmask, tm, fsec, &is2digits);
            if (dterr < 0) return dterr;
          } else {
            dterr = DecodeNumber(flen, field[i], have_text_month, fmask, &tmask, tm, fsec, &is2digits);
            if (dterr) return dterr;
          }
        }
        break;

      case kDtkString:
      case kDtkSpecial: {
        // Zone abbreviations take precedence over the built-in keywords.
        TimeZone::Abbreviation abbreviation;
        if (TimeZone::LookupAbbreviation(field[i], &abbreviation)) {
          if (abbreviation.zone != nullptr) {
            type = kDynTz;
          } else {
            type = abbreviation.is_dst ? kDtz : kTz;
            val = abbreviation.offset;
          }
        } else {
          type = DecodeSpecial(field[i], &val);
        }
        if (type == kIgnore) continue;
        tmask = Mask(type);
        switch (type) {
          case kReserved:
            switch (val) {
              case kDtkNow:
                tmask = kDateMask | kTimeMask | Mask(kTz);
                *dtype = kDtkDate;
                GetCurrentTimeUsec(ctx, "now", tm, fsec, tzp);
                break;
              case kDtkYesterday:
              case kDtkToday:
              case kDtkTomorrow: {
                const char* word =
                    val == kDtkToday ? "today" : (val == kDtkTomorrow ? "tomorrow" : "yesterday");
                Tm cur;
                int32_t cur_fsec = 0;
                int cur_tz = 0;
                GetCurrentTimeUsec(ctx, word, &cur, &cur_fsec, &cur_tz);
                int32_t day = DaysFromCivil(cur.year, cur.mon, cur.mday) +
                              (val == kDtkToday ? 0 : (val == kDtkTomorrow ? 1 : -1));
                Civil c = CivilFromDays(day);
                tmask = kDateMask;
                *dtype = kDtkDate;
                tm->year = c.year;
                tm->mon = c.month;
                tm->mday = c.day;
                break;
              }
              case kDtkZulu:
                tmask = kTimeMask | Mask(kTz);
                *dtype = kDtkDate;
                tm->hour = 0;
                tm->min = 0;
                tm->sec = 0;
                *tzp = 0;
                break;
              default:
                // 'epoch', 'infinity', '-infinity'; PostgreSQL 15 leaves the mask narrow, so
                // trailing ones win over an earlier date ("2024-01-31 infinity").
                *dtype = val;
                break;
            }
            break;
          case kMonth:
            // A numeric month already, and no day? Then that number was the day.
            if ((fmask & Mask(kMonth)) && !have_text_month && !(fmask & Mask(kDay)) && tm->mon >= 1 &&
                tm->mon <= 31) {
              tm->mday = tm->mon;
              tmask = Mask(kDay);
            }
            have_text_month = true;
            tm->mon = val;
            break;
          case kDtzMod:
            // The "DST" modifier, as in "MET DST".
            tmask |= Mask(kDtz);
            tm->isdst = 1;
            *tzp -= val;
            break;
          case kDtz:
            tmask |= Mask(kTz);
            tm->isdst = 1;
            *tzp = -val;
            break;
          case kTz:
            tm->isdst = 0;
            *tzp = -val;
            break;
          case kDynTz:
            tmask |= Mask(kTz);
            abbrev_tz = abbreviation.zone;
            abbrev = field[i];
            break;
          case kAmPm:
            mer = val;
            break;
          case kAdBc:
            bc = val == kBc;
            break;
          case kDow:
            tm->wday = val;
            break;
          case kUnits:
            tmask = 0;
            ptype = val;
            break;
          case kIsoTime:
            // "t": the next field is a time, after a complete date.
            tmask = 0;
            if ((fmask & kDateMask) != kDateMask) return kErrBadFormat;
            if (i >= nf - 1 ||
                (ftype[i + 1] != kDtkNumber && ftype[i + 1] != kDtkTime && ftype[i + 1] != kDtkDate)) {
              return kErrBadFormat;
            }
            ptype = val;
            break;
          case kUnknownField:
            // Last chance: an all-alpha zone name ("Japan", "EST5EDT" is caught as a date field).
            named_tz = TimeZone::FindNamed(field[i]);
            if (named_tz == nullptr) return kErrBadFormat;
            tmask = Mask(kTz);
            break;
          default:
            return kErrBadFormat;
        }
        break;
      }

      default:
        return kErrBadFormat;
    }
    if (tmask & fmask) return kErrBadFormat;
    fmask |= tmask;
  }

  // PostgreSQL 15 validates even for 'epoch' and 'infinity' ("infinity 13-45-67" fails).
  dterr = ValidateDate(fmask, isjulian, is2digits, bc, tm);
  if (dterr) return dterr;
  if (mer != kHr24 && tm->hour > 12) return kErrFieldOverflow;
  if (mer == kAm && tm->hour == 12) {
    tm->hour = 0;
  } else if (mer == kPm && tm->hour != 12) {
    tm->hour += 12;
  }
  if (*dtype == kDtkDate) {
    if ((fmask & kDateMask) != kDateMask) {
      if ((fmask & kTimeMask) == kTimeMask) return 1;
      return kErrBadFormat;
    }
    if (named_tz != nullptr) {
      if (fmask & Mask(kDtzMod)) return kErrBadFormat;
      *tzp = DetermineTimeZoneOffset(tm, *named_tz);
    }
    if (abbrev_tz != nullptr) {
      if (fmask & Mask(kDtzMod)) return kErrBadFormat;
      *tzp = DetermineTimeZoneAbbrevOffset(tm, abbrev, *abbrev_tz);
    }
    if (!(fmask & Mask(kTz))) {
      if (fmask & Mask(kDtzMod)) return kErrBadFormat;
      if (ctx.want_tz) *tzp = DetermineTimeZoneOffset(tm, *ctx.session_tz);
    }
  }
  return 0;
}

// The error PostgreSQL's DateTimeParseError() raises for `dterr`.
[[noreturn]] void ThrowParseError(int dterr, std::string_view text, const char* type_name) {
  std::string quoted = "\"" + std::string(text) + "\"";
  switch (dterr) {
    case kErrFieldOverflow:
      throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date/time field value out of range: " + quoted);
    case kErrMdFieldOverflow: {
      SqlError error(ErrorCode::kDatetimeFieldOverflow, "date/time field value out of range: " + quoted);
      error.WithHint("Perhaps you need a different \"datestyle\" setting.");
      throw error;
    }
    case kErrIntervalOverflow: {
      // SQLSTATE 22015, interval_field_overflow, once the error table has it.
      constexpr ErrorCode code = [] {
#define SR_FIND_22015(name, state, text) \
  if (std::string_view(state) == "22015") return ErrorCode::name;
        SR_ERROR_CODES(SR_FIND_22015)
#undef SR_FIND_22015
        return ErrorCode::kDatetimeFieldOverflow;
      }();
      throw SqlError(code, "interval field value out of range: " + quoted);
    }
    case kErrTzDispOverflow:
      throw SqlError(ErrorCode::kInvalidTimeZoneDisplacement,
                     "time zone displacement out of range: " + quoted);
    default:
      throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                     std::string("invalid input syntax for type ") + type_name + ": " + quoted);
  }
}

[[noreturn]] void ThrowOutOfRange(const char* what, std::string_view text) {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow,
                 std::string(what) + " out of range: \"" + std::string(text) + "\"");
}

[[noreturn]] void ThrowOutOfRange(const char* what) {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow, std::string(what) + " out of range");
}

// tm2timestamp(): false when out of range. `tz` is seconds west, or null for no zone.
bool TmToTimestamp(const Tm& tm, int32_t fsec, const int* tz, int64_t* result) {
  if (!IsValidJulian(tm.year, tm.mon)) return false;
  int64_t date = DaysFromCivil64(tm.year, tm.mon, tm.mday);
  int64_t time = (((int64_t{tm.hour} * 60 + tm.min) * 60 + tm.sec) * kMicrosPerSecond) + fsec;
  int64_t value;
  if (__builtin_mul_overflow(date, kMicrosPerDay, &value) || __builtin_add_overflow(value, time, &value)) {
    return false;
  }
  // Just-barely overflow, where the time of day wraps (1999-12-31 24:00:00 is fine).
  if ((value < 0 && date > 0) || (value > 0 && date < -1)) return false;
  if (tz != nullptr && __builtin_add_overflow(value, int64_t{*tz} * kMicrosPerSecond, &value)) return false;
  if (!IsValidTimestamp(value)) return false;
  *result = value;
  return true;
}

// Parses with the general parser; see ParseDateGeneral and friends below.
void Decode(std::string_view text, size_t bufsize, const char* type_name, const DecodeContext& ctx,
            int* dtype, Tm* tm, int32_t* fsec, int* tz) {
  char workbuf[kMaxDateLen + kMaxDateFields];
  Fields fields;
  int dterr = ParseDateTime(text, workbuf, std::min(bufsize, sizeof(workbuf)), &fields);
  if (dterr == 0) dterr = DecodeDateTime(&fields, ctx, dtype, tm, fsec, tz);
  if (dterr != 0) ThrowParseError(dterr, text, type_name);
  if (ctx.missing_clock != nullptr) ThrowNoClock(ctx.missing_clock);
}

int32_t ParseDateGeneral(std::string_view text, const DecodeContext& ctx) {
  int dtype = 0;
  Tm tm;
  int32_t fsec = 0;
  int tz = 0;
  Decode(text, kMaxDateLen + 1, "date", ctx, &dtype, &tm, &fsec, &tz);
  switch (dtype) {
    case kDtkDate:
      break;
    case kDtkEpoch:
      return -kUnixEpochOffsetDays;
    case kDtkLate:
      return kDateInfinity;
    case kDtkEarly:
      return kDateNegInfinity;
    default:
      ThrowParseError(kErrBadFormat, text, "date");
  }
  if (!IsValidJulian(tm.year, tm.mon)) ThrowOutOfRange("date", text);
  int64_t date = DaysFromCivil64(tm.year, tm.mon, tm.mday);
  if (!IsValidDateNumber(date)) ThrowOutOfRange("date", text);
  return static_cast<int32_t>(date);
}

int64_t ParseTimestampGeneral(std::string_view text, const DecodeContext& ctx, const char* type_name) {
  int dtype = 0;
  Tm tm;
  int32_t fsec = 0;
  int tz = 0;
  Decode(text, kMaxDateLen + kMaxDateFields, type_name, ctx, &dtype, &tm, &fsec, &tz);
  int64_t result = 0;
  switch (dtype) {
    case kDtkDate:
      if (!TmToTimestamp(tm, fsec, ctx.want_tz ? &tz : nullptr, &result)) ThrowOutOfRange("timestamp", text);
      return result;
    case kDtkEpoch:
      return kEpochTimestamp;
    case kDtkLate:
      return kTimestampInfinity;
    case kDtkEarly:
      return kTimestampNegInfinity;
    default:
      ThrowParseError(kErrBadFormat, text, type_name);
  }
}

// Fast paths for the ISO forms bulk loads produce. They accept only what they can answer
// exactly as the general parser would, and return false for everything else.

int Digits2(const char* p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

bool AllDigits(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!IsDigit(p[i])) return false;
  }
  return true;
}

// "YYYY-MM-DD" with a real date in years 1..9999.
bool FastDate(const char* p, int32_t* days) {
  if (!AllDigits(p, 4) || p[4] != '-' || !AllDigits(p + 5, 2) || p[7] != '-' || !AllDigits(p + 8, 2)) {
    return false;
  }
  int year = Digits2(p) * 100 + Digits2(p + 2);
  int month = Digits2(p + 5);
  int day = Digits2(p + 8);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month)) return false;
  *days = DaysFromCivil(year, month, day);
  return true;
}

// "YYYY-MM-DD", optionally followed by " HH:MM:SS[.f{1,6}]" (or 'T'), as local micros; sets
// *consumed to the length read.
bool FastLocalTimestamp(std::string_view text, int64_t* local, size_t* consumed) {
  if (text.size() < 10) return false;
  int32_t days = 0;
  if (!FastDate(text.data(), &days)) return false;
  int64_t value = int64_t{days} * kMicrosPerDay;
  size_t n = 10;
  if (text.size() >= 19 && (text[10] == ' ' || text[10] == 'T')) {
    const char* t = text.data() + 11;
    if (!AllDigits(t, 2) || t[2] != ':' || !AllDigits(t + 3, 2) || t[5] != ':' || !AllDigits(t + 6, 2)) {
      return false;
    }
    int hour = Digits2(t);
    int minute = Digits2(t + 3);
    int second = Digits2(t + 6);
    if (hour > 23 || minute > 59 || second > 59) return false;
    value += ((int64_t{hour} * 60 + minute) * 60 + second) * kMicrosPerSecond;
    n = 19;
    if (n < text.size() && text[n] == '.') {
      size_t start = ++n;
      int64_t micros = 0;
      while (n < text.size() && IsDigit(text[n]) && n - start < 6) micros = micros * 10 + (text[n++] - '0');
      if (n < text.size() && IsDigit(text[n])) return false;  // more than six digits: rounding
      for (size_t k = n - start; k < 6; ++k) micros *= 10;
      value += micros;
    }
  }
  *local = value;
  *consumed = n;
  return true;
}

// Writes `value` zero-padded to at least `width` digits; returns the end.
char* AppendPadded(char* out, int64_t value, int width) {
  char buf[24];
  int len = 0;
  uint64_t v = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  do {
    buf[len++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (int i = len; i < width; ++i) *out++ = '0';
  while (len > 0) *out++ = buf[--len];
  return out;
}

// Writes 0..99 as two digits.
char* Append2(char* out, int32_t v) {
  out[0] = static_cast<char>('0' + v / 10);
  out[1] = static_cast<char>('0' + v % 10);
  return out + 2;
}

// Appends two-digit seconds and a fraction without trailing zeros (AppendSeconds()).
char* AppendSeconds(char* out, int sec, int32_t fsec, bool fill_zeros) {
  int32_t abs_sec = sec < 0 ? -sec : sec;
  out =
      (fill_zeros && abs_sec < 100) ? Append2(out, abs_sec) : AppendPadded(out, abs_sec, fill_zeros ? 2 : 1);
  if (fsec != 0) {
    int32_t value = fsec < 0 ? -fsec : fsec;
    *out++ = '.';
    char digits[6];
    for (int i = 5; i >= 0; --i) {
      digits[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    int len = 6;
    while (len > 1 && digits[len - 1] == '0') --len;
    std::memcpy(out, digits, len);
    out += len;
  }
  return out;
}

char* AppendYear(char* out, int32_t year) {
  if (year > 0 && year < 10000) return Append2(Append2(out, year / 100), year % 100);
  return AppendPadded(out, year > 0 ? year : -(int64_t{year} - 1), 4);
}

char* AppendDate(char* out, const Civil& c) {
  out = AppendYear(out, c.year);
  *out++ = '-';
  out = Append2(out, c.month);
  *out++ = '-';
  return Append2(out, c.day);
}

// Writes "YYYY-MM-DD HH:MM:SS[.ffffff]"; sets *bc for years before 1 AD.
char* AppendDateTime(char* out, int64_t local, bool* bc) {
  int32_t days;
  int64_t tod;
  SplitTimestamp(local, &days, &tod);
  Civil c = CivilFromDays(days);
  *bc = c.year <= 0;
  CivilTime t = CivilTimeFromMicros(tod);
  out = AppendDate(out, c);
  *out++ = ' ';
  out = Append2(out, t.hour);
  *out++ = ':';
  out = Append2(out, t.minute);
  *out++ = ':';
  return AppendSeconds(out, t.second, t.micros, true);
}

// EncodeTimezone(): "+05", "-05:30", "+05:30:15" for an offset east of UTC.
char* AppendOffset(char* out, int32_t east) {
  int32_t sec = east < 0 ? -east : east;
  int32_t min = sec / 60;
  sec -= min * 60;
  int32_t hour = min / 60;
  min -= hour * 60;
  *out++ = east >= 0 ? '+' : '-';
  out = AppendPadded(out, hour, 2);
  if (sec != 0) {
    *out++ = ':';
    out = AppendPadded(out, min, 2);
    *out++ = ':';
    out = AppendPadded(out, sec, 2);
  } else if (min != 0) {
    *out++ = ':';
    out = AppendPadded(out, min, 2);
  }
  return out;
}

size_t CopySpecial(const char* word, char* out) {
  size_t len = std::strlen(word);
  std::memcpy(out, word, len);
  return len;
}

// Adds `months` to a civil date as timestamp_pl_interval does: the day clamps to the end of
// the new month. Returns false if the year leaves the Julian range.
bool AddMonthsToCivil(Civil* c, int64_t months) {
  int64_t year = c->year;
  int64_t mon = c->month + months;
  if (mon > 12) {
    year += (mon - 1) / 12;
    mon = (mon - 1) % 12 + 1;
  } else if (mon < 1) {
    year += mon / 12 - 1;
    mon = mon % 12 + 12;
  }
  if (!IsValidJulian(year, mon)) return false;
  c->year = static_cast<int32_t>(year);
  c->month = static_cast<int32_t>(mon);
  c->day = std::min(c->day, DaysInMonth(c->year, c->month));
  return true;
}

// Combines days and a time of day, throwing "timestamp out of range" far outside the range
// (the final range check is the caller's, after any zone adjustment).
int64_t CombineChecked(int64_t days, int64_t tod) {
  if (days < kMinDate - 2 || days > kDateEnd + 2) ThrowOutOfRange("timestamp");
  return days * kMicrosPerDay + tod;
}

// timestamp2tm/tm2timestamp round trip for calendar arithmetic on a local time.
int64_t AddMonthsLocal(int64_t local, int32_t months) {
  int32_t days;
  int64_t tod;
  SplitTimestamp(local, &days, &tod);
  Civil c = CivilFromDays(days);
  if (!AddMonthsToCivil(&c, months)) ThrowOutOfRange("timestamp");
  return CombineChecked(DaysFromCivil64(c.year, c.month, c.day), tod);
}

int64_t AddDaysLocal(int64_t local, int32_t add_days) {
  int32_t days;
  int64_t tod;
  SplitTimestamp(local, &days, &tod);
  return CombineChecked(int64_t{days} + add_days, tod);
}

// The UTC instant of local time `local` in `tz`, as DetermineTimeZoneOffset + tm2timestamp do.
int64_t LocalToUtcChecked(int64_t local, const TimeZone& tz) {
  // PostgreSQL looks the zone up by whole local seconds.
  int64_t offset = tz.OffsetForLocal(FloorDiv(local, kMicrosPerSecond) * kMicrosPerSecond);
  int64_t utc = local - offset * kMicrosPerSecond;
  if (!IsValidTimestamp(utc)) ThrowOutOfRange("timestamp");
  return utc;
}

}  // namespace

bool IsLeapYear(int32_t year) { return (year % 4 == 0) && ((year % 100 != 0) || (year % 400 == 0)); }

int32_t DaysInMonth(int32_t year, int32_t month) {
  static constexpr int32_t kDays[2][12] = {{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31},
                                           {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}};
  return kDays[IsLeapYear(year) ? 1 : 0][month - 1];
}

bool IsValidDate(int32_t year, int32_t month, int32_t day) {
  return month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

int32_t DaysFromCivil(int32_t year, int32_t month, int32_t day) {
  return static_cast<int32_t>(DaysFromCivil64(year, month, day));
}

Civil CivilFromDays(int32_t days) {
  // Howard Hinnant's civil_from_days, shifted to our epoch and done in 64 bits so that the
  // whole int32 range works.
  int64_t z = int64_t{days} + kUnixEpochOffsetDays + 719468;
  int64_t era = FloorDiv(z, 146097);
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp < 10 ? mp + 3 : mp - 9;
  int64_t y = yoe + era * 400 + (m <= 2);
  return Civil{static_cast<int32_t>(y), static_cast<int32_t>(m), static_cast<int32_t>(d)};
}

int32_t DayOfWeek(int32_t days) {
  // 2000-01-01 was a Saturday.
  return static_cast<int32_t>(((int64_t{days} + 6) % 7 + 7) % 7);
}

void SplitTimestamp(int64_t ts, int32_t* days, int64_t* time_of_day) {
  int64_t d = FloorDiv(ts, kMicrosPerDay);
  *days = static_cast<int32_t>(d);
  *time_of_day = ts - d * kMicrosPerDay;
}

int64_t MakeTimestamp(int32_t days, int64_t time_of_day) {
  return int64_t{days} * kMicrosPerDay + time_of_day;
}

CivilTime CivilTimeFromMicros(int64_t time_of_day) {
  CivilTime t;
  t.hour = static_cast<int32_t>(time_of_day / kMicrosPerHour);
  time_of_day -= int64_t{t.hour} * kMicrosPerHour;
  t.minute = static_cast<int32_t>(time_of_day / kMicrosPerMinute);
  time_of_day -= int64_t{t.minute} * kMicrosPerMinute;
  t.second = static_cast<int32_t>(time_of_day / kMicrosPerSecond);
  t.micros = static_cast<int32_t>(time_of_day - int64_t{t.second} * kMicrosPerSecond);
  return t;
}

int32_t ParseDate(std::string_view text) {
  int32_t days = 0;
  if (text.size() == 10 && FastDate(text.data(), &days)) return days;
  return ParseDateGeneral(text, DecodeContext{});
}

int32_t ParseDate(std::string_view text, const TimeZone& session_tz, int64_t now_utc) {
  int32_t days = 0;
  if (text.size() == 10 && FastDate(text.data(), &days)) return days;
  DecodeContext ctx;
  ctx.session_tz = &session_tz;
  ctx.now_utc = &now_utc;
  return ParseDateGeneral(text, ctx);
}

int64_t ParseTimestamp(std::string_view text) {
  int64_t local = 0;
  size_t consumed = 0;
  if (FastLocalTimestamp(text, &local, &consumed) && consumed == text.size()) return local;
  return ParseTimestampGeneral(text, DecodeContext{}, "timestamp");
}

int64_t ParseTimestamp(std::string_view text, const TimeZone& session_tz, int64_t now_utc) {
  int64_t local = 0;
  size_t consumed = 0;
  if (FastLocalTimestamp(text, &local, &consumed) && consumed == text.size()) return local;
  DecodeContext ctx;
  ctx.session_tz = &session_tz;
  ctx.now_utc = &now_utc;
  return ParseTimestampGeneral(text, ctx, "timestamp");
}

namespace {

// Reads what may follow a fast-path timestamptz: nothing, "Z", or "+HH" / "+HH:MM" (and
// minus). Returns false for anything else.
bool FastZoneSuffix(std::string_view rest, bool* has_zone, int32_t* east) {
  *has_zone = false;
  *east = 0;
  if (rest.empty()) return true;
  if (rest == "Z" || rest == "z") {
    *has_zone = true;
    return true;
  }
  if ((rest[0] != '+' && rest[0] != '-') || (rest.size() != 3 && rest.size() != 6)) return false;
  if (!AllDigits(rest.data() + 1, 2)) return false;
  int hours = Digits2(rest.data() + 1);
  int minutes = 0;
  if (rest.size() == 6) {
    if (rest[3] != ':' || !AllDigits(rest.data() + 4, 2)) return false;
    minutes = Digits2(rest.data() + 4);
  }
  if (hours > kMaxTzDispHour || minutes >= 60) return false;
  *has_zone = true;
  *east = (hours * 60 + minutes) * 60 * (rest[0] == '-' ? -1 : 1);
  return true;
}

int64_t ParseTimestampTzImpl(std::string_view text, const TimeZone& session_tz, const int64_t* now_utc) {
  int64_t local = 0;
  size_t consumed = 0;
  bool has_zone = false;
  int32_t east = 0;
  if (FastLocalTimestamp(text, &local, &consumed) &&
      FastZoneSuffix(text.substr(consumed), &has_zone, &east)) {
    if (has_zone) return local - int64_t{east} * kMicrosPerSecond;
    return local - int64_t{session_tz.OffsetForLocal(FloorDiv(local, kMicrosPerSecond) * kMicrosPerSecond)} *
                       kMicrosPerSecond;
  }
  DecodeContext ctx;
  ctx.session_tz = &session_tz;
  ctx.now_utc = now_utc;
  ctx.want_tz = true;
  return ParseTimestampGeneral(text, ctx, "timestamp with time zone");
}

}  // namespace

int64_t ParseTimestampTz(std::string_view text, const TimeZone& session_tz) {
  return ParseTimestampTzImpl(text, session_tz, nullptr);
}

int64_t ParseTimestampTz(std::string_view text, const TimeZone& session_tz, int64_t now_utc) {
  return ParseTimestampTzImpl(text, session_tz, &now_utc);
}

namespace {

bool AdjustFractMicroseconds(double frac, int64_t scale, ItmIn* itm_in) {
  if (frac == 0) return true;
  frac *= static_cast<double>(scale);
  auto usec = static_cast<int64_t>(frac);
  // Round off any fractional microsecond, halves toward zero.
  frac -= static_cast<double>(usec);
  if (frac > 0.5) {
    ++usec;
  } else if (frac < -0.5) {
    --usec;
  }
  return !__builtin_add_overflow(itm_in->usec, usec, &itm_in->usec);
}

bool AdjustFractDays(double frac, int scale, ItmIn* itm_in) {
  if (frac == 0) return true;
  frac *= scale;
  int extra_days = static_cast<int>(frac);
  if (__builtin_add_overflow(itm_in->mday, extra_days, &itm_in->mday)) return false;
  frac -= extra_days;
  return AdjustFractMicroseconds(frac, kMicrosPerDay, itm_in);
}

bool AdjustFractYears(double frac, int scale, ItmIn* itm_in) {
  int extra_months = static_cast<int>(std::rint(frac * scale * 12));
  return !__builtin_add_overflow(itm_in->mon, extra_months, &itm_in->mon);
}

bool AdjustMicroseconds(int64_t val, double fval, int64_t scale, ItmIn* itm_in) {
  if (!Int64MultiplyAdd(val, scale, &itm_in->usec)) return false;
  return AdjustFractMicroseconds(fval, scale, itm_in);
}

bool AdjustDays(int64_t val, int scale, ItmIn* itm_in) {
  if (val < std::numeric_limits<int32_t>::min() || val > std::numeric_limits<int32_t>::max()) return false;
  int days;
  return !__builtin_mul_overflow(static_cast<int>(val), scale, &days) &&
         !__builtin_add_overflow(itm_in->mday, days, &itm_in->mday);
}

bool AdjustMonths(int64_t val, ItmIn* itm_in) {
  if (val < std::numeric_limits<int32_t>::min() || val > std::numeric_limits<int32_t>::max()) return false;
  return !__builtin_add_overflow(itm_in->mon, static_cast<int>(val), &itm_in->mon);
}

bool AdjustYears(int64_t val, int scale, ItmIn* itm_in) {
  if (val < std::numeric_limits<int32_t>::min() || val > std::numeric_limits<int32_t>::max()) return false;
  int years;
  return !__builtin_mul_overflow(static_cast<int>(val), scale, &years) &&
         !__builtin_add_overflow(itm_in->year, years, &itm_in->year);
}

// PostgreSQL 15's DecodeInterval() for IntervalStyle postgres and no typmod: fields are read
// right to left so that units come before their numbers.
int DecodeInterval(Fields* f, ItmIn* itm_in) {
  char** field = f->field;
  int* ftype = f->type;
  int nf = f->count;
  bool is_before = false;
  int fmask = 0;
  int tmask = 0;
  int type = kIgnore;
  int uval = 0;
  int dterr = 0;
  int64_t val = 0;
  double fval = 0;
  *itm_in = ItmIn{};

  for (int i = nf - 1; i >= 0; --i) {
    switch (ftype[i]) {
      case kDtkTime:
        dterr = DecodeTimeForInterval(field[i], &tmask, itm_in);
        if (dterr) return dterr;
        type = kDtkDay;
        break;

      case kDtkTz:
        // A signed hh:mm[:ss] is a time; anything else a signed number or year-month.
        if (std::strchr(field[i] + 1, ':') != nullptr &&
            DecodeTimeForInterval(field[i] + 1, &tmask, itm_in) == 0) {
          if (*field[i] == '-') {
            if (itm_in->usec == std::numeric_limits<int64_t>::min()) return kErrFieldOverflow;
            itm_in->usec = -itm_in->usec;
          }
          // An unlabeled number before it is days ('1 +02:03').
          type = kDtkDay;
          break;
        }
        [[fallthrough]];

      case kDtkDate:
      case kDtkNumber: {
        if (type == kIgnore) type = kDtkSecond;  // the rightmost unlabeled number is seconds
        char* cp;
        if (!StrToI64(field[i], &cp, &val)) return kErrFieldOverflow;
        if (*cp == '-') {
          // SQL "years-months".
          int val2 = 0;
          bool ok = StrToInt(cp + 1, &cp, &val2);
          if (!ok || val2 < 0 || val2 >= 12) return kErrFieldOverflow;
          if (*cp != '\0') return kErrBadFormat;
          type = kDtkMonth;
          if (*field[i] == '-') val2 = -val2;
          if (__builtin_mul_overflow(val, int64_t{12}, &val)) return kErrFieldOverflow;
          if (__builtin_add_overflow(val, int64_t{val2}, &val)) return kErrFieldOverflow;
          fval = 0;
        } else if (*cp == '.') {
          dterr = ParseFraction(cp, &fval);
          if (dterr) return dterr;
          if (*field[i] == '-') fval = -fval;
        } else if (*cp == '\0') {
          fval = 0;
        } else {
          return kErrBadFormat;
        }
        tmask = 0;
        switch (type) {
          case kDtkMicrosec:
            if (!AdjustMicroseconds(val, fval, 1, itm_in)) return kErrFieldOverflow;
            tmask = Mask(kMicrosecond);
            break;
          case kDtkMillisec:
            if (!AdjustMicroseconds(val, fval, 1000, itm_in)) return kErrFieldOverflow;
            tmask = Mask(kMillisecond);
            break;
          case kDtkSecond:
            if (!AdjustMicroseconds(val, fval, kMicrosPerSecond, itm_in)) return kErrFieldOverflow;
            // A fraction counts as milliseconds and microseconds too.
            tmask = fval == 0 ? Mask(kSecond) : kAllSecsMask;
            break;
          case kDtkMinute:
            if (!AdjustMicroseconds(val, fval, kMicrosPerMinute, itm_in)) return kErrFieldOverflow;
            tmask = Mask(kMinute);
            break;
          case kDtkHour:
            if (!AdjustMicroseconds(val, fval, kMicrosPerHour, itm_in)) return kErrFieldOverflow;
            tmask = Mask(kHour);
            type = kDtkDay;  // for the next field
            break;
          case kDtkDay:
            if (!AdjustDays(val, 1, itm_in) || !AdjustFractMicroseconds(fval, kMicrosPerDay, itm_in)) {
              return kErrFieldOverflow;
            }
            tmask = Mask(kDay);
            break;
          case kDtkWeek:
            if (!AdjustDays(val, 7, itm_in) || !AdjustFractDays(fval, 7, itm_in)) return kErrFieldOverflow;
            tmask = Mask(kWeek);
            break;
          case kDtkMonth:
            if (!AdjustMonths(val, itm_in) || !AdjustFractDays(fval, Interval::kDaysPerMonth, itm_in)) {
              return kErrFieldOverflow;
            }
            tmask = Mask(kMonth);
            break;
          case kDtkYear:
            if (!AdjustYears(val, 1, itm_in) || !AdjustFractYears(fval, 1, itm_in)) return kErrFieldOverflow;
            tmask = Mask(kYear);
            break;
          case kDtkDecade:
            if (!AdjustYears(val, 10, itm_in) || !AdjustFractYears(fval, 10, itm_in))
              return kErrFieldOverflow;
            tmask = Mask(kDecade);
            break;
          case kDtkCentury:
            if (!AdjustYears(val, 100, itm_in) || !AdjustFractYears(fval, 100, itm_in))
              return kErrFieldOverflow;
            tmask = Mask(kCentury);
            break;
          case kDtkMillennium:
            if (!AdjustYears(val, 1000, itm_in) || !AdjustFractYears(fval, 1000, itm_in)) {
              return kErrFieldOverflow;
            }
            tmask = Mask(kMillennium);
            break;
          default:
            return kErrBadFormat;
        }
        break;
      }

      case kDtkString:
      case kDtkSpecial:
        type = DecodeUnits(field[i], &uval);
        if (type == kIgnore) continue;
        tmask = 0;
        switch (type) {
          case kUnits:
            type = uval;
            break;
          case kAgo:
            is_before = true;
            type = uval;
            break;
          default:
            return kErrBadFormat;
        }
        break;

      default:
        return kErrBadFormat;
    }
    if (tmask & fmask) return kErrBadFormat;
    fmask |= tmask;
  }
  if (fmask == 0) return kErrBadFormat;
  if (is_before) {
    if (itm_in->usec == std::numeric_limits<int64_t>::min() ||
        itm_in->mday == std::numeric_limits<int>::min() || itm_in->mon == std::numeric_limits<int>::min() ||
        itm_in->year == std::numeric_limits<int>::min()) {
      return kErrFieldOverflow;
    }
    itm_in->usec = -itm_in->usec;
    itm_in->mday = -itm_in->mday;
    itm_in->mon = -itm_in->mon;
    itm_in->year = -itm_in->year;
  }
  return 0;
}

// ParseISO8601Number(): strtod() semantics, split into integral and fractional parts.
int ParseIso8601Number(const char* str, const char** endptr, int64_t* ipart, double* fpart) {
  if (!(IsDigit(*str) || *str == '-' || *str == '.')) return kErrBadFormat;
  double val = 0;
  char* end;
  bool ok = StrToD(str, &end, &val);
  *endptr = end;
  if (end == str || !ok) return kErrBadFormat;
  if (std::isnan(val) || val < -1.0e15 || val > 1.0e15) return kErrFieldOverflow;
  *ipart = val >= 0 ? static_cast<int64_t>(std::floor(val)) : static_cast<int64_t>(-std::floor(-val));
  *fpart = val - static_cast<double>(*ipart);
  return 0;
}

int Iso8601IntegerWidth(const char* fieldstart) {
  if (*fieldstart == '-') ++fieldstart;
  return static_cast<int>(std::strspn(fieldstart, "0123456789"));
}

// DecodeISO8601Interval(): "P1Y2M3DT4H5M6S", "P0001-02-03T04:05:06", "P00010203T040506".
int DecodeIso8601Interval(const char* str, ItmIn* itm_in) {
  bool datepart = true;
  bool havefield = false;
  *itm_in = ItmIn{};
  if (std::strlen(str) < 2 || str[0] != 'P') return kErrBadFormat;
  ++str;
  while (*str) {
    if (*str == 'T') {
      datepart = false;
      havefield = false;
      ++str;
      continue;
    }
    const char* fieldstart = str;
    int64_t val = 0;
    double fval = 0;
    int dterr = ParseIso8601Number(str, &str, &val, &fval);
    if (dterr) return dterr;
    // The unit may be the terminating NUL; every branch below leaves the loop then.
    char unit = *str++;
    if (datepart) {
      switch (unit) {
        case 'Y':
          if (!AdjustYears(val, 1, itm_in) || !AdjustFractYears(fval, 1, itm_in)) return kErrFieldOverflow;
          break;
        case 'M':
          if (!AdjustMonths(val, itm_in) || !AdjustFractDays(fval, Interval::kDaysPerMonth, itm_in)) {
            return kErrFieldOverflow;
          }
          break;
        case 'W':
          if (!AdjustDays(val, 7, itm_in) || !AdjustFractDays(fval, 7, itm_in)) return kErrFieldOverflow;
          break;
        case 'D':
          if (!AdjustDays(val, 1, itm_in) || !AdjustFractMicroseconds(fval, kMicrosPerDay, itm_in)) {
            return kErrFieldOverflow;
          }
          break;
        case 'T':
        case '\0':
          if (Iso8601IntegerWidth(fieldstart) == 8 && !havefield) {
            // Basic alternative format, YYYYMMDD.
            if (!AdjustYears(val / 10000, 1, itm_in) || !AdjustMonths((val / 100) % 100, itm_in) ||
                !AdjustDays(val % 100, 1, itm_in) || !AdjustFractMicroseconds(fval, kMicrosPerDay, itm_in)) {
              return kErrFieldOverflow;
            }
            if (unit == '\0') return 0;
            datepart = false;
            havefield = false;
            continue;
          }
          [[fallthrough]];
        case '-':
          // Extended alternative format, YYYY-MM-DD.
          if (havefield) return kErrBadFormat;
          if (!AdjustYears(val, 1, itm_in) || !AdjustFractYears(fval, 1, itm_in)) return kErrFieldOverflow;
          if (unit == '\0') return 0;
          if (unit == 'T') {
            datepart = false;
            havefield = false;
            continue;
          }
          dterr = ParseIso8601Number(str, &str, &val, &fval);
          if (dterr) return dterr;
          if (!AdjustMonths(val, itm_in) || !AdjustFractDays(fval, Interval::kDaysPerMonth, itm_in)) {
            return kErrFieldOverflow;
          }
          if (*str == '\0') return 0;
          if (*str == 'T') {
            datepart = false;
            havefield = false;
            continue;
          }
          if (*str != '-') return kErrBadFormat;
          ++str;
          dterr = ParseIso8601Number(str, &str, &val, &fval);
          if (dterr) return dterr;
          if (!AdjustDays(val, 1, itm_in) || !AdjustFractMicroseconds(fval, kMicrosPerDay, itm_in)) {
            return kErrFieldOverflow;
          }
          if (*str == '\0') return 0;
          if (*str == 'T') {
            datepart = false;
            havefield = false;
            continue;
          }
          return kErrBadFormat;
        default:
          return kErrBadFormat;
      }
    } else {
      switch (unit) {
        case 'H':
          if (!AdjustMicroseconds(val, fval, kMicrosPerHour, itm_in)) return kErrFieldOverflow;
          break;
        case 'M':
          if (!AdjustMicroseconds(val, fval, kMicrosPerMinute, itm_in)) return kErrFieldOverflow;
          break;
        case 'S':
          if (!AdjustMicroseconds(val, fval, kMicrosPerSecond, itm_in)) return kErrFieldOverflow;
          break;
        case '\0':
          if (Iso8601IntegerWidth(fieldstart) == 6 && !havefield) {
            // Basic alternative format, HHMMSS.
            if (!AdjustMicroseconds(val / 10000, 0, kMicrosPerHour, itm_in) ||
                !AdjustMicroseconds((val / 100) % 100, 0, kMicrosPerMinute, itm_in) ||
                !AdjustMicroseconds(val % 100, 0, kMicrosPerSecond, itm_in) ||
                !AdjustFractMicroseconds(fval, 1, itm_in)) {
              return kErrFieldOverflow;
            }
            return 0;
          }
          [[fallthrough]];
        case ':':
          // Extended alternative format, HH:MM:SS.
          if (havefield) return kErrBadFormat;
          if (!AdjustMicroseconds(val, fval, kMicrosPerHour, itm_in)) return kErrFieldOverflow;
          if (unit == '\0') return 0;
          dterr = ParseIso8601Number(str, &str, &val, &fval);
          if (dterr) return dterr;
          if (!AdjustMicroseconds(val, fval, kMicrosPerMinute, itm_in)) return kErrFieldOverflow;
          if (*str == '\0') return 0;
          if (*str != ':') return kErrBadFormat;
          ++str;
          dterr = ParseIso8601Number(str, &str, &val, &fval);
          if (dterr) return dterr;
          if (!AdjustMicroseconds(val, fval, kMicrosPerSecond, itm_in)) return kErrFieldOverflow;
          if (*str == '\0') return 0;
          return kErrBadFormat;
        default:
          return kErrBadFormat;
      }
    }
    havefield = true;
  }
  return 0;
}

}  // namespace

Interval ParseInterval(std::string_view text) {
  char workbuf[256];
  Fields fields;
  ItmIn itm_in;
  int dterr = ParseDateTime(text, workbuf, sizeof(workbuf), &fields);
  if (dterr == 0) dterr = DecodeInterval(&fields, &itm_in);
  if (dterr == kErrBadFormat) {
    // The ISO 8601 reader wants the raw, NUL-terminated text.
    std::string raw(text);
    if (std::strlen(raw.c_str()) == raw.size()) dterr = DecodeIso8601Interval(raw.c_str(), &itm_in);
  }
  if (dterr != 0) {
    if (dterr == kErrFieldOverflow) dterr = kErrIntervalOverflow;
    ThrowParseError(dterr, text, "interval");
  }
  int64_t months = int64_t{itm_in.year} * 12 + itm_in.mon;
  if (months > std::numeric_limits<int32_t>::max() || months < std::numeric_limits<int32_t>::min()) {
    ThrowOutOfRange("interval");
  }
  Interval result;
  result.months = static_cast<int32_t>(months);
  result.days = itm_in.mday;
  result.micros = itm_in.usec;
  return result;
}

size_t FormatDate(int32_t days, char* out) {
  if (days == kDateInfinity) return CopySpecial("infinity", out);
  if (days == kDateNegInfinity) return CopySpecial("-infinity", out);
  Civil c = CivilFromDays(days);
  char* p = AppendDate(out, c);
  if (c.year <= 0) p = static_cast<char*>(std::memcpy(p, " BC", 3)) + 3;
  return p - out;
}

std::string FormatDate(int32_t days) {
  char buf[kMaxFormattedLength];
  return std::string(buf, FormatDate(days, buf));
}

size_t FormatTimestamp(int64_t micros, char* out) {
  if (micros == kTimestampInfinity) return CopySpecial("infinity", out);
  if (micros == kTimestampNegInfinity) return CopySpecial("-infinity", out);
  bool bc = false;
  char* p = AppendDateTime(out, micros, &bc);
  if (bc) p = static_cast<char*>(std::memcpy(p, " BC", 3)) + 3;
  return p - out;
}

std::string FormatTimestamp(int64_t micros) {
  char buf[kMaxFormattedLength];
  return std::string(buf, FormatTimestamp(micros, buf));
}

size_t FormatTimestampTz(int64_t micros, const TimeZone& tz, char* out) {
  if (micros == kTimestampInfinity) return CopySpecial("infinity", out);
  if (micros == kTimestampNegInfinity) return CopySpecial("-infinity", out);
  int32_t offset = tz.OffsetAtUtc(micros);
  int64_t local = micros + int64_t{offset} * kMicrosPerSecond;
  bool bc = false;
  char* p = AppendDateTime(out, local, &bc);
  p = AppendOffset(p, offset);
  if (bc) p = static_cast<char*>(std::memcpy(p, " BC", 3)) + 3;
  return p - out;
}

std::string FormatTimestampTz(int64_t micros, const TimeZone& tz) {
  char buf[kMaxFormattedLength];
  return std::string(buf, FormatTimestampTz(micros, tz, buf));
}

std::string FormatInterval(const Interval& interval) {
  // EncodeInterval() in IntervalStyle postgres: "1 year 2 mons -3 days +04:05:06.5". Each
  // nonzero field after a negative one gets an explicit sign.
  int32_t year = interval.months / 12;
  int32_t mon = interval.months % 12;
  int64_t mday = interval.days;
  int64_t time = interval.micros;
  int64_t hour = time / kMicrosPerHour;
  time -= hour * kMicrosPerHour;
  int32_t min = static_cast<int32_t>(time / kMicrosPerMinute);
  time -= int64_t{min} * kMicrosPerMinute;
  int32_t sec = static_cast<int32_t>(time / kMicrosPerSecond);
  int32_t fsec = static_cast<int32_t>(time - int64_t{sec} * kMicrosPerSecond);

  std::string out;
  out.reserve(48);
  bool is_zero = true;
  bool is_before = false;
  auto add_part = [&](int64_t value, const char* units) {
    if (value == 0) return;
    if (!is_zero) out += ' ';
    if (is_before && value > 0) out += '+';
    out += std::to_string(value);
    out += ' ';
    out += units;
    if (value != 1) out += 's';
    is_before = value < 0;
    is_zero = false;
  };
  add_part(year, "year");
  add_part(mon, "mon");
  add_part(mday, "day");
  if (is_zero || hour != 0 || min != 0 || sec != 0 || fsec != 0) {
    bool minus = hour < 0 || min < 0 || sec < 0 || fsec < 0;
    if (!is_zero) out += ' ';
    if (minus) {
      out += '-';
    } else if (is_before) {
      out += '+';
    }
    char buf[48];
    char* p = AppendPadded(buf, hour < 0 ? -hour : hour, 2);
    *p++ = ':';
    p = AppendPadded(p, min < 0 ? -min : min, 2);
    *p++ = ':';
    p = AppendSeconds(p, sec, fsec, true);
    out.append(buf, p - buf);
  }
  return out;
}

int64_t AddInterval(int64_t timestamp, const Interval& interval) {
  if (timestamp == kTimestampInfinity || timestamp == kTimestampNegInfinity) return timestamp;
  if (interval.months != 0) {
    timestamp = AddMonthsLocal(timestamp, interval.months);
    if (!IsValidTimestamp(timestamp)) ThrowOutOfRange("timestamp");
  }
  if (interval.days != 0) {
    timestamp = AddDaysLocal(timestamp, interval.days);
    if (!IsValidTimestamp(timestamp)) ThrowOutOfRange("timestamp");
  }
  if (__builtin_add_overflow(timestamp, interval.micros, &timestamp) || !IsValidTimestamp(timestamp)) {
    ThrowOutOfRange("timestamp");
  }
  return timestamp;
}

int64_t AddIntervalTz(int64_t timestamptz, const Interval& interval, const TimeZone& tz) {
  if (timestamptz == kTimestampInfinity || timestamptz == kTimestampNegInfinity) return timestamptz;
  // Months and days move the local wall-clock time, which is then placed in the zone again
  // (so "+1 day" across a DST change keeps the time of day); micros are absolute time.
  if (interval.months != 0) {
    int64_t local = timestamptz + int64_t{tz.OffsetAtUtc(timestamptz)} * kMicrosPerSecond;
    timestamptz = LocalToUtcChecked(AddMonthsLocal(local, interval.months), tz);
  }
  if (interval.days != 0) {
    int64_t local = timestamptz + int64_t{tz.OffsetAtUtc(timestamptz)} * kMicrosPerSecond;
    timestamptz = LocalToUtcChecked(AddDaysLocal(local, interval.days), tz);
  }
  if (__builtin_add_overflow(timestamptz, interval.micros, &timestamptz) || !IsValidTimestamp(timestamptz)) {
    ThrowOutOfRange("timestamp");
  }
  return timestamptz;
}

int32_t AddMonthsToDate(int32_t days, int32_t months) {
  if (days == kDateInfinity || days == kDateNegInfinity) return days;
  Civil c = CivilFromDays(days);
  if (!AddMonthsToCivil(&c, months)) ThrowOutOfRange("date");
  int64_t result = DaysFromCivil64(c.year, c.month, c.day);
  if (!IsValidDateNumber(result)) ThrowOutOfRange("date");
  return static_cast<int32_t>(result);
}

}  // namespace date_time
}  // namespace stockroom
