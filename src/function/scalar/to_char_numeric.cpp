// to_char for numbers: PostgreSQL 15's numeric template engine (formatting.c: NUMDesc_prepare,
// NUM_processor for output, and the per-type numeric_to_char, int4_to_char, int8_to_char,
// float4_to_char and float8_to_char), in the C locale (L prints a blank, D and G print "."
// and ","). The template is parsed once per call; rows are formatted into a reused buffer.
#include <charconv>
#include <cmath>
#include <memory>
#include <string>

#include "common/error/exception.hpp"
#include "common/types/int128.hpp"
#include "common/types/numeric.hpp"
#include "execution/expression/expression_state.hpp"
#include "function/scalar/date_function_registration.hpp"
#include "function/scalar/format_template.hpp"
#include "function/scalar/vector_executor.hpp"

namespace stockroom {
namespace {

using format_template::Keyword;
using format_template::Node;
using format_template::NodeType;

enum Num : uint8_t {
  kComma,
  kDec,
  k0,
  k9,
  kB,
  kC,
  kD,
  kE,
  kFM,
  kG,
  kL,
  kMI,
  kPL,
  kPR,
  kRN,
  kSG,
  kSP,
  kS,
  kTH,
  kV,
  k_rn,
  k_th,
};

constexpr format_template::DateMode kNone = format_template::DateMode::kNone;

// PostgreSQL's NUM_keywords.
// clang-format off
constexpr Keyword kNumKeywords[] = {
    {",", 1, kComma, false, kNone}, {".", 1, kDec, false, kNone}, {"0", 1, k0, false, kNone},
    {"9", 1, k9, false, kNone},     {"B", 1, kB, false, kNone},   {"C", 1, kC, false, kNone},
    {"D", 1, kD, false, kNone},     {"EEEE", 4, kE, false, kNone}, {"FM", 2, kFM, false, kNone},
    {"G", 1, kG, false, kNone},     {"L", 1, kL, false, kNone},   {"MI", 2, kMI, false, kNone},
    {"PL", 2, kPL, false, kNone},   {"PR", 2, kPR, false, kNone}, {"RN", 2, kRN, false, kNone},
    {"SG", 2, kSG, false, kNone},   {"SP", 2, kSP, false, kNone}, {"S", 1, kS, false, kNone},
    {"TH", 2, kTH, false, kNone},   {"V", 1, kV, false, kNone},   {"b", 1, kB, false, kNone},
    {"c", 1, kC, false, kNone},     {"d", 1, kD, false, kNone},   {"eeee", 4, kE, false, kNone},
    {"fm", 2, kFM, false, kNone},   {"g", 1, kG, false, kNone},   {"l", 1, kL, false, kNone},
    {"mi", 2, kMI, false, kNone},   {"pl", 2, kPL, false, kNone}, {"pr", 2, kPR, false, kNone},
    {"rn", 2, k_rn, false, kNone},  {"sg", 2, kSG, false, kNone}, {"sp", 2, kSP, false, kNone},
    {"s", 1, kS, false, kNone},     {"th", 2, k_th, false, kNone}, {"v", 1, kV, false, kNone},
};
// clang-format on

constexpr int kFlagDecimal = 1 << 1;
constexpr int kFlagLDecimal = 1 << 2;
constexpr int kFlagZero = 1 << 3;
constexpr int kFlagBlank = 1 << 4;
constexpr int kFlagFillMode = 1 << 5;
constexpr int kFlagLSign = 1 << 6;
constexpr int kFlagBracket = 1 << 7;
constexpr int kFlagMinus = 1 << 8;
constexpr int kFlagPlus = 1 << 9;
constexpr int kFlagRoman = 1 << 10;
constexpr int kFlagMulti = 1 << 11;
constexpr int kFlagPlusPost = 1 << 12;
constexpr int kFlagMinusPost = 1 << 13;
constexpr int kFlagEEEE = 1 << 14;

constexpr int kLSignNone = 0;
constexpr int kLSignPre = -1;
constexpr int kLSignPost = 1;

// What a template asks for (PostgreSQL's NUMDesc): digit positions before and after the
// decimal point, sign placement, and modes.
struct NumDesc {
  int pre = 0;
  int post = 0;
  int lsign = kLSignNone;
  int flag = 0;
  int pre_lsign_num = 0;
  int multi = 0;
  int zero_start = 0;
  int zero_end = 0;

