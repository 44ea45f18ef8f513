// to_date and to_timestamp(text, text): PostgreSQL 15's DCH_from_char and do_to_timestamp in
// the C locale. The template is parsed once per call (kept while the template column repeats
// the same text); each row's input is read through a reused NUL-terminated buffer, since the
// reader follows PostgreSQL's C-string logic step by step.
#include <cstring>
#include <string>

#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/date_function_registration.hpp"
#include "function/scalar/date_parts.hpp"
#include "function/scalar/to_date_functions.hpp"
#include "function/scalar/datetime_template.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {
namespace {

using namespace datetime_template;  // NOLINT: the engine's keyword ids and tables

// PostgreSQL's int arithmetic on parsed fields wraps (it builds with -fwrapv); so does ours.
int Wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

// What the template read from the input (PostgreSQL's TmFromChar).
struct FromChar {
  DateMode mode = DateMode::kNone;
  int hh = 0, pm = 0, mi = 0, ss = 0, ssss = 0, d = 0, dd = 0, ddd = 0, mm = 0, ms = 0, year = 0, bc = 0,
      ww = 0, w = 0, cc = 0, j = 0, us = 0, yysz = 0, clock12 = 0, tzsign = 0, tzh = 0, tzm = 0, ff = 0;
};

std::string KeyName(const Node& n) { return std::string(n.key->name, n.key->len); }

void SetMode(FromChar* out, DateMode mode) {
  if (mode == DateMode::kNone) return;
  if (out->mode == DateMode::kNone) {
    out->mode = mode;
  } else if (out->mode != mode) {
    throw SqlError(ErrorCode::kInvalidDatetimeFormat, "invalid combination of date conventions")
        .WithHint("Do not mix Gregorian and ISO week date conventions in a formatting template.");
  }
}

void SetField(int* dest, int value, const Node& n) {
  if (*dest != 0 && *dest != value) {
    throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                   "conflicting values for \"" + KeyName(n) + "\" field in formatting string")
        .WithDetail("This value contradicts a previous setting for the same field type.");
  }
  *dest = value;
}

// C's strtol in base 10: whitespace, sign, digits. Sets *end to the first unread character
// (to `s` when nothing was read) and *overflow when the value leaves the range of long.
long StrToLong(const char* s, const char** end, bool* overflow) {
  const char* p = s;
  while (IsSpace(*p)) p++;
  bool negative = false;
  if (*p == '+' || *p == '-') {
    negative = *p == '-';
    p++;
  }
  if (!IsDigit(*p)) {
    *end = s;
    *overflow = false;
    return 0;
  }
  unsigned long long mag = 0;
  bool big = false;
  while (IsDigit(*p)) {
    if (mag > (1ull << 63) / 10) big = true;
    mag = mag * 10 + static_cast<unsigned>(*p - '0');
    if (mag > (1ull << 63)) big = true;
    p++;
  }
  *end = p;
  *overflow = big || (!negative && mag > static_cast<unsigned long long>(INT64_MAX));
  if (*overflow) return negative ? INT64_MIN : INT64_MAX;
  return negative ? static_cast<long>(0 - mag) : static_cast<long>(mag);
}

// Whether the node after `n` cannot be part of a number, so `n` may read digits freely.
bool IsNextSeparator(const Node* n) {
  if (n->type == NodeType::kEnd) return false;
  if (n->type == NodeType::kAction && HasTH(*n)) return true;
  const Node* next = n + 1;
  if (next->type == NodeType::kEnd) return true;
  if (next->type == NodeType::kAction) return !next->key->is_digit;
  if (next->char_len == 1 && IsDigit(next->character[0])) return false;
  return true;
}

