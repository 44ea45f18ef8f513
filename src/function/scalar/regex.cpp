#include "function/scalar/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <cstdio>
#include <cstring>

#include "common/error/exception.hpp"
#include "function/scalar/string_functions.hpp"
#include "function/scalar/utf8.hpp"

namespace stockroom {

namespace {

// PostgreSQL's DUPMAX: the largest count a {m,n} bound may use.
constexpr int kMaxRepetition = 255;
// JIT stack for deeply recursive patterns; PCRE2's default (32 KB) is small.
constexpr size_t kJitStackMax = 1 << 20;

SqlError InvalidRegex(std::string_view what) {
  return SqlError(ErrorCode::kInvalidRegularExpression, "invalid regular expression: " + std::string(what));
}

bool IsHexDigit(char c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f'); }
bool IsAsciiAlnum(char c) { return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'z'); }

// Applies the option letters of an embedded (?...) prefix or a flags argument; returns false
// for a letter it does not know.
bool ApplyFlag(char c, RegexFlags& flags, bool redshift_extract) {
  switch (c) {
    case 'b':
      throw SqlError(ErrorCode::kFeatureNotSupported,
                     "basic regular expressions (flag \"b\") are not supported");
    case 'c':
      flags.case_insensitive = false;
      return true;
    case 'e':
      if (redshift_extract) flags.extract = true;
      return true;
    case 'i':
      flags.case_insensitive = true;
      return true;
    case 'm':
    case 'n':
      flags.dot_newline = false;
      flags.line_anchors = true;
      return true;
    case 'p':
      flags.dot_newline = false;
      flags.line_anchors = false;
      return true;
    case 'q':
      flags.literal = true;
      return true;
    case 's':
      flags.dot_newline = true;
      flags.line_anchors = false;
      return true;
    case 't':
      flags.expanded = false;
      return true;
    case 'w':
      flags.dot_newline = true;
      flags.line_anchors = true;
      return true;
    case 'x':
      flags.expanded = true;
      return true;
    default:
      return false;
  }
}

// POSIX's names for the ASCII characters, usable as [[.name.]] (PostgreSQL's cnames table).
struct CollatingName {
  std::string_view name;
  uint32_t code;
};
// clang-format off
constexpr CollatingName kCollatingNames[] = {
    {"NUL", 0},  {"SOH", 1},  {"STX", 2},  {"ETX", 3},  {"EOT", 4},  {"ENQ", 5},  {"ACK", 6},  {"BEL", 7},
    {"alert", 7}, {"BS", 8},   {"backspace", 8}, {"HT", 9},   {"tab", 9},   {"LF", 10},  {"newline", 10},
    {"VT", 11},  {"vertical-tab", 11}, {"FF", 12},  {"form-feed", 12}, {"CR", 13},  {"carriage-return", 13},
    {"SO", 14},  {"SI", 15},  {"DLE", 16}, {"DC1", 17}, {"DC2", 18}, {"DC3", 19}, {"DC4", 20}, {"NAK", 21},
    {"SYN", 22}, {"ETB", 23}, {"CAN", 24}, {"EM", 25},  {"SUB", 26}, {"ESC", 27}, {"IS4", 28}, {"FS", 28},
    {"IS3", 29}, {"GS", 29},  {"IS2", 30}, {"RS", 30},  {"IS1", 31}, {"US", 31},  {"space", ' '},
    {"exclamation-mark", '!'}, {"quotation-mark", '"'}, {"number-sign", '#'}, {"dollar-sign", '$'},
    {"percent-sign", '%'}, {"ampersand", '&'}, {"apostrophe", '\''}, {"left-parenthesis", '('},
    {"right-parenthesis", ')'}, {"asterisk", '*'}, {"plus-sign", '+'}, {"comma", ','}, {"hyphen", '-'},
    {"hyphen-minus", '-'}, {"period", '.'}, {"full-stop", '.'}, {"slash", '/'}, {"solidus", '/'},
    {"zero", '0'}, {"one", '1'}, {"two", '2'}, {"three", '3'}, {"four", '4'}, {"five", '5'}, {"six", '6'},
    {"seven", '7'}, {"eight", '8'}, {"nine", '9'}, {"colon", ':'}, {"semicolon", ';'},
    {"less-than-sign", '<'}, {"equals-sign", '='}, {"greater-than-sign", '>'}, {"question-mark", '?'},
    {"commercial-at", '@'}, {"left-square-bracket", '['}, {"backslash", '\\'}, {"reverse-solidus", '\\'},
    {"right-square-bracket", ']'}, {"circumflex", '^'}, {"circumflex-accent", '^'}, {"underscore", '_'},
    {"low-line", '_'}, {"grave-accent", '`'}, {"left-brace", '{'}, {"left-curly-bracket", '{'},
    {"vertical-line", '|'}, {"right-brace", '}'}, {"right-curly-bracket", '}'}, {"tilde", '~'}, {"DEL", 127},
};
// clang-format on

// Rewrites ARE syntax into PCRE2 syntax, one construct at a time.
class AreTranslator {
 public:
  AreTranslator(std::string_view pattern, RegexFlags& flags) : p_(pattern), flags_(flags) {}