  bool Has(int f) const { return (flag & f) != 0; }
};

[[noreturn]] void ThrowSyntax(const std::string& message) {
  throw SqlError(ErrorCode::kSyntaxError, message);
}

// Accumulates one template keyword into `num`, rejecting incompatible combinations.
void PrepareDesc(NumDesc& num, const Node& n) {
  if (num.Has(kFlagEEEE) && n.key->id != kE) ThrowSyntax("\"EEEE\" must be the last pattern used");
  switch (n.key->id) {
    case k9:
      if (num.Has(kFlagBracket)) ThrowSyntax("\"9\" must be ahead of \"PR\"");
      if (num.Has(kFlagMulti)) {
        ++num.multi;
        break;
      }
      if (num.Has(kFlagDecimal)) {
        ++num.post;
      } else {
        ++num.pre;
      }
      break;
    case k0:
      if (num.Has(kFlagBracket)) ThrowSyntax("\"0\" must be ahead of \"PR\"");
      if (!num.Has(kFlagZero) && !num.Has(kFlagDecimal)) {
        num.flag |= kFlagZero;
        num.zero_start = num.pre + 1;
      }
      if (!num.Has(kFlagDecimal)) {
        ++num.pre;
      } else {
        ++num.post;
      }
      num.zero_end = num.pre + num.post;
      break;
    case kB:
      if (num.pre == 0 && num.post == 0 && !num.Has(kFlagZero)) num.flag |= kFlagBlank;
      break;
    case kD:
      num.flag |= kFlagLDecimal;
      [[fallthrough]];
    case kDec:
      if (num.Has(kFlagDecimal)) ThrowSyntax("multiple decimal points");
      if (num.Has(kFlagMulti)) ThrowSyntax("cannot use \"V\" and decimal point together");
      num.flag |= kFlagDecimal;
      break;
    case kFM:
      num.flag |= kFlagFillMode;
      break;
    case kS:
      if (num.Has(kFlagLSign)) ThrowSyntax("cannot use \"S\" twice");
      if (num.Has(kFlagPlus) || num.Has(kFlagMinus) || num.Has(kFlagBracket)) {
        ThrowSyntax("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together");
      }
      if (!num.Has(kFlagDecimal)) {
        num.lsign = kLSignPre;
        num.pre_lsign_num = num.pre;
        num.flag |= kFlagLSign;
      } else if (num.lsign == kLSignNone) {
        num.lsign = kLSignPost;
        num.flag |= kFlagLSign;
      }
      break;
    case kMI:
      if (num.Has(kFlagLSign)) ThrowSyntax("cannot use \"S\" and \"MI\" together");
      num.flag |= kFlagMinus;
      if (num.Has(kFlagDecimal)) num.flag |= kFlagMinusPost;
      break;
    case kPL:
      if (num.Has(kFlagLSign)) ThrowSyntax("cannot use \"S\" and \"PL\" together");
      num.flag |= kFlagPlus;
      if (num.Has(kFlagDecimal)) num.flag |= kFlagPlusPost;
      break;
    case kSG:
      if (num.Has(kFlagLSign)) ThrowSyntax("cannot use \"S\" and \"SG\" together");
      num.flag |= kFlagMinus | kFlagPlus;
      break;
    case kPR:
      if (num.Has(kFlagLSign) || num.Has(kFlagPlus) || num.Has(kFlagMinus)) {
        ThrowSyntax("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together");
      }
      num.flag |= kFlagBracket;
      break;
    case kRN:
    case k_rn:
      num.flag |= kFlagRoman;
      break;
    case kV:
      if (num.Has(kFlagDecimal)) ThrowSyntax("cannot use \"V\" and decimal point together");
      num.flag |= kFlagMulti;
      break;
    case kE:
      if (num.Has(kFlagEEEE)) ThrowSyntax("cannot use \"EEEE\" twice");
      if (num.Has(kFlagBlank) || num.Has(kFlagFillMode) || num.Has(kFlagLSign) || num.Has(kFlagBracket) ||
          num.Has(kFlagMinus) || num.Has(kFlagPlus) || num.Has(kFlagRoman) || num.Has(kFlagMulti)) {
        throw SqlError(ErrorCode::kSyntaxError, "\"EEEE\" is incompatible with other formats")
            .WithDetail("\"EEEE\" may only be used together with digit and decimal point patterns.");
      }
      num.flag |= kFlagEEEE;
      break;
    default:
      break;
  }
}

// The parsed template of one call, reused while the template text repeats.
struct NumState : FunctionLocalState {
  std::string format;
  std::vector<Node> nodes;
  NumDesc desc;
  bool valid = false;
  std::string number;  // the digits being laid out (PostgreSQL's numstr)
  std::string out;