// Reads an integer field of `len` characters (any length in fill mode or before a
// separator); PostgreSQL's from_char_parse_int_len. Returns the characters consumed.
int ParseIntField(int* dest, const char** src, int len, const Node* n) {
  const char* init = *src;
  while (IsSpace(**src)) (*src)++;
  char copy[16];
  int used = 0;
  while (used < len && used < 15 && (*src)[used] != '\0') {
    copy[used] = (*src)[used];
    used++;
  }
  copy[used] = '\0';
  long result;
  bool overflow = false;
  if (HasFM(*n) || IsNextSeparator(n)) {
    const char* end;
    result = StrToLong(init, &end, &overflow);
    *src = end;
  } else {
    if (used < len) {
      throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                     "source string too short for \"" + KeyName(*n) + "\" formatting field")
          .WithDetail("Field requires " + std::to_string(len) + " characters, but only " +
                      std::to_string(used) + " remain.")
          .WithHint("If your source string is not fixed-width, try using the \"FM\" modifier.");
    }
    const char* last;
    result = StrToLong(copy, &last, &overflow);
    int parsed = static_cast<int>(last - copy);
    if (parsed > 0 && parsed < len) {
      throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                     "invalid value \"" + std::string(copy) + "\" for \"" + KeyName(*n) + "\"")
          .WithDetail("Field requires " + std::to_string(len) + " characters, but only " +
                      std::to_string(parsed) + " could be parsed.")
          .WithHint("If your source string is not fixed-width, try using the \"FM\" modifier.");
    }
    *src += parsed;
  }
  if (*src == init) {
    throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                   "invalid value \"" + std::string(copy) + "\" for \"" + KeyName(*n) + "\"")
        .WithDetail("Value must be an integer.");
  }
  if (overflow || result < INT32_MIN || result > INT32_MAX) {
    throw SqlError(ErrorCode::kDatetimeFieldOverflow,
                   "value for \"" + KeyName(*n) + "\" in source string is out of range")
        .WithDetail("Value must be in the range -2147483648 to 2147483647.");
  }
  if (dest != nullptr) SetField(dest, static_cast<int>(result), *n);
  return static_cast<int>(*src - init);
}

int ParseIntField(int* dest, const char** src, const Node* n) {
  return ParseIntField(dest, src, n->key->len, n);
}

// Matches one of `words` (case-insensitively) at *src; PostgreSQL's from_char_seq_search.
int MatchWord(const char** src, const char* const* words, const Node& n) {
  const char* s = *src;
  if (*s != '\0') {
    for (int i = 0; words[i] != nullptr; i++) {
      const char* w = words[i];
      size_t k = 0;
      while (w[k] != '\0' && s[k] != '\0' && ToLower(w[k]) == ToLower(s[k])) k++;
      if (w[k] == '\0') {
        *src += k;
        return i;
      }
    }
  }
  std::string copy(s);
  for (size_t i = 0; i < copy.size(); i++) {
    char c = copy[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      copy.resize(i);
      break;
    }
  }
  throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                 "invalid value \"" + copy + "\" for \"" + KeyName(n) + "\"")
      .WithDetail("The given value did not match any of the allowed values for this field.");
}

void SkipOrdinal(const char** s, const Node& n) {
  if (!HasTH(n)) return;
  for (int i = 0; i < 2 && **s != '\0'; i++) *s += format_template::CharLength(*s, std::strlen(*s));
}

int AdjustPartialYear(int year) {
  // Toward 2020: 0-69 -> 2000s, 70-99 -> 1900s, 100-519 -> 2000s, 520-999 -> 1000s.
  if (year < 70) return year + 2000;
  if (year < 100) return year + 1900;
  if (year < 520) return year + 2000;
  if (year < 1000) return year + 1000;
  return year;
}

bool IsSeparatorChar(char c) {
  return c > 0x20 && c < 0x7F && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') && !IsDigit(c);
}