  std::string Run() {
    if (p_.substr(0, 4) == "***=") {
      flags_.literal = true;
      p_.remove_prefix(4);
    } else if (p_.substr(0, 4) == "***:") {
      p_.remove_prefix(4);
    }
    if (!flags_.literal && p_.substr(0, 2) == "(?") ParseEmbeddedOptions();
    if (flags_.literal) {
      for (char c : p_) {
        if (static_cast<uint8_t>(c) < 0x80 && !IsAsciiAlnum(c)) out_.push_back('\\');
        out_.push_back(c);
      }
      return out_;
    }
    while (i_ < p_.size()) {
      char c = p_[i_];
      switch (c) {
        case '\\':
          i_++;
          TranslateEscape(false);
          break;
        case '[':
          TranslateBracket();
          break;
        case '{':
          TranslateBound();
          break;
        case '*':
        case '+':
        case '?':
          Quantifier();
          out_.push_back(c);
          i_++;
          if (i_ < p_.size() && p_[i_] == '?') {  // non-greedy
            out_.push_back('?');
            i_++;
          }
          break;
        case '(':
          OpenGroup();
          break;
        case ')':
          if (open_groups_.empty()) throw InvalidRegex("parentheses () not balanced");
          Atom();
          if (open_groups_.back() == GroupKind::kCapture) closed_captures_++;
          // Lookaround constraints match no characters, so they cannot be quantified.
          if (open_groups_.back() == GroupKind::kLookaround) can_quantify_ = false;
          open_groups_.pop_back();
          out_.push_back(c);
          i_++;
          break;
        case '|':
        case '^':
        case '$':
          can_quantify_ = false;
          last_was_quantifier_ = false;
          out_.push_back(c);
          i_++;
          break;
        case ' ':
        case '\t':
        case '\n':
        case '\r':
        case '\f':
        case '\v':
          out_.push_back(c);
          i_++;
          if (!flags_.expanded) Atom();
          break;
        case '#':
          if (flags_.expanded) {  // a comment up to the end of the line, left to PCRE2
            size_t end = p_.find('\n', i_);
            end = end == std::string_view::npos ? p_.size() : end;
            out_.append(p_.substr(i_, end - i_));
            i_ = end;
            break;
          }
          [[fallthrough]];
        default:
          Atom();
          out_.push_back(c);
          i_++;
          break;
      }
    }
    return out_;
  }

 private:
  // Copies "(" and the non-capturing and lookaround forms ARE shares with PCRE2.
  void OpenGroup() {
    if (p_.substr(i_, 3) == "(?#") {  // a comment
      size_t close = p_.find(')', i_);
      if (close == std::string_view::npos) throw InvalidRegex("parentheses () not balanced");
      i_ = close + 1;
      return;
    }
    can_quantify_ = false;
    last_was_quantifier_ = false;
    if (p_.substr(i_, 2) != "(?") {
      open_groups_.push_back(GroupKind::kCapture);
      out_.push_back('(');
      i_++;
      return;
    }
    for (std::string_view form : {"(?:", "(?=", "(?!", "(?<=", "(?<!"}) {
      if (p_.substr(i_, form.size()) == form) {
        open_groups_.push_back(form == "(?:" ? GroupKind::kPlain : GroupKind::kLookaround);
        out_.append(form);
        i_ += form.size();
        return;
      }
    }
    throw InvalidRegex("quantifier operand invalid");
  }

