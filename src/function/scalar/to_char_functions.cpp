// to_char for timestamps and intervals: PostgreSQL 15's DCH_to_char in the C locale. A
// template is parsed once per call (and kept while the template column repeats the same
// text); each row is then formatted into a reused buffer.
#include <cstring>
#include <memory>
#include <string>

#include "common/error/exception.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/date_function_registration.hpp"
#include "function/scalar/date_parts.hpp"
#include "function/scalar/datetime_template.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {
namespace {

using namespace datetime_template;  // NOLINT: the engine's keyword ids and tables

// The fields to_char prints (PostgreSQL's struct fmt_tm plus fsec and zone).
struct CharTm {
  int32_t year = 0;  // astronomical for timestamps, signed count for intervals
  int32_t mon = 0;
  int32_t mday = 0;
  int64_t hour = 0;
  int32_t min = 0;
  int32_t sec = 0;
  int32_t wday = 0;
  int32_t yday = 0;
  int32_t fsec = 0;
  int32_t gmtoff = 0;
  bool has_zone_name = false;
  std::string zone_name;
};

// Interval fields can be extreme; PostgreSQL's int arithmetic on them wraps (-fwrapv).
int32_t Wrap32(int64_t v) { return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(v))); }

// Appends `value` as printf("%0*lld", width, value) does.
void AppendInt(std::string& out, int64_t value, int width) {
  char digits[24];
  uint64_t mag = value < 0 ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + mag % 10);
    mag /= 10;
  } while (mag != 0);
  if (value < 0) out += '-';
  for (int pad = width - n - (value < 0 ? 1 : 0); pad > 0; pad--) out += '0';
  while (n > 0) out += digits[--n];
}

// Appends `text` left-justified in `width` columns (printf("%-*s")).
void AppendPadded(std::string& out, std::string_view text, int width) {
  out += text;
  for (int pad = width - static_cast<int>(text.size()); pad > 0; pad--) out += ' ';
}

void AppendCased(std::string& out, std::string_view text, int casing, int width) {
  size_t start = out.size();
  AppendPadded(out, text, width);
  if (casing > 0) {
    for (size_t i = start; i < out.size(); i++) out[i] = ToUpper(out[i]);
  } else if (casing < 0) {
    for (size_t i = start; i < out.size(); i++) out[i] = ToLower(out[i]);
  }
}

// Appends the ordinal suffix for the number written from `start` (PostgreSQL's str_numth).
void AppendOrdinal(std::string& out, size_t start, const Node& n) {
  size_t len = out.size() - start;
  char last = len > 0 ? out.back() : '\0';
  if (!IsDigit(last)) {
    throw SqlError(ErrorCode::kInvalidTextRepresentation, "\"" + out.substr(start) + "\" is not a number");
  }
  // Teens (x11, x12, x13) take "th".
  if (len > 1 && out[out.size() - 2] == '1') last = '0';
  bool upper = (n.suffix & format_template::kSuffixTH) != 0;
  switch (last) {
    case '1':
      out += upper ? "ST" : "st";
      break;
    case '2':
      out += upper ? "ND" : "nd";
      break;
    case '3':
      out += upper ? "RD" : "rd";
      break;
    default:
      out += upper ? "TH" : "th";
      break;
  }
}

[[noreturn]] void ThrowInvalidForInterval() {
  throw SqlError(ErrorCode::kInvalidDatetimeFormat, "invalid format specification for an interval value")
      .WithHint("Intervals are not tied to specific calendar dates.");
}

