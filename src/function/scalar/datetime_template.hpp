#pragma once

#include <cstdint>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "common/types/string_ref.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/format_template.hpp"

namespace stockroom {

// The datetime template keywords shared by to_char (timestamps, intervals) and
// to_date/to_timestamp: PostgreSQL's DCH_keywords and its name tables (C locale), and the
// per-expression cache of a parsed template.
namespace datetime_template {

using format_template::DateMode;
using format_template::Keyword;
using format_template::Node;
using format_template::NodeType;

// clang-format off
enum Dch : uint8_t {
  kA_D, kA_M, kAD, kAM, kB_C, kBC, kCC, kDAY, kDDD, kDD, kDY, kDay, kDy, kD,
  kFF1, kFF2, kFF3, kFF4, kFF5, kFF6, kFX, kHH24, kHH12, kHH, kIDDD, kID, kIW, kIYYY, kIYY, kIY, kI,
  kJ, kMI, kMM, kMONTH, kMON, kMS, kMonth, kMon, kOF, kP_M, kPM, kQ, kRM, kSSSS, kSS, kTZH, kTZM, kTZ,
  kUS, kWW, kW, kY_YYY, kYYYY, kYYY, kYY, kY,
  k_a_d, k_a_m, k_ad, k_am, k_b_c, k_bc, k_day, k_dy, k_month, k_mon, k_p_m, k_pm, k_rm, k_tz,
};

inline constexpr DateMode kNoMode = DateMode::kNone;
inline constexpr DateMode kGreg = DateMode::kGregorian;
inline constexpr DateMode kIso = DateMode::kIsoWeek;

// PostgreSQL's DCH_keywords, in its order (the first match within a first-letter group wins).
inline constexpr Keyword kDchKeywords[] = {
    {"A.D.", 4, kA_D, false, kNoMode}, {"A.M.", 4, kA_M, false, kNoMode}, {"AD", 2, kAD, false, kNoMode},
    {"AM", 2, kAM, false, kNoMode}, {"B.C.", 4, kB_C, false, kNoMode}, {"BC", 2, kBC, false, kNoMode},
    {"CC", 2, kCC, true, kNoMode}, {"DAY", 3, kDAY, false, kNoMode}, {"DDD", 3, kDDD, true, kGreg},
    {"DD", 2, kDD, true, kGreg}, {"DY", 2, kDY, false, kNoMode}, {"Day", 3, kDay, false, kNoMode},
    {"Dy", 2, kDy, false, kNoMode}, {"D", 1, kD, true, kGreg}, {"FF1", 3, kFF1, true, kNoMode},
    {"FF2", 3, kFF2, true, kNoMode}, {"FF3", 3, kFF3, true, kNoMode}, {"FF4", 3, kFF4, true, kNoMode},
    {"FF5", 3, kFF5, true, kNoMode}, {"FF6", 3, kFF6, true, kNoMode}, {"FX", 2, kFX, false, kNoMode},
    {"HH24", 4, kHH24, true, kNoMode}, {"HH12", 4, kHH12, true, kNoMode}, {"HH", 2, kHH, true, kNoMode},
    {"IDDD", 4, kIDDD, true, kIso}, {"ID", 2, kID, true, kIso}, {"IW", 2, kIW, true, kIso},
    {"IYYY", 4, kIYYY, true, kIso}, {"IYY", 3, kIYY, true, kIso}, {"IY", 2, kIY, true, kIso},
    {"I", 1, kI, true, kIso}, {"J", 1, kJ, true, kNoMode}, {"MI", 2, kMI, true, kNoMode},
    {"MM", 2, kMM, true, kGreg}, {"MONTH", 5, kMONTH, false, kGreg}, {"MON", 3, kMON, false, kGreg},
    {"MS", 2, kMS, true, kNoMode}, {"Month", 5, kMonth, false, kGreg}, {"Mon", 3, kMon, false, kGreg},
    {"OF", 2, kOF, false, kNoMode}, {"P.M.", 4, kP_M, false, kNoMode}, {"PM", 2, kPM, false, kNoMode},
    {"Q", 1, kQ, true, kNoMode}, {"RM", 2, kRM, false, kGreg}, {"SSSSS", 5, kSSSS, true, kNoMode},
    {"SSSS", 4, kSSSS, true, kNoMode}, {"SS", 2, kSS, true, kNoMode}, {"TZH", 3, kTZH, false, kNoMode},
    {"TZM", 3, kTZM, true, kNoMode}, {"TZ", 2, kTZ, false, kNoMode}, {"US", 2, kUS, true, kNoMode},
    {"WW", 2, kWW, true, kGreg}, {"W", 1, kW, true, kGreg}, {"Y,YYY", 5, kY_YYY, true, kGreg},
    {"YYYY", 4, kYYYY, true, kGreg}, {"YYY", 3, kYYY, true, kGreg}, {"YY", 2, kYY, true, kGreg},
    {"Y", 1, kY, true, kGreg}, {"a.d.", 4, k_a_d, false, kNoMode}, {"a.m.", 4, k_a_m, false, kNoMode},
    {"ad", 2, k_ad, false, kNoMode}, {"am", 2, k_am, false, kNoMode}, {"b.c.", 4, k_b_c, false, kNoMode},
    {"bc", 2, k_bc, false, kNoMode}, {"cc", 2, kCC, true, kNoMode}, {"day", 3, k_day, false, kNoMode},
    {"ddd", 3, kDDD, true, kGreg}, {"dd", 2, kDD, true, kGreg}, {"dy", 2, k_dy, false, kNoMode},
    {"d", 1, kD, true, kGreg}, {"ff1", 3, kFF1, true, kNoMode}, {"ff2", 3, kFF2, true, kNoMode},
    {"ff3", 3, kFF3, true, kNoMode}, {"ff4", 3, kFF4, true, kNoMode}, {"ff5", 3, kFF5, true, kNoMode},
    {"ff6", 3, kFF6, true, kNoMode}, {"fx", 2, kFX, false, kNoMode}, {"hh24", 4, kHH24, true, kNoMode},
    {"hh12", 4, kHH12, true, kNoMode}, {"hh", 2, kHH, true, kNoMode}, {"iddd", 4, kIDDD, true, kIso},
    {"id", 2, kID, true, kIso}, {"iw", 2, kIW, true, kIso}, {"iyyy", 4, kIYYY, true, kIso},
    {"iyy", 3, kIYY, true, kIso}, {"iy", 2, kIY, true, kIso}, {"i", 1, kI, true, kIso},
    {"j", 1, kJ, true, kNoMode}, {"mi", 2, kMI, true, kNoMode}, {"mm", 2, kMM, true, kGreg},
    {"month", 5, k_month, false, kGreg}, {"mon", 3, k_mon, false, kGreg}, {"ms", 2, kMS, true, kNoMode},
    {"of", 2, kOF, false, kNoMode}, {"p.m.", 4, k_p_m, false, kNoMode}, {"pm", 2, k_pm, false, kNoMode},
    {"q", 1, kQ, true, kNoMode}, {"rm", 2, k_rm, false, kGreg}, {"sssss", 5, kSSSS, true, kNoMode},
    {"ssss", 4, kSSSS, true, kNoMode}, {"ss", 2, kSS, true, kNoMode}, {"tzh", 3, kTZH, false, kNoMode},
    {"tzm", 3, kTZM, true, kNoMode}, {"tz", 2, k_tz, false, kNoMode}, {"us", 2, kUS, true, kNoMode},
    {"ww", 2, kWW, true, kGreg}, {"w", 1, kW, true, kGreg}, {"y,yyy", 5, kY_YYY, true, kGreg},
    {"yyyy", 4, kYYYY, true, kGreg}, {"yyy", 3, kYYY, true, kGreg}, {"yy", 2, kYY, true, kGreg},
    {"y", 1, kY, true, kGreg},
};
// clang-format on

inline constexpr const char* kMonthsShort[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",  "Jul",
                                               "Aug", "Sep", "Oct", "Nov", "Dec", nullptr};
inline constexpr const char* kMonthsFull[] = {"January",  "February", "March",  "April",     "May",
                                              "June",     "July",     "August", "September", "October",
                                              "November", "December", nullptr};
inline constexpr const char* kDaysFull[] = {"Sunday",   "Monday", "Tuesday",  "Wednesday",
                                            "Thursday", "Friday", "Saturday", nullptr};
inline constexpr const char* kDaysShort[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", nullptr};
inline constexpr const char* kRomanMonthsUpper[] = {"XII", "XI", "X",   "IX", "VIII", "VII",  "VI",
                                                    "V",   "IV", "III", "II", "I",    nullptr};
inline constexpr const char* kRomanMonthsLower[] = {"xii", "xi", "x",   "ix", "viii", "vii",  "vi",
                                                    "v",   "iv", "iii", "ii", "i",    nullptr};
inline constexpr const char* kAmPm[] = {"am", "pm", "AM", "PM", nullptr};
inline constexpr const char* kAmPmLong[] = {"a.m.", "p.m.", "A.M.", "P.M.", nullptr};
inline constexpr const char* kAdBc[] = {"ad", "bc", "AD", "BC", nullptr};
inline constexpr const char* kAdBcLong[] = {"a.d.", "b.c.", "A.D.", "B.C.", nullptr};

inline bool HasFM(const Node& n) { return (n.suffix & format_template::kSuffixFM) != 0; }
inline bool HasTH(const Node& n) {
  return (n.suffix & (format_template::kSuffixTH | format_template::kSuffixth)) != 0;
}

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
inline char ToUpper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
inline char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The parsed template of one call, kept in the expression's local state while the template
// text does not change, with scratch buffers reused across rows. Per thread, like the state.
struct DchState : FunctionLocalState {
  std::string format;
  std::vector<Node> nodes;
  bool valid = false;
  std::string out;    // per-row output buffer
  std::string input;  // per-row NUL-terminated copy of to_date's input

  const std::vector<Node>& Get(const StringRef& fmt) {
    if (!valid || fmt.view() != format) {
      format.assign(fmt.data(), fmt.size());
      nodes = format_template::Parse(format, kDchKeywords, std::size(kDchKeywords), true);
      valid = true;
    }
    return nodes;
  }
};

inline DchState& GetDchState(ExpressionState& state) {
  if (!state.local) state.local = std::make_unique<DchState>();
  return static_cast<DchState&>(*state.local);
}

}  // namespace datetime_template
}  // namespace stockroom