  // Consumes a leading "(?letters)" and applies the options, as PostgreSQL's lexer does
  // (only at the very start of an ARE).
  void ParseEmbeddedOptions() {
    if (p_.size() < 3 || !((p_[2] | 32) >= 'a' && (p_[2] | 32) <= 'z')) return;
    size_t j = 2;
    for (; j < p_.size() && (p_[j] | 32) >= 'a' && (p_[j] | 32) <= 'z'; j++) {
      if (!ApplyFlag(p_[j], flags_, false)) throw InvalidRegex("invalid embedded option");
    }
    if (j >= p_.size() || p_[j] != ')') throw InvalidRegex("invalid embedded option");
    p_.remove_prefix(j + 1);
  }

  void Atom() {
    can_quantify_ = true;
    last_was_quantifier_ = false;
  }

  // Checks that a quantifier has something to apply to, as PostgreSQL does: not at the
  // start, not after another quantifier.
  void Quantifier() {
    if (last_was_quantifier_ || !can_quantify_) throw InvalidRegex("quantifier operand invalid");
    last_was_quantifier_ = true;
  }

  // {m}, {m,} or {m,n}: PostgreSQL limits the counts to 255. A brace that does not start
  // with a digit is a literal.
  void TranslateBound() {
    size_t j = i_ + 1;
    if (j >= p_.size() || p_[j] < '0' || p_[j] > '9') {
      Atom();
      out_.append("\\{");
      i_++;
      return;
    }
    auto read_number = [&](size_t& k) {
      int value = 0;
      while (k < p_.size() && p_[k] >= '0' && p_[k] <= '9') {
        value = value * 10 + (p_[k] - '0');
        if (value > kMaxRepetition) throw InvalidRegex("invalid repetition count(s)");
        k++;
      }
      return value;
    };
    int low = read_number(j);
    int high = low;
    if (j < p_.size() && p_[j] == ',') {
      j++;
      high = j < p_.size() && p_[j] >= '0' && p_[j] <= '9' ? read_number(j) : -1;
    }
    if (j >= p_.size() || p_[j] != '}') throw InvalidRegex("invalid repetition count(s)");
    if (high >= 0 && high < low) throw InvalidRegex("invalid repetition count(s)");
    Quantifier();
    out_.append(p_.substr(i_, j + 1 - i_));
    i_ = j + 1;
    if (i_ < p_.size() && p_[i_] == '?') {
      out_.push_back('?');
      i_++;
    }
  }

  // Reads exactly `count` hex digits (or 1 to `count` when !exact) into a code point.
  uint32_t ReadHex(size_t count, bool exact) {
    uint32_t value = 0;
    size_t read = 0;
    while (read < count && i_ < p_.size() && IsHexDigit(p_[i_])) {
      char c = p_[i_++];
      value = value * 16 + (c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
      read++;
    }
    if (read == 0 || (exact && read != count)) throw InvalidRegex("invalid escape \\ sequence");
    if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF))
      throw InvalidRegex("invalid escape \\ sequence");
    return value;
  }

  void EmitCodePoint(uint32_t cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof(buffer), "\\x{%X}", cp);
    out_.append(buffer);
  }