  void Prepare(const StringRef& fmt) {
    if (valid && fmt.view() == format) return;
    valid = false;
    format.assign(fmt.data(), fmt.size());
    nodes = format_template::Parse(format, kNumKeywords, std::size(kNumKeywords), false);
    desc = NumDesc();
    for (const Node& n : nodes) {
      if (n.type == NodeType::kAction) PrepareDesc(desc, n);
    }
    valid = true;
  }
};

NumState& GetState(ExpressionState& state) {
  if (!state.local) state.local = std::make_unique<NumState>();
  return static_cast<NumState&>(*state.local);
}

// Lays the prepared number out along the template (PostgreSQL's NUM_processor for to_char).
// `number` is the digit string (no sign); writing its terminating NUL ends the output, as the
// C original does when the template has more positions than the number has characters.
class NumberWriter {
 public:
  NumberWriter(const std::vector<Node>& nodes, NumDesc num, const std::string& number, int out_pre_spaces,
               char sign, std::string& out)
      : nodes_(nodes), num_(num), number_(number.c_str()), number_p_(number.c_str()), out_(out) {
    out_.clear();
    if (num_.zero_start) --num_.zero_start;
    if (num_.Has(kFlagEEEE)) {
      out_ = number;
      eeee_ = true;
      return;
    }
    if (num_.Has(kFlagRoman)) {
      num_.lsign = num_.pre_lsign_num = num_.post = num_.pre = 0;
      num_.flag = (num_.Has(kFlagFillMode) ? kFlagFillMode : 0) | kFlagRoman;
      out_pre_spaces = 0;
      sign = 0;
    }
    sign_ = sign;
    if (num_.Has(kFlagPlus) || num_.Has(kFlagMinus)) {
      // MI/PL/SG write the sign themselves.
      sign_wrote_ = !(num_.Has(kFlagPlus) && !num_.Has(kFlagMinus));
    } else {
      if (sign_ != '-' && num_.Has(kFlagFillMode)) num_.flag &= ~kFlagBracket;
      sign_wrote_ = sign_ == '+' && num_.Has(kFlagFillMode) && !num_.Has(kFlagLSign);
      if (num_.lsign == kLSignPre && num_.pre == num_.pre_lsign_num) num_.lsign = kLSignPost;
    }
    num_count_ = num_.post + num_.pre - 1;
    out_pre_spaces_ = out_pre_spaces;
    if (num_.Has(kFlagFillMode) && num_.Has(kFlagDecimal)) {
      last_relevant_ = LastRelevantDecimal(number_);
      // Keep digits that '0' positions ask for, but not past the end of the number.
      if (last_relevant_ != nullptr && num_.zero_end > out_pre_spaces_) {
        int last_zero_pos = static_cast<int>(number.size()) - 1;
        last_zero_pos = std::min(last_zero_pos, num_.zero_end - out_pre_spaces_);
        const char* last_zero = number_ + last_zero_pos;
        if (last_relevant_ < last_zero) last_relevant_ = last_zero;
      }
    }
    if (!sign_wrote_ && out_pre_spaces_ == 0) ++num_count_;
  }

  void Run() {
    if (eeee_) return;
    for (const Node& n : nodes_) {
      if (n.type == NodeType::kEnd) break;
      if (n.type != NodeType::kAction) {
        out_ += n.text();
        continue;
      }
      bool fm = num_.Has(kFlagFillMode);
      switch (n.key->id) {
        case k9:
        case k0:
        case kDec:
        case kD:
          NumPart(n.key->id);
          break;
        case kComma:
        case kG:
          // A group separator prints only between digits; before them it is a blank.
          if (!num_in_) {
            if (!fm) out_ += ' ';
          } else {
            out_ += ',';
          }
          break;
        case kL:
          out_ += ' ';
          break;
        case kRN:
        case k_rn: {
          std::string roman(number_p_);
          if (n.key->id == k_rn) {
            for (char& c : roman) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
          }
          if (!fm) {
            for (size_t i = roman.size(); i < 15; i++) out_ += ' ';
          }
          out_ += roman;
          break;
        }
        case kTH:
        case k_th:
          if (num_.Has(kFlagRoman) || *number_ == '#' || sign_ == '-' || num_.Has(kFlagDecimal)) break;
          AppendOrdinal(n.key->id == kTH);
          break;
        case kMI:
          if (sign_ == '-') {
            out_ += '-';
          } else if (!fm) {
            out_ += ' ';
          }
          break;
        case kPL:
          if (sign_ == '+') {
            out_ += '+';
          } else if (!fm) {
            out_ += ' ';
          }
          break;
        case kSG:
          out_ += sign_;
          break;
        default:
          break;
      }
    }
    // A NUL written from the number ends the text.
    size_t nul = out_.find('\0');
    if (nul != std::string::npos) out_.resize(nul);
  }