// Formats one value (PostgreSQL's DCH_to_char).
void DchToChar(const std::vector<Node>& nodes, bool is_interval, const CharTm& tm, std::string& out) {
  out.clear();
  auto adjust_year = [&](int32_t year) { return is_interval ? year : (year <= 0 ? -(year - 1) : year); };
  auto no_interval = [&]() {
    if (is_interval) ThrowInvalidForInterval();
  };
  bool pm = tm.hour % 24 >= 12;
  for (const Node& n : nodes) {
    if (n.type == NodeType::kEnd) break;
    if (n.type != NodeType::kAction) {
      out += n.text();
      continue;
    }
    size_t start = out.size();
    bool numeric = true;  // whether TH/th applies
    bool fm = HasFM(n);
    // TM (translated names) prints the C locale's names unpadded.
    bool tm_names = (n.suffix & format_template::kSuffixTM) != 0;
    switch (n.key->id) {
      case kA_M:
      case kP_M:
        out += pm ? "P.M." : "A.M.";
        numeric = false;
        break;
      case kAM:
      case kPM:
        out += pm ? "PM" : "AM";
        numeric = false;
        break;
      case k_a_m:
      case k_p_m:
        out += pm ? "p.m." : "a.m.";
        numeric = false;
        break;
      case k_am:
      case k_pm:
        out += pm ? "pm" : "am";
        numeric = false;
        break;
      case kHH:
      case kHH12:
        AppendInt(out, tm.hour % 12 == 0 ? 12 : tm.hour % 12, fm ? 0 : (tm.hour >= 0 ? 2 : 3));
        break;
      case kHH24:
        AppendInt(out, tm.hour, fm ? 0 : (tm.hour >= 0 ? 2 : 3));
        break;
      case kMI:
        AppendInt(out, tm.min, fm ? 0 : (tm.min >= 0 ? 2 : 3));
        break;
      case kSS:
        AppendInt(out, tm.sec, fm ? 0 : (tm.sec >= 0 ? 2 : 3));
        break;
      case kFF1:
        AppendInt(out, tm.fsec / 100000, 1);
        break;
      case kFF2:
        AppendInt(out, tm.fsec / 10000, 2);
        break;
      case kFF3:
      case kMS:
        AppendInt(out, tm.fsec / 1000, 3);
        break;
      case kFF4:
        AppendInt(out, tm.fsec / 100, 4);
        break;
      case kFF5:
        AppendInt(out, tm.fsec / 10, 5);
        break;
      case kFF6:
      case kUS:
        AppendInt(out, tm.fsec, 6);
        break;
      case kSSSS:
        AppendInt(out, tm.hour * 3600 + int64_t{tm.min} * 60 + tm.sec, 0);
        break;
      case k_tz:
        no_interval();
        if (tm.has_zone_name) AppendCased(out, tm.zone_name, -1, 0);
        numeric = false;
        break;
      case kTZ:
        no_interval();
        if (tm.has_zone_name) out += tm.zone_name;
        numeric = false;
        break;
      case kTZH:
        no_interval();
        out += tm.gmtoff >= 0 ? '+' : '-';
        AppendInt(out, std::abs(tm.gmtoff) / 3600, 2);
        numeric = false;
        break;
      case kTZM:
        no_interval();
        AppendInt(out, (std::abs(tm.gmtoff) % 3600) / 60, 2);
        numeric = false;
        break;
      case kOF:
        no_interval();
        out += tm.gmtoff >= 0 ? '+' : '-';
        AppendInt(out, std::abs(tm.gmtoff) / 3600, fm ? 0 : 2);
        if (std::abs(tm.gmtoff) % 3600 != 0) {
          out += ':';
          AppendInt(out, (std::abs(tm.gmtoff) % 3600) / 60, 2);
        }
        numeric = false;
        break;
      case kA_D:
      case kB_C:
        no_interval();
        out += tm.year <= 0 ? "B.C." : "A.D.";
        numeric = false;
        break;
      case kAD:
      case kBC:
        no_interval();
        out += tm.year <= 0 ? "BC" : "AD";
        numeric = false;
        break;
      case k_a_d:
      case k_b_c:
        no_interval();
        out += tm.year <= 0 ? "b.c." : "a.d.";
        numeric = false;
        break;
      case k_ad:
      case k_bc:
        no_interval();
        out += tm.year <= 0 ? "bc" : "ad";
        numeric = false;
        break;
      case kMONTH:
      case kMonth:
      case k_month:
        no_interval();
        numeric = false;
        if (tm.mon == 0) break;
        AppendCased(out, kMonthsFull[tm.mon - 1], n.key->id == kMONTH ? 1 : (n.key->id == k_month ? -1 : 0),
                    fm || tm_names ? 0 : 9);
        break;
      case kMON:
      case kMon:
      case k_mon:
        no_interval();
        numeric = false;
        if (tm.mon == 0) break;
        AppendCased(out, kMonthsShort[tm.mon - 1], n.key->id == kMON ? 1 : (n.key->id == k_mon ? -1 : 0), 0);
        break;
      case kMM:
        AppendInt(out, tm.mon, fm ? 0 : (tm.mon >= 0 ? 2 : 3));
        break;
      case kDAY:
      case kDay:
      case k_day:
        no_interval();
        AppendCased(out, kDaysFull[tm.wday], n.key->id == kDAY ? 1 : (n.key->id == k_day ? -1 : 0),
                    fm || tm_names ? 0 : 9);
        numeric = false;
        break;
      case kDY:
      case kDy:
      case k_dy:
        no_interval();
        AppendCased(out, kDaysShort[tm.wday], n.key->id == kDY ? 1 : (n.key->id == k_dy ? -1 : 0), 0);
        numeric = false;
        break;
      case kDDD:
        AppendInt(out, tm.yday, fm ? 0 : 3);
        break;
      case kIDDD:
        AppendInt(out, date_parts::IsoYearDay(tm.year, tm.mon, tm.mday), fm ? 0 : 3);
        break;
      case kDD:
        AppendInt(out, tm.mday, fm ? 0 : 2);
        break;
      case kD:
        no_interval();
        AppendInt(out, tm.wday + 1, 0);
        break;
      case kID:
        no_interval();
        AppendInt(out, tm.wday == 0 ? 7 : tm.wday, 0);
        break;
      case kWW:
        AppendInt(out, Wrap32(int64_t{tm.yday} - 1) / 7 + 1, fm ? 0 : 2);
        break;
      case kIW:
        AppendInt(out, date_parts::IsoWeek(tm.year, tm.mon, tm.mday), fm ? 0 : 2);
        break;
      case kQ:
        if (tm.mon == 0) {
          numeric = false;
          break;
        }
        AppendInt(out, (tm.mon - 1) / 3 + 1, 0);
        break;
      case kCC: {
        int32_t century;
        if (is_interval) {
          century = tm.year / 100;
        } else {
          // Century 20 is 1901-2000; century -6 is 600 BC - 501 BC.
          century = tm.year > 0 ? (tm.year - 1) / 100 + 1 : tm.year / 100 - 1;
        }
        AppendInt(out, century, (century <= 99 && century >= -99) ? (fm ? 0 : (century >= 0 ? 2 : 3)) : 0);
        break;
      }
      case kY_YYY: {
        int32_t year = adjust_year(tm.year);
        int32_t thousands = year / 1000;
        AppendInt(out, thousands, 0);
        out += ',';
        AppendInt(out, year - thousands * 1000, 3);
        break;
      }
      case kYYYY:
      case kIYYY:
      case kYYY:
      case kIYY:
      case kYY:
      case kIY:
      case kY:
      case kI: {
        uint8_t id = n.key->id;
        bool iso = id == kIYYY || id == kIYY || id == kIY || id == kI;
        int32_t adjusted = adjust_year(tm.year);
        int32_t year = iso ? adjust_year(date_parts::IsoYear(tm.year, tm.mon, tm.mday)) : adjusted;
        // The width follows the calendar year's sign even for the ISO variants.
        int digits = (id == kYYYY || id == kIYYY) ? 4
                     : (id == kYYY || id == kIYY) ? 3
                     : (id == kYY || id == kIY)   ? 2
                                                  : 1;
        int32_t value = digits == 4 ? year : digits == 3 ? year % 1000 : digits == 2 ? year % 100 : year % 10;
        int width = digits == 1 ? 1 : (fm ? 0 : (adjusted >= 0 ? digits : digits + 1));
        AppendInt(out, value, width);
        break;
      }
      case kRM:
      case k_rm: {
        numeric = false;
        // Intervals reduce 12 months to years; a whole number of years still prints.
        if (tm.mon == 0 && tm.year == 0) break;
        int index;
        if (tm.mon == 0) {
          index = tm.year >= 0 ? 0 : 11;
        } else if (tm.mon < 0) {
          index = -1 * (tm.mon + 1);
        } else {
          index = 12 - tm.mon;
        }
        const char* const* table = n.key->id == kRM ? kRomanMonthsUpper : kRomanMonthsLower;
        AppendPadded(out, table[index], fm ? 0 : 4);
        break;
      }
      case kW:
        AppendInt(out, Wrap32(int64_t{tm.mday} - 1) / 7 + 1, 0);
        break;
      case kJ:
        AppendInt(out, date_parts::DateToJulian(tm.year, tm.mon, tm.mday), 0);
        break;
      default:
        numeric = false;
        break;
    }
    if (numeric && HasTH(n)) AppendOrdinal(out, start, n);
  }
}