  // Translates the escape after a backslash (i_ points past the backslash).
  void TranslateEscape(bool in_bracket) {
    if (i_ >= p_.size()) throw InvalidRegex("invalid escape \\ sequence");
    char c = p_[i_++];
    if (!in_bracket) Atom();
    switch (c) {
      case 'm':
      case 'M':
      case 'y':
      case 'Y':
      case 'A':
      case 'Z':
        if (in_bracket) throw InvalidRegex("invalid escape \\ sequence");
        // Constraints match no characters, so a quantifier cannot follow them.
        can_quantify_ = false;
        if (c == 'm') out_.append("\\b(?=\\w)");
        if (c == 'M') out_.append("\\b(?<=\\w)");
        if (c == 'y') out_.append("\\b");
        if (c == 'Y') out_.append("\\B");
        if (c == 'A') out_.append("\\A");
        if (c == 'Z') out_.append("\\z");
        return;
      case 'b':
        out_.append("\\x{8}");
        return;
      case 'B':
        out_.append("\\\\");
        return;
      case 'd':
        // PCRE2_UCP would make \d any Unicode digit; iswdigit accepts only 0-9.
        out_.append(in_bracket ? "0-9" : "[0-9]");
        return;
      case 'D':
        if (in_bracket) throw InvalidRegex("invalid escape \\ sequence");
        out_.append("[^0-9]");
        return;
      case 'S':
      case 'W':
        if (in_bracket) throw InvalidRegex("invalid escape \\ sequence");
        out_.push_back('\\');
        out_.push_back(c);
        return;
      case 's':
      case 'w':
      case 'f':
      case 'n':
      case 'r':
      case 't':
        out_.push_back('\\');
        out_.push_back(c);
        return;
      case 'a':
        out_.append("\\x{7}");
        return;
      case 'e':
        out_.append("\\x{1B}");
        return;
      case 'v':
        out_.append("\\x{B}");
        return;
      case 'c':
        if (i_ >= p_.size()) throw InvalidRegex("invalid escape \\ sequence");
        EmitCodePoint(static_cast<uint8_t>(p_[i_++]) & 0x1F);
        return;
      case 'u':
        EmitCodePoint(ReadHex(4, true));
        return;
      case 'U':
        EmitCodePoint(ReadHex(8, true));
        return;
      case 'x':
        EmitCodePoint(ReadHex(8, false));
        return;
      case '0': {
        uint32_t value = 0;
        for (int k = 0; k < 2 && i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '7'; k++) {
          value = value * 8 + (p_[i_++] - '0');
        }
        EmitCodePoint(value);
        return;
      }
      default:
        break;
    }
    if (c >= '1' && c <= '9') {
      if (in_bracket) throw InvalidRegex("invalid escape \\ sequence");
      // A back reference must name a group that is already closed.
      int number = c - '0';
      while (i_ < p_.size() && p_[i_] >= '0' && p_[i_] <= '9' &&
             number * 10 + (p_[i_] - '0') <= closed_captures_) {
        number = number * 10 + (p_[i_++] - '0');
      }
      if (number > closed_captures_) throw InvalidRegex("invalid backreference number");
      out_.append("\\g{" + std::to_string(number) + "}");
      return;
    }
    if (IsAsciiAlnum(c)) throw InvalidRegex("invalid escape \\ sequence");
    // Any other character stands for itself.
    if (static_cast<uint8_t>(c) < 0x80) {
      out_.push_back('\\');
      out_.push_back(c);
    } else {
      i_--;
      size_t len = std::min<size_t>(utf8::CharLength(static_cast<uint8_t>(c)), p_.size() - i_);
      out_.append(p_.substr(i_, len));
      i_ += len;
    }
  }

  void TranslateBracket() {
    Atom();
    if (p_.substr(i_, 7) == "[[:<:]]" || p_.substr(i_, 7) == "[[:>:]]") {
      out_.append(p_[i_ + 3] == '<' ? "\\b(?=\\w)" : "\\b(?<=\\w)");
      can_quantify_ = false;
      i_ += 7;
      return;
    }
    out_.push_back('[');
    i_++;
    bool negated = false;
    if (i_ < p_.size() && p_[i_] == '^') {
      negated = true;
      out_.push_back('^');
      i_++;
    }
    // The code point of the last plain character, which may start a range; -1 if none.
    int64_t range_start = -1;
    if (i_ < p_.size() && p_[i_] == ']') {
      out_.append("\\]");
      range_start = ']';
      i_++;
    }
    // PostgreSQL reports a reversed range only after lexing the token that follows its end,
    // so a bracket left open or a bad escape there takes precedence: 1 = the range end is
    // next, 2 = the token after it is next.
    int bad_range = 0;
    while (true) {
      if (i_ >= p_.size()) throw InvalidRegex("brackets [] not balanced");
      if (bad_range == 2) {
        if (p_[i_] == '\\') {
          i_++;
          TranslateEscape(true);
        }
        throw InvalidRegex("invalid character range");
      }
      if (bad_range == 1) bad_range = 2;
      char c = p_[i_];
      if (c == ']') break;
      if (c == '[' && i_ + 1 < p_.size() && (p_[i_ + 1] == ':' || p_[i_ + 1] == '.' || p_[i_ + 1] == '=')) {
        char kind = p_[i_ + 1];
        size_t close = p_.find(std::string{kind, ']'}, i_ + 2);
        if (close == std::string_view::npos) throw InvalidRegex("brackets [] not balanced");
        std::string_view name = p_.substr(i_ + 2, close - i_ - 2);
        i_ = close + 2;
        if (kind == ':') {
          EmitClass(name);
        } else {
          EmitCollatingElement(name);
        }
        continue;
      }
      if (c == '-' && range_start >= 0 && i_ + 1 < p_.size() && p_[i_ + 1] != ']') {
        int64_t range_end = RangeEndAt(i_ + 1);
        if (range_end == -2 || (range_end >= 0 && range_end < range_start)) bad_range = 1;
        out_.push_back('-');
        range_start = -1;
        i_++;
        continue;
      }
      range_start = -1;
      if (c == '\\') {
        i_++;
        TranslateEscape(true);
        continue;
      }
      if (c == '[') {
        out_.append("\\[");
        range_start = '[';
        i_++;
        continue;
      }
      size_t start = i_;
      range_start = utf8::Decode(p_, i_);
      out_.append(p_.substr(start, i_ - start));
    }
    if (negated && !flags_.dot_newline) out_.append("\\n");
    out_.push_back(']');
    i_++;
  }