 private:
  static const char* LastRelevantDecimal(const char* num) {
    const char* p = std::strchr(num, '.');
    if (p == nullptr) return nullptr;
    const char* result = p;
    while (*(++p)) {
      if (*p != '0') result = p;
    }
    return result;
  }

  // "9.9" prints 0.1 as " .1": a leading zero before the point becomes a blank.
  bool IsPredecSpace() const {
    return !num_.Has(kFlagZero) && number_ == number_p_ && *number_ == '0' && num_.post != 0;
  }

  void AppendOrdinal(bool upper) {
    size_t len = std::strlen(number_);
    char last = len > 0 ? number_[len - 1] : '\0';
    if (last < '0' || last > '9') {
      throw SqlError(ErrorCode::kInvalidTextRepresentation,
                     "\"" + std::string(number_) + "\" is not a number");
    }
    if (len > 1 && number_[len - 2] == '1') last = '0';
    const char* suffix = last == '1' ? "st" : last == '2' ? "nd" : last == '3' ? "rd" : "th";
    for (const char* p = suffix; *p; p++) out_ += upper ? static_cast<char>(*p - 'a' + 'A') : *p;
  }

  // One digit or decimal-point position (PostgreSQL's NUM_numpart_to_char).
  void NumPart(int id) {
    if (num_.Has(kFlagRoman)) return;
    bool fm = num_.Has(kFlagFillMode);
    bool zero = num_.Has(kFlagZero);
    // The sign goes right before the first position that prints a digit.
    if (!sign_wrote_ && (num_curr_ >= out_pre_spaces_ || (zero && num_.zero_start == num_curr_)) &&
        (!IsPredecSpace() || (last_relevant_ != nullptr && *last_relevant_ == '.'))) {
      if (num_.Has(kFlagLSign)) {
        if (num_.lsign == kLSignPre) {
          out_ += sign_ == '-' ? '-' : '+';
          sign_wrote_ = true;
        }
      } else if (num_.Has(kFlagBracket)) {
        out_ += sign_ == '+' ? ' ' : '<';
        sign_wrote_ = true;
      } else if (sign_ == '+') {
        if (!fm) out_ += ' ';
        sign_wrote_ = true;
      } else if (sign_ == '-') {
        out_ += '-';
        sign_wrote_ = true;
      }
    }
    if (num_curr_ < out_pre_spaces_ && (num_.zero_start > num_curr_ || !zero)) {
      if (!fm) out_ += ' ';
    } else if (zero && num_curr_ < out_pre_spaces_ && num_.zero_start <= num_curr_) {
      out_ += '0';
      num_in_ = true;
    } else {
      if (*number_p_ == '.') {
        if (last_relevant_ == nullptr || *last_relevant_ != '.' || fm) out_ += '.';
        // A group separator right after the point prints as a blank ("9.,99" -> "  . 56").
        num_in_ = false;
      } else {
        if (last_relevant_ != nullptr && number_p_ > last_relevant_ && id != k0) {
          // Trailing zeros dropped in fill mode.
        } else if (IsPredecSpace()) {
          if (!fm) {
            out_ += ' ';
          } else if (last_relevant_ != nullptr && *last_relevant_ == '.') {
            out_ += '0';
          }
        } else {
          out_ += *number_p_;
          num_in_ = true;
        }
      }
      if (*number_p_) ++number_p_;
    }
    int end = num_count_ + (out_pre_spaces_ ? 1 : 0) + (num_.Has(kFlagDecimal) ? 1 : 0);
    if (last_relevant_ != nullptr && last_relevant_ == number_p_) end = num_curr_;
    if (num_curr_ + 1 == end) {
      if (sign_wrote_ && num_.Has(kFlagBracket)) {
        out_ += sign_ == '+' ? ' ' : '>';
      } else if (num_.Has(kFlagLSign) && num_.lsign == kLSignPost) {
        out_ += sign_ == '-' ? '-' : '+';
      }
    }
    ++num_curr_;
  }