CharTm TimestampTm(int64_t local) {
  date_parts::BrokenDown b = date_parts::BreakDown(local);
  CharTm tm;
  tm.year = b.year;
  tm.mon = b.month;
  tm.mday = b.day;
  tm.hour = b.hour;
  tm.min = b.minute;
  tm.sec = b.second;
  tm.fsec = b.micros;
  tm.wday = date_time::DayOfWeek(b.days);
  tm.yday = b.days - date_time::DaysFromCivil(b.year, 1, 1) + 1;
  return tm;
}

StringRef FormatRow(Vector& result, const std::string& out) { return result.heap().Add(out); }

// to_char(value, template) for timestamps (zone == nullptr) and timestamptz instants.
void ToCharTimestampColumns(DataChunk& args, ExpressionState& state, Vector& result, const TimeZone* zone) {
  DchState& dch = GetDchState(state);
  BinaryExecutor::ExecuteWithNulls<int64_t, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [&](int64_t ts, StringRef fmt, ValidityMask& mask, idx_t row) {
        if (fmt.size() == 0 || !date_parts::IsFinite(ts)) {
          mask.SetInvalid(row);
          return StringRef();
        }
        const std::vector<Node>& nodes = dch.Get(fmt);
        CharTm tm;
        if (zone == nullptr) {
          tm = TimestampTm(ts);
        } else {
          std::string abbrev;
          int32_t offset = zone->OffsetAtUtc(ts, &abbrev);
          tm = TimestampTm(ts + int64_t{offset} * Interval::kMicrosPerSecond);
          tm.gmtoff = offset;
          tm.has_zone_name = true;
          tm.zone_name = std::move(abbrev);
        }
        DchToChar(nodes, false, tm, dch.out);
        return FormatRow(result, dch.out);
      });
}