  // Returns the code point that ends a range at `pos` of a bracket expression; -2 for a
  // character class, which cannot end a range; -1 when it is something else (PCRE2 then
  // checks the range itself).
  int64_t RangeEndAt(size_t pos) const {
    char c = p_[pos];
    if (c == '[' && pos + 1 < p_.size()) {
      if (p_[pos + 1] == ':') return -2;
      if (p_[pos + 1] == '.' || p_[pos + 1] == '=') return -1;
    }
    if (c == '\\') {
      if (pos + 1 >= p_.size() || IsAsciiAlnum(p_[pos + 1])) return -1;
      pos++;
    }
    return utf8::Decode(p_, pos);
  }

  // [.c.] and [=c=]: a single character, or one of POSIX's names for an ASCII character.
  void EmitCollatingElement(std::string_view name) {
    if (!name.empty() &&
        static_cast<size_t>(utf8::CharLength(static_cast<uint8_t>(name[0]))) == name.size()) {
      if (static_cast<uint8_t>(name[0]) < 0x80 && !IsAsciiAlnum(name[0])) out_.push_back('\\');
      out_.append(name);
      return;
    }
    for (const auto& [element, code] : kCollatingNames) {
      if (element == name) {
        EmitCodePoint(code);
        return;
      }
    }
    throw InvalidRegex("invalid collating element");
  }

  void EmitClass(std::string_view name) {
    static constexpr std::string_view kClasses[] = {"alnum", "alpha", "blank", "cntrl", "digit", "graph",
                                                    "lower", "print", "punct", "space", "upper", "xdigit"};
    bool known = false;
    for (std::string_view known_name : kClasses) known |= name == known_name;
    if (!known) throw InvalidRegex("invalid character class");
    if (name == "digit") {
      out_.append("0-9");
    } else if (flags_.case_insensitive && (name == "upper" || name == "lower")) {
      // PCRE2 does not fold [:upper:] / [:lower:] under CASELESS; PostgreSQL does.
      out_.append("\\p{Lu}\\p{Ll}\\p{Lt}");
    } else {
      out_.append("[:").append(name).append(":]");
    }
  }

  std::string_view p_;
  RegexFlags& flags_;
  size_t i_ = 0;
  std::string out_;
  enum class GroupKind : uint8_t { kCapture, kPlain, kLookaround };
  std::vector<GroupKind> open_groups_;
  int closed_captures_ = 0;
  bool can_quantify_ = false;
  bool last_was_quantifier_ = false;
};