  const std::vector<Node>& nodes_;
  NumDesc num_;
  const char* number_;
  const char* number_p_;
  std::string& out_;
  const char* last_relevant_ = nullptr;
  bool eeee_ = false;
  char sign_ = 0;
  bool sign_wrote_ = false;
  bool num_in_ = false;
  int num_count_ = 0;
  int num_curr_ = 0;
  int out_pre_spaces_ = 0;
};

// The text for a value too wide for the template: '#' in every position.
void FillOverflow(std::string& number, const NumDesc& num) {
  number.assign(num.pre + num.post + 1, '#');
  number[num.pre] = '.';
}

std::string ToRoman(int64_t value) {
  if (value > 3999 || value < 1) return std::string(15, '#');
  static constexpr const char* kOnes[] = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"};
  static constexpr const char* kTens[] = {"X", "XX", "XXX", "XL", "L", "LX", "LXX", "LXXX", "XC"};
  static constexpr const char* kHundreds[] = {"C", "CC", "CCC", "CD", "D", "DC", "DCC", "DCCC", "CM"};
  std::string out(static_cast<size_t>(value / 1000), 'M');
  value %= 1000;
  if (value / 100) out += kHundreds[value / 100 - 1];
  if ((value / 10) % 10) out += kTens[(value / 10) % 10 - 1];
  if (value % 10) out += kOnes[value % 10 - 1];
  return out;
}

// Sets sign, the digit string and the left padding from a plain decimal text ("-12.50").
void LayOutDecimal(const std::string& text, NumDesc& num, std::string& number, int* out_pre_spaces,
                   char* sign) {
  size_t start = 0;
  if (!text.empty() && text[0] == '-') {
    *sign = '-';
    start = 1;
  } else {
    *sign = '+';
  }
  number.assign(text, start, std::string::npos);
  size_t point = number.find('.');
  int pre_len = static_cast<int>(point == std::string::npos ? number.size() : point);
  if (pre_len < num.pre) {
    *out_pre_spaces = num.pre - pre_len;
  } else if (pre_len > num.pre) {
    FillOverflow(number, num);
  }
}

// The scientific text numeric's to_char uses for EEEE (PostgreSQL's numeric_out_sci): one
// digit before the point, `scale` after, rounded half away from zero, "e" and a signed
// two-digit exponent.
std::string NumericScientific(const VarNumeric& v, int scale) {
  if (scale < 0) scale = 0;
  uint128_t mag = v.value < 0 ? static_cast<uint128_t>(0) - static_cast<uint128_t>(v.value)
                              : static_cast<uint128_t>(v.value);
  std::string significand;
  int exponent = 0;
  if (mag == 0) {
    significand = "0";
  } else {
    int digits = DecimalDigits(mag);
    exponent = digits - 1 - v.scale;
    int drop = digits - 1 - scale;
    if (drop > 0) {
      uint128_t divisor = static_cast<uint128_t>(Pow10Int128(drop));
      uint128_t q = mag / divisor;
      if ((mag % divisor) * 2 >= divisor) q++;
      significand = Int128ToString(static_cast<int128_t>(q));
    } else {
      significand = Int128ToString(static_cast<int128_t>(mag)) + std::string(static_cast<size_t>(-drop), '0');
    }
  }
  // Insert the point `scale` digits from the right.
  if (scale > 0) {
    if (significand.size() <= static_cast<size_t>(scale)) {
      significand.insert(0, static_cast<size_t>(scale) + 1 - significand.size(), '0');
    }
    significand.insert(significand.size() - scale, 1, '.');
  }
  char exp[16];
  std::snprintf(exp, sizeof(exp), "e%+03d", exponent);
  return (v.value < 0 ? "-" : "") + significand + exp;
}

std::string WithLeadingBlank(std::string text) {
  if (text.empty() || text[0] != '-') text.insert(0, 1, ' ');
  return text;
}

// printf("%+.*e", precision, value) with the '+' turned into a blank.
std::string DoubleScientific(double value, int precision) {
  std::string text(static_cast<size_t>(precision) + 32, '\0');
  auto r =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::scientific, precision);
  text.resize(r.ptr - text.data());
  if (text[0] != '-') text.insert(0, 1, ' ');
  return text;
}

// printf("%.*f") as PostgreSQL's snprintf does it (NaN, Infinity spelled out).
std::string DoubleFixed(double value, int precision) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  std::string text(static_cast<size_t>(precision) + 330, '\0');
  auto r = std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed, precision);
  text.resize(r.ptr - text.data());
  return text;
}