void ToCharTimestamp(DataChunk& args, ExpressionState& state, Vector& result) {
  ToCharTimestampColumns(args, state, result, nullptr);
}

void ToCharTimestampTz(DataChunk& args, ExpressionState& state, Vector& result) {
  ToCharTimestampColumns(args, state, result, &date_parts::SessionZone(state));
}

// to_char(date, text): PostgreSQL resolves it to to_char(timestamptz, text) through the
// date -> timestamptz cast (local midnight), so TZ prints the session's zone.
void ToCharDate(DataChunk& args, ExpressionState& state, Vector& result) {
  const TimeZone& zone = date_parts::SessionZone(state);
  Vector instants(LogicalType(TypeId::kTimestampTz), std::max<idx_t>(args.size(), 1));
  UnaryExecutor::Execute<int32_t, int64_t>(
      args.column(0), instants, args.size(), [&](int32_t days) -> int64_t {
        if (days == date_time::kDateInfinity) return date_time::kTimestampInfinity;
        if (days == date_time::kDateNegInfinity) return date_time::kTimestampNegInfinity;
        int64_t utc = zone.LocalToUtc(int64_t{days} * Interval::kMicrosPerDay);
        if (!date_parts::IsValidTimestamp(utc)) {
          throw SqlError(ErrorCode::kDatetimeFieldOverflow, "date out of range for timestamp");
        }
        return utc;
      });
  DataChunk converted;
  converted.columns().push_back(instants);
  converted.columns().push_back(args.column(1));
  converted.SetCardinality(args.size());
  ToCharTimestampColumns(converted, state, result, &zone);
}

void ToCharInterval(DataChunk& args, ExpressionState& state, Vector& result) {
  DchState& dch = GetDchState(state);
  BinaryExecutor::ExecuteWithNulls<Interval, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(),
      [&](Interval iv, StringRef fmt, ValidityMask& mask, idx_t row) {
        if (fmt.size() == 0) {
          mask.SetInvalid(row);
          return StringRef();
        }
        const std::vector<Node>& nodes = dch.Get(fmt);
        date_parts::IntervalFields f = date_parts::SplitInterval(iv);
        CharTm tm;
        tm.year = f.year;
        tm.mon = f.month;
        tm.mday = f.day;
        tm.hour = f.hour;
        tm.min = f.minute;
        tm.sec = f.second;
        tm.fsec = f.micros;
        // wday is meaningless; yday approximates the span in days.
        tm.yday = Wrap32((int64_t{f.year} * 12 + f.month) * 30 + f.day);
        DchToChar(nodes, true, tm, dch.out);
        return FormatRow(result, dch.out);
      });
}
}  // namespace

void RegisterToCharDateFunctions(FunctionRegistry& registry) {
  const LogicalType text(TypeId::kText);
  const LogicalType date(TypeId::kDate);
  const LogicalType ts(TypeId::kTimestamp);
  const LogicalType tstz(TypeId::kTimestampTz);
  const LogicalType interval(TypeId::kInterval);
  registry.AddScalar(MakeDateFunction("to_char", {ts, text}, text, ToCharTimestamp, Volatility::kStable));
  registry.AddScalar(MakeDateFunction("to_char", {tstz, text}, text, ToCharTimestampTz, Volatility::kStable));
  registry.AddScalar(MakeDateFunction("to_char", {date, text}, text, ToCharDate, Volatility::kStable));
  registry.AddScalar(
      MakeDateFunction("to_char", {interval, text}, text, ToCharInterval, Volatility::kStable));
}

}  // namespace stockroom