// Maps PCRE2's compile errors to PostgreSQL's wording for the same mistakes.
SqlError CompileError(int code) {
  switch (code) {
    case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS:
    case PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS:
      return InvalidRegex("parentheses () not balanced");
    case PCRE2_ERROR_MISSING_SQUARE_BRACKET:
      return InvalidRegex("brackets [] not balanced");
    case PCRE2_ERROR_QUANTIFIER_INVALID:
      return InvalidRegex("quantifier operand invalid");
    case PCRE2_ERROR_QUANTIFIER_OUT_OF_ORDER:
    case PCRE2_ERROR_QUANTIFIER_TOO_BIG:
      return InvalidRegex("invalid repetition count(s)");
    case PCRE2_ERROR_CLASS_RANGE_ORDER:
    case PCRE2_ERROR_CLASS_INVALID_RANGE:
      return InvalidRegex("invalid character range");
    case PCRE2_ERROR_END_BACKSLASH:
    case PCRE2_ERROR_UNKNOWN_ESCAPE:
    case PCRE2_ERROR_ESCAPE_INVALID_IN_CLASS:
      return InvalidRegex("invalid escape \\ sequence");
    case PCRE2_ERROR_BAD_SUBPATTERN_REFERENCE:
      return InvalidRegex("invalid backreference number");
    case PCRE2_ERROR_UNKNOWN_POSIX_CLASS:
      return InvalidRegex("invalid character class");
    default: {
      PCRE2_UCHAR buffer[256];
      pcre2_get_error_message(code, buffer, sizeof(buffer));
      return InvalidRegex(reinterpret_cast<const char*>(buffer));
    }
  }
}

}  // namespace

RegexFlags ParseRegexFlags(std::string_view flags, bool redshift_extract) {
  RegexFlags result;
  for (size_t i = 0; i < flags.size(); i++) {
    char c = flags[i];
    if (c == 'g') {
      result.global = true;
      continue;
    }
    if (!ApplyFlag(c, result, redshift_extract)) {
      size_t len = std::min<size_t>(utf8::CharLength(static_cast<uint8_t>(c)), flags.size() - i);
      throw SqlError(ErrorCode::kInvalidParameterValue,
                     "invalid regular expression option: \"" + std::string(flags.substr(i, len)) + "\"");
    }
  }
  return result;
}

std::string TranslateAre(std::string_view pattern, RegexFlags& flags) {
  return AreTranslator(pattern, flags).Run();
}

std::string SimilarToRegex(std::string_view pattern, bool has_escape, std::string_view escape) {
  std::string_view escape_char = "\\";
  if (has_escape) {
    if (!escape.empty() && utf8::CountChars(escape) != 1) {
      throw SqlError(ErrorCode::kInvalidEscapeSequence, "invalid escape string")
          .WithHint("Escape string must be empty or one character.");
    }
    escape_char = escape;
  }
  std::string out = "^(?:";
  bool after_escape = false;
  bool in_class = false;
  int quotes = 0;
  size_t pos = 0;
  while (pos < pattern.size()) {
    size_t len = std::min<size_t>(utf8::CharLength(static_cast<uint8_t>(pattern[pos])), pattern.size() - pos);
    std::string_view ch = pattern.substr(pos, len);
    pos += len;
    if (after_escape) {
      if (ch == "\"" && !in_class) {
        if (quotes == 0) {
          out.append("){1,1}?(");
        } else if (quotes == 1) {
          out.append("){1,1}(?:");
        } else {
          throw SqlError(
              InvalidUseOfEscapeCharacterCode(),
              "SQL regular expression may not contain more than two escape-double-quote separators");
        }
        quotes++;
      } else {
        out.push_back('\\');
        out.append(ch);
      }
      after_escape = false;
    } else if (!escape_char.empty() && ch == escape_char) {
      after_escape = true;
    } else if (in_class) {
      if (ch == "\\") out.push_back('\\');
      out.append(ch);
      if (ch == "]") in_class = false;
    } else if (ch == "[") {
      out.append(ch);
      in_class = true;
    } else if (ch == "%") {
      out.append(".*");
    } else if (ch == "_") {
      out.push_back('.');
    } else if (ch == "(") {
      out.append("(?:");
    } else if (ch == "\\" || ch == "." || ch == "^" || ch == "$") {
      out.push_back('\\');
      out.append(ch);
    } else {
      out.append(ch);
    }
  }
  out.append(")$");
  return out;
}