// Formats one row: prepares the number per type, then lays it out.
template <class Prepare>
StringRef FormatNumber(NumState& st, const StringRef& fmt, Vector& result, Prepare&& prepare) {
  st.Prepare(fmt);
  NumDesc num = st.desc;
  int out_pre_spaces = 0;
  char sign = 0;
  prepare(num, &out_pre_spaces, &sign);
  NumberWriter writer(st.nodes, num, st.number, out_pre_spaces, sign, st.out);
  writer.Run();
  return result.heap().Add(st.out);
}

template <class T, class PrepareRow>
void ToCharNumberKernel(DataChunk& args, ExpressionState& state, Vector& result, PrepareRow&& prepare_row) {
  NumState& st = GetState(state);
  BinaryExecutor::Execute<T, StringRef, StringRef>(
      args.column(0), args.column(1), result, args.size(), [&](T value, StringRef fmt) {
        // An empty template gives an empty string.
        if (fmt.size() == 0) return StringRef();
        return FormatNumber(st, fmt, result, [&](NumDesc& num, int* pre_spaces, char* sign) {
          prepare_row(st, value, num, pre_spaces, sign);
        });
      });
}

int32_t ToInt32Checked(int64_t v) {
  if (v < INT32_MIN || v > INT32_MAX)
    throw SqlError(ErrorCode::kNumericValueOutOfRange, "integer out of range");
  return static_cast<int32_t>(v);
}