// Reads `in` (NUL-terminated) according to the template; PostgreSQL's DCH_from_char.
void DchFromChar(const std::vector<Node>& nodes, const char* in, FromChar* out) {
  bool fx_mode = false;
  // Characters skipped beyond what the template asked for.
  int extra_skip = 0;
  const char* s = in;
  const Node* n = nodes.data();
  for (; n->type != NodeType::kEnd && *s != '\0'; n++) {
    // Outside FX mode, spaces before a field (or at the start) are ignored.
    if (!fx_mode && !(n->type == NodeType::kAction && n->key->id == kFX) &&
        (n->type == NodeType::kAction || n == nodes.data())) {
      while (*s != '\0' && IsSpace(*s)) {
        s++;
        extra_skip++;
      }
    }
    if (n->type == NodeType::kSpace || n->type == NodeType::kSeparator) {
      if (!fx_mode) {
        // One template separator matches one input space or separator, or nothing.
        extra_skip--;
        if (IsSpace(*s) || IsSeparatorChar(*s)) {
          s++;
          extra_skip++;
        }
      } else {
        s += format_template::CharLength(s, std::strlen(s));
      }
      continue;
    }
    if (n->type != NodeType::kAction) {
      // A literal template character consumes one input character, whatever it is, unless
      // extra characters were skipped before it.
      if (!fx_mode && extra_skip > 0) {
        extra_skip--;
      } else {
        s += format_template::CharLength(s, std::strlen(s));
      }
      continue;
    }
    SetMode(out, n->key->date_mode);
    int len;
    int value;
    switch (n->key->id) {
      case kFX:
        fx_mode = true;
        break;
      case kA_M:
      case kP_M:
      case k_a_m:
      case k_p_m:
        value = MatchWord(&s, kAmPmLong, *n);
        SetField(&out->pm, value % 2, *n);
        out->clock12 = 1;
        break;
      case kAM:
      case kPM:
      case k_am:
      case k_pm:
        value = MatchWord(&s, kAmPm, *n);
        SetField(&out->pm, value % 2, *n);
        out->clock12 = 1;
        break;
      case kHH:
      case kHH12:
        ParseIntField(&out->hh, &s, 2, n);
        out->clock12 = 1;
        SkipOrdinal(&s, *n);
        break;
      case kHH24:
        ParseIntField(&out->hh, &s, 2, n);
        SkipOrdinal(&s, *n);
        break;
      case kMI:
        ParseIntField(&out->mi, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kSS:
        ParseIntField(&out->ss, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kMS:
        len = ParseIntField(&out->ms, &s, 3, n);
        // 25 is 0.25 and 250 is 0.25 too; 025 is 0.025.
        out->ms = Wrap32(int64_t{out->ms} * (len == 1 ? 100 : len == 2 ? 10 : 1));
        SkipOrdinal(&s, *n);
        break;
      case kFF1:
      case kFF2:
      case kFF3:
      case kFF4:
      case kFF5:
      case kFF6:
      case kUS:
        if (n->key->id != kUS) out->ff = n->key->id - kFF1 + 1;
        len = ParseIntField(&out->us, &s, n->key->id == kUS ? 6 : out->ff, n);
        out->us = Wrap32(int64_t{out->us} * (len == 1   ? 100000
                                             : len == 2 ? 10000
                                             : len == 3 ? 1000
                                             : len == 4 ? 100
                                             : len == 5 ? 10
                                                        : 1));
        SkipOrdinal(&s, *n);
        break;
      case kSSSS:
        ParseIntField(&out->ssss, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case k_tz:
      case kTZ:
      case kOF:
        throw SqlError(ErrorCode::kFeatureNotSupported,
                       "formatting field \"" + KeyName(*n) + "\" is only supported in to_char");
      case kTZH:
        // A minus sign may have been skipped as a separator; take it back.
        if (*s == '+' || *s == '-' || *s == ' ') {
          out->tzsign = *s == '-' ? -1 : 1;
          s++;
        } else {
          out->tzsign = (extra_skip > 0 && *(s - 1) == '-') ? -1 : 1;
        }
        ParseIntField(&out->tzh, &s, 2, n);
        break;
      case kTZM:
        if (out->tzsign == 0) out->tzsign = 1;
        ParseIntField(&out->tzm, &s, 2, n);
        break;
      case kA_D:
      case kB_C:
      case k_a_d:
      case k_b_c:
        value = MatchWord(&s, kAdBcLong, *n);
        SetField(&out->bc, value % 2, *n);
        break;
      case kAD:
      case kBC:
      case k_ad:
      case k_bc:
        value = MatchWord(&s, kAdBc, *n);
        SetField(&out->bc, value % 2, *n);
        break;
      case kMONTH:
      case kMonth:
      case k_month:
        value = MatchWord(&s, kMonthsFull, *n);
        SetField(&out->mm, value + 1, *n);
        break;
      case kMON:
      case kMon:
      case k_mon:
        value = MatchWord(&s, kMonthsShort, *n);
        SetField(&out->mm, value + 1, *n);
        break;
      case kMM:
        ParseIntField(&out->mm, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kDAY:
      case kDay:
      case k_day:
        value = MatchWord(&s, kDaysFull, *n);
        SetField(&out->d, value, *n);
        out->d++;
        break;
      case kDY:
      case kDy:
      case k_dy:
        value = MatchWord(&s, kDaysShort, *n);
        SetField(&out->d, value, *n);
        out->d++;
        break;
      case kDDD:
        ParseIntField(&out->ddd, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kIDDD:
        ParseIntField(&out->ddd, &s, 3, n);
        SkipOrdinal(&s, *n);
        break;
      case kDD:
        ParseIntField(&out->dd, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kD:
        ParseIntField(&out->d, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kID:
        ParseIntField(&out->d, &s, 1, n);
        // ISO Monday=1..Sunday=7 becomes Sunday=1..Saturday=7.
        out->d = Wrap32(int64_t{out->d} + 1);
        if (out->d > 7) out->d = 1;
        SkipOrdinal(&s, *n);
        break;
      case kWW:
      case kIW:
        ParseIntField(&out->ww, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kQ:
        // The quarter is read but ignored: the date within it would be ambiguous.
        ParseIntField(nullptr, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kCC:
        ParseIntField(&out->cc, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kY_YYY: {
        // sscanf("%d,%03d"): thousands, a comma, then up to three digits.
        const char* p = s;
        bool overflow = false;
        const char* end;
        long thousands = StrToLong(p, &end, &overflow);
        bool ok = end != p && *end == ',';
        long rest = 0;
        if (ok) {
          // %03d: optional spaces, then at most three characters of sign and digits.
          p = end + 1;
          const char* q = p;
          while (IsSpace(*q)) q++;
          const char* digits_end = q;
          int width = 0;
          if (*digits_end == '+' || *digits_end == '-') digits_end++, width++;
          while (IsDigit(*digits_end) && width < 3) digits_end++, width++;
          std::string field(q, digits_end);
          rest = StrToLong(field.c_str(), &end, &overflow);
          ok = end != field.c_str();
          p = digits_end;
        }
        if (!ok) throw SqlError(ErrorCode::kInvalidDatetimeFormat, "invalid input string for \"Y,YYY\"");
        SetField(&out->year, Wrap32(rest + thousands * 1000), *n);
        out->yysz = 4;
        s = p;
        SkipOrdinal(&s, *n);
        break;
      }
      case kYYYY:
      case kIYYY:
        ParseIntField(&out->year, &s, n);
        out->yysz = 4;
        SkipOrdinal(&s, *n);
        break;
      case kYYY:
      case kIYY:
      case kYY:
      case kIY:
      case kY:
      case kI:
        len = ParseIntField(&out->year, &s, n);
        if (len < 4) out->year = AdjustPartialYear(out->year);
        out->yysz = (n->key->id == kYYY || n->key->id == kIYY) ? 3
                    : (n->key->id == kYY || n->key->id == kIY) ? 2
                                                               : 1;
        SkipOrdinal(&s, *n);
        break;
      case kRM:
      case k_rm:
        value = MatchWord(&s, kRomanMonthsLower, *n);
        SetField(&out->mm, 12 - value, *n);
        break;
      case kW:
        ParseIntField(&out->w, &s, n);
        SkipOrdinal(&s, *n);
        break;
      case kJ:
        ParseIntField(&out->j, &s, n);
        SkipOrdinal(&s, *n);
        break;
      default:
        break;
    }
    // Outside FX mode, spaces after a field are ignored.
    if (!fx_mode) {
      extra_skip = 0;
      while (*s != '\0' && IsSpace(*s)) {
        s++;
        extra_skip++;
      }
    }
  }
}

// The date and time fields do_to_timestamp settles on.
struct ParsedTm {
  int year = 0;  // astronomical
  int mon = 1;
  int mday = 1;
  int hour = 0;
  int min = 0;
  int sec = 0;
  int64_t fsec = 0;
  int fprec = 0;
  bool has_tz = false;
  int32_t tz_east = 0;  // seconds east of UTC
};

[[noreturn]] void ThrowFieldOverflow(const char* input) {
  throw SqlError(ErrorCode::kDatetimeFieldOverflow,
                 "date/time field value out of range: \"" + std::string(input) + "\"");
}

bool IsValidJulian(int year, int month) {
  return (year > -4713 || (year == -4713 && month >= 11)) &&
         (year < 5874898 || (year == 5874898 && month < 6));
}

// PostgreSQL's do_to_timestamp: parses `input` with the template and combines the fields.
ParsedTm DoToTimestamp(DchState& dch, const StringRef& text, const StringRef& fmt) {
  dch.input.assign(text.data(), text.size());
  const char* input = dch.input.c_str();  // a NUL in the text ends it, as in PostgreSQL
  FromChar f;
  ParsedTm tm;
  if (fmt.size() > 0) DchFromChar(dch.Get(fmt), input, &f);

  if (f.ssss) {
    tm.hour = f.ssss / 3600;
    tm.min = (f.ssss % 3600) / 60;
    tm.sec = f.ssss % 60;
  }
  if (f.ss) tm.sec = f.ss;
  if (f.mi) tm.min = f.mi;
  if (f.hh) tm.hour = f.hh;
  if (f.clock12) {
    if (tm.hour < 1 || tm.hour > 12) {
      throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                     "hour \"" + std::to_string(tm.hour) + "\" is invalid for the 12-hour clock")
          .WithHint("Use the 24-hour clock, or give an hour between 1 and 12.");
    }
    if (f.pm && tm.hour < 12) {
      tm.hour += 12;
    } else if (!f.pm && tm.hour == 12) {
      tm.hour = 0;
    }
  }

  bool has_year = false, has_month = false, has_day = false;
  if (f.year) {
    // With CC, a two-digit year counts within the century (the 21st is 2001-2100).
    if (f.cc && f.yysz <= 2) {
      if (f.bc) f.cc = -f.cc;
      tm.year = f.year % 100;
      if (tm.year) {
        tm.year = f.cc >= 0 ? Wrap32(tm.year + (int64_t{f.cc} - 1) * 100)
                            : Wrap32((int64_t{f.cc} + 1) * 100 - tm.year + 1);
      } else {
        tm.year = Wrap32(int64_t{f.cc} * 100 + (f.cc >= 0 ? 0 : 1));
      }
    } else {
      tm.year = f.year;
      if (f.bc) tm.year = Wrap32(-int64_t{tm.year});
      if (tm.year < 0) tm.year++;
    }
    has_year = true;
  } else if (f.cc) {
    if (f.bc) f.cc = -f.cc;
    tm.year = Wrap32(f.cc >= 0 ? (int64_t{f.cc} - 1) * 100 + 1 : int64_t{f.cc} * 100 + 1);
    has_year = true;
  }

  if (f.j) {
    date_parts::JulianToDate(f.j, &tm.year, &tm.mon, &tm.mday);
    has_year = has_month = has_day = true;
  }

  if (f.ww) {
    if (f.mode == DateMode::kIsoWeek) {
      int32_t julian = date_parts::IsoWeekToJulian(tm.year, f.ww);
      // Without a day the date is the ISO week's Monday; d counts from Sunday = 1.
      if (f.d) julian = Wrap32(int64_t{julian} + (f.d > 1 ? int64_t{f.d} - 2 : 6));
      date_parts::JulianToDate(julian, &tm.year, &tm.mon, &tm.mday);
      has_year = has_month = has_day = true;
    } else {
      f.ddd = Wrap32((int64_t{f.ww} - 1) * 7 + 1);
    }
  }
  if (f.w) f.dd = Wrap32((int64_t{f.w} - 1) * 7 + 1);
  if (f.dd) {
    tm.mday = f.dd;
    has_day = true;
  }
  if (f.mm) {
    tm.mon = f.mm;
    has_month = true;
  }

  if (f.ddd && (tm.mon <= 1 || tm.mday <= 1)) {
    if (!tm.year && !f.bc) {
      throw SqlError(ErrorCode::kInvalidDatetimeFormat,
                     "cannot calculate day of year without year information");
    }
    if (f.mode == DateMode::kIsoWeek) {
      int32_t j0 = date_parts::IsoWeekToJulian(tm.year, 1) - 1;
      date_parts::JulianToDate(Wrap32(int64_t{j0} + f.ddd), &tm.year, &tm.mon, &tm.mday);
      has_year = has_month = has_day = true;
    } else {
      static constexpr int kYearSum[2][13] = {{0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365},
                                              {0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366}};
      const int* y = kYearSum[date_time::IsLeapYear(tm.year) ? 1 : 0];
      int i = 1;
      for (; i <= 12; i++) {
        if (f.ddd <= y[i]) break;
      }
      if (tm.mon <= 1) tm.mon = i;
      if (tm.mday <= 1) tm.mday = Wrap32(int64_t{f.ddd} - y[i - 1]);
      has_month = has_day = true;
    }
  }

  if (f.ms) tm.fsec += int64_t{f.ms} * 1000;
  if (f.us) tm.fsec += f.us;
  tm.fprec = f.ff;

  // ValidateDate with the fields that were set (the year needs no check).
  if (has_month && (tm.mon < 1 || tm.mon > 12)) ThrowFieldOverflow(input);
  if (has_day && (tm.mday < 1 || tm.mday > 31)) ThrowFieldOverflow(input);
  if (has_year && has_month && has_day && tm.mday > date_time::DaysInMonth(tm.year, tm.mon)) {
    ThrowFieldOverflow(input);
  }
  if (tm.hour < 0 || tm.hour >= 24 || tm.min < 0 || tm.min >= 60 || tm.sec < 0 || tm.sec >= 60 ||
      tm.fsec < 0 || tm.fsec >= Interval::kMicrosPerSecond) {
    ThrowFieldOverflow(input);
  }
  if (f.tzsign) {
    if (f.tzh < 0 || f.tzh > 15 || f.tzm < 0 || f.tzm >= 60) {
      throw SqlError(ErrorCode::kInvalidTimeZoneDisplacement,
                     "time zone displacement out of range: \"" + std::string(input) + "\"");
    }
    tm.has_tz = true;
    tm.tz_east = f.tzsign * (f.tzh * 3600 + f.tzm * 60);
  }
  return tm;
}

}  // namespace

int32_t TemplateToDate(DchState& dch, const StringRef& text, const StringRef& fmt) {
  ParsedTm tm = DoToTimestamp(dch, text, fmt);
  int64_t days = 0;
  bool ok = IsValidJulian(tm.year, tm.mon);
  if (ok) {
    days = int64_t{date_parts::DateToJulian(tm.year, tm.mon, tm.mday)} - date_parts::kPostgresEpochJulian;
    ok = days >= date_parts::kMinDateDays && days < date_parts::kEndDateDays;
  }
  if (!ok) throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date out of range: \"" + dch.input + "\"");
  return static_cast<int32_t>(days);
}

int64_t TemplateToTimestamp(DchState& dch, const StringRef& text, const StringRef& fmt, const TimeZone* zone) {
  ParsedTm tm = DoToTimestamp(dch, text, fmt);
  if (!IsValidJulian(tm.year, tm.mon)) date_parts::ThrowTimestampOutOfRange();
  int64_t days = int64_t{date_parts::DateToJulian(tm.year, tm.mon, tm.mday)} - date_parts::kPostgresEpochJulian;
  int64_t time = ((int64_t{tm.hour} * 60 + tm.min) * 60 + tm.sec) * Interval::kMicrosPerSecond + tm.fsec;
  int64_t local;
  if (__builtin_mul_overflow(days, Interval::kMicrosPerDay, &local) || __builtin_add_overflow(local, time, &local) ||
      (local < 0 && days > 0) || (local > 0 && days < -1)) {
    date_parts::ThrowTimestampOutOfRange();
  }
  int64_t utc = local;
  if (zone) utc = tm.has_tz ? local - int64_t{tm.tz_east} * Interval::kMicrosPerSecond : zone->LocalToUtc(local);
  if (!date_parts::IsValidTimestamp(utc)) date_parts::ThrowTimestampOutOfRange();
  if (tm.fprec) utc = date_parts::RoundToPrecision(utc, tm.fprec);
  return utc;
}

namespace {

void ToDate(DataChunk& args, ExpressionState& state, Vector& result) {
  DchState& dch = GetDchState(state);
  BinaryExecutor::Execute<StringRef, StringRef, int32_t>(
      args.column(0), args.column(1), result, args.size(),
      [&](StringRef text, StringRef fmt) { return TemplateToDate(dch, text, fmt); });
}

void ToTimestamp(DataChunk& args, ExpressionState& state, Vector& result) {
  DchState& dch = GetDchState(state);
  const TimeZone& zone = date_parts::SessionZone(state);
  BinaryExecutor::Execute<StringRef, StringRef, int64_t>(
      args.column(0), args.column(1), result, args.size(),
      [&](StringRef text, StringRef fmt) { return TemplateToTimestamp(dch, text, fmt, &zone); });
}

}  // namespace

void RegisterToDateFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  const LogicalType date(TypeId::kDate);
  const LogicalType tstz(TypeId::kTimestampTz);
  registry.AddScalar(MakeDateFunction("to_date", {text, text}, date, ToDate, Volatility::kStable));
  registry.AddScalar(MakeDateFunction("to_timestamp", {text, text}, tstz, ToTimestamp, Volatility::kStable));
}

}  // namespace stockroom