Regex::Regex(std::string_view pattern, const RegexFlags& flags) {
  RegexFlags effective = flags;
  translated_ = TranslateAre(pattern, effective);
  uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY;
  if (effective.case_insensitive) options |= PCRE2_CASELESS;
  if (effective.dot_newline) options |= PCRE2_DOTALL;
  if (effective.line_anchors) options |= PCRE2_MULTILINE;
  if (effective.expanded) options |= PCRE2_EXTENDED;
  int error_code = 0;
  PCRE2_SIZE error_offset = 0;
  code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated_.data()), translated_.size(), options,
                        &error_code, &error_offset, nullptr);
  if (!code_) {
    if (error_code >= PCRE2_ERROR_UTF8_ERR21 && error_code <= PCRE2_ERROR_UTF8_ERR1) {
      throw SqlError(ErrorCode::kCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"");
    }
    throw CompileError(error_code);
  }
  uint32_t captures = 0;
  pcre2_pattern_info(code_, PCRE2_INFO_CAPTURECOUNT, &captures);
  group_count_ = static_cast<int>(captures);
  // Without JIT (unsupported CPU, no executable memory) pcre2_match interprets instead.
  if (pcre2_jit_compile(code_, PCRE2_JIT_COMPLETE) == 0) {
    match_context_ = pcre2_match_context_create(nullptr);
    jit_stack_ = pcre2_jit_stack_create(32 * 1024, kJitStackMax, nullptr);
    if (match_context_ && jit_stack_) pcre2_jit_stack_assign(match_context_, nullptr, jit_stack_);
  }
  match_data_ = pcre2_match_data_create_from_pattern(code_, nullptr);
  if (!match_data_) throw SqlError(ErrorCode::kOutOfMemory, "out of memory");
  ovector_ = pcre2_get_ovector_pointer(match_data_);
}

Regex::~Regex() {
  if (match_data_) pcre2_match_data_free(match_data_);
  if (match_context_) pcre2_match_context_free(match_context_);
  if (jit_stack_) pcre2_jit_stack_free(jit_stack_);
  if (code_) pcre2_code_free(code_);
}

bool Regex::Search(std::string_view subject, size_t start, bool subject_checked) {
  uint32_t options = 0;
  if (subject_checked || utf8::IsAscii(subject)) options |= PCRE2_NO_UTF_CHECK;
  int rc = pcre2_match(code_, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), start, options,
                       match_data_, match_context_);
  if (rc >= 0) return true;
  if (rc == PCRE2_ERROR_NOMATCH) return false;
  if (rc >= PCRE2_ERROR_UTF8_ERR21 && rc <= PCRE2_ERROR_UTF8_ERR1) {
    throw SqlError(ErrorCode::kCharacterNotInRepertoire, "invalid byte sequence for encoding \"UTF8\"");
  }
  if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT ||
      rc == PCRE2_ERROR_JIT_STACKLIMIT) {
    throw SqlError(ErrorCode::kProgramLimitExceeded, "regular expression is too complex to match");
  }
  PCRE2_UCHAR buffer[256];
  pcre2_get_error_message(rc, buffer, sizeof(buffer));
  throw SqlError(ErrorCode::kInvalidRegularExpression,
                 "regular expression failed: " + std::string(reinterpret_cast<const char*>(buffer)));
}

bool Regex::GroupMatched(int i) const { return ovector_[2 * i] != PCRE2_UNSET; }
size_t Regex::GroupStart(int i) const { return ovector_[2 * i]; }
size_t Regex::GroupEnd(int i) const { return ovector_[2 * i + 1]; }

Regex& RegexCache::Get(std::string_view pattern, const RegexFlags& flags) {
  if (last_ < entries_.size()) {
    Entry& hit = entries_[last_];
    if (hit.flags == flags && hit.pattern == pattern) return *hit.regex;
  }
  for (size_t i = 0; i < entries_.size(); i++) {
    if (entries_[i].flags == flags && entries_[i].pattern == pattern) {
      last_ = i;
      return *entries_[i].regex;
    }
  }
  auto regex = std::make_unique<Regex>(pattern, flags);
  if (entries_.size() < kCapacity) {
    entries_.push_back(Entry{std::string(pattern), flags, std::move(regex)});
    last_ = entries_.size() - 1;
  } else {
    last_ = next_victim_;
    next_victim_ = (next_victim_ + 1) % kCapacity;
    entries_[last_] = Entry{std::string(pattern), flags, std::move(regex)};
  }
  return *entries_[last_].regex;
}

RegexCache& RegexCache::From(ExpressionState& state) {
  if (!state.local) state.local = std::make_unique<RegexCache>();
  return static_cast<RegexCache&>(*state.local);
}

}  // namespace stockroom