void PrepareInteger(NumState& st, int64_t value, bool is_int4, NumDesc& num, int* pre_spaces, char* sign) {
  std::string& number = st.number;
  if (num.Has(kFlagRoman)) {
    number = ToRoman(is_int4 ? value : ToInt32Checked(value));
    return;
  }
  if (num.Has(kFlagEEEE)) {
    // int4 goes through float8 (exact for int4), int8 through numeric.
    number = is_int4 ? DoubleScientific(static_cast<double>(value), num.post)
                     : WithLeadingBlank(NumericScientific(VarNumeric{value, 0}, num.post));
    return;
  }
  if (num.Has(kFlagMulti)) {
    double multi = std::pow(10.0, num.multi);
    if (is_int4) {
      // int4 multiplies in wrapping 32-bit arithmetic.
      uint32_t product = static_cast<uint32_t>(static_cast<int32_t>(value)) *
                         static_cast<uint32_t>(static_cast<int32_t>(multi));
      value = static_cast<int32_t>(product);
    } else {
      if (!(multi < 9223372036854775808.0)) {
        throw SqlError(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
      }
      int64_t product;
      if (__builtin_mul_overflow(value, static_cast<int64_t>(multi), &product)) {
        throw SqlError(ErrorCode::kNumericValueOutOfRange, "bigint out of range");
      }
      value = product;
    }
    num.pre += num.multi;
  }
  std::string text = std::to_string(value);
  size_t start = text[0] == '-' ? 1 : 0;
  *sign = start ? '-' : '+';
  number.assign(text, start, std::string::npos);
  int pre_len = static_cast<int>(number.size());
  if (num.post) {
    number += '.';
    number.append(num.post, '0');
  }
  if (pre_len < num.pre) {
    *pre_spaces = num.pre - pre_len;
  } else if (pre_len > num.pre) {
    FillOverflow(number, num);
  }
}

void ToCharInt4(DataChunk& args, ExpressionState& state, Vector& result) {
  ToCharNumberKernel<int32_t>(args, state, result,
                              [](NumState& st, int32_t v, NumDesc& num, int* pre, char* sign) {
                                PrepareInteger(st, v, true, num, pre, sign);
                              });
}

void ToCharInt8(DataChunk& args, ExpressionState& state, Vector& result) {
  ToCharNumberKernel<int64_t>(args, state, result,
                              [](NumState& st, int64_t v, NumDesc& num, int* pre, char* sign) {
                                PrepareInteger(st, v, false, num, pre, sign);
                              });
}

void ToCharNumeric(DataChunk& args, ExpressionState& state, Vector& result) {
  ToCharNumberKernel<VarNumeric>(
      args, state, result, [](NumState& st, const VarNumeric& v, NumDesc& num, int* pre, char* sign) {
        if (num.Has(kFlagRoman)) {
          VarNumeric rounded = numeric::Round(v, 0);
          st.number = ToRoman(numeric::ToInt64(rounded, INT32_MIN, INT32_MAX, "integer"));
          return;
        }
        if (num.Has(kFlagEEEE)) {
          st.number = WithLeadingBlank(NumericScientific(v, num.post));
          return;
        }
        VarNumeric value = v;
        if (num.Has(kFlagMulti)) {
          if (num.multi > kMaxNumericPrecision) {
            throw SqlError(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
          }
          value = numeric::Multiply(v, VarNumeric{Pow10Int128(num.multi), 0});
          num.pre += num.multi;
        }
        std::string text = numeric::Format(numeric::Round(value, num.post));
        LayOutDecimal(text, num, st.number, pre, sign);
      });
}

// float4 and float8 keep at most FLT_DIG / DBL_DIG significant digits.
template <class F>
void PrepareFloat(NumState& st, F value, int max_digits, NumDesc& num, int* pre_spaces, char* sign) {
  if (num.Has(kFlagRoman)) {
    // Values past the Roman range (which may not fit an integer, or be NaN) print as ###.
    double rounded = std::rint(static_cast<double>(value));
    st.number = ToRoman(rounded >= 1 && rounded <= 3999 ? static_cast<int64_t>(rounded) : 0);
    return;
  }
  if (num.Has(kFlagEEEE)) {
    if (std::isnan(value) || std::isinf(value)) {
      // Room for the sign, point, "e", exponent sign and two exponent digits.
      st.number.assign(num.pre + num.post + 6, '#');
      st.number[0] = ' ';
      st.number[num.pre + 1] = '.';
    } else {
      st.number = DoubleScientific(static_cast<double>(value), num.post);
    }
    return;
  }
  F val = value;
  if (num.Has(kFlagMulti)) {
    val = static_cast<F>(value * static_cast<F>(std::pow(10.0, num.multi)));
    num.pre += num.multi;
  }
  int pre_len = static_cast<int>(DoubleFixed(std::fabs(static_cast<double>(val)), 0).size());
  if (pre_len >= max_digits) {
    num.post = 0;
  } else if (pre_len + num.post > max_digits) {
    num.post = max_digits - pre_len;
  }
  LayOutDecimal(DoubleFixed(static_cast<double>(val), num.post), num, st.number, pre_spaces, sign);
}

void ToCharFloat4(DataChunk& args, ExpressionState& state, Vector& result) {
  ToCharNumberKernel<float>(args, state, result,
                            [](NumState& st, float v, NumDesc& num, int* pre, char* sign) {
                              PrepareFloat<float>(st, v, 6, num, pre, sign);
                            });
}

void ToCharFloat8(DataChunk& args, ExpressionState& state, Vector& result) {
  ToCharNumberKernel<double>(args, state, result,
                             [](NumState& st, double v, NumDesc& num, int* pre, char* sign) {
                               PrepareFloat<double>(st, v, 15, num, pre, sign);
                             });
}

ScalarFunction Make(LogicalType value_type, ScalarFunctionPtr function) {
  ScalarFunction f;
  f.name = "to_char";
  f.arguments = {value_type, LogicalType(TypeId::kText)};
  f.return_type = LogicalType(TypeId::kText);
  f.function = function;
  return f;
}

}  // namespace

void RegisterToCharNumberFunctions(FunctionRegistry& registry) {
  registry.AddScalar(Make(LogicalType(TypeId::kInteger), ToCharInt4));
  registry.AddScalar(Make(LogicalType(TypeId::kBigInt), ToCharInt8));
  registry.AddScalar(Make(LogicalType(TypeId::kNumeric), ToCharNumeric));
  registry.AddScalar(Make(LogicalType(TypeId::kReal), ToCharFloat4));
  registry.AddScalar(Make(LogicalType(TypeId::kDouble), ToCharFloat8));
}

}  // namespace stockroom
