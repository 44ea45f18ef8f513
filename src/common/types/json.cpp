#include "common/types/json.hpp"

#include <algorithm>
#include <climits>
#include <cstring>
#include <vector>

#include "common/error/exception.hpp"

// The parser follows PostgreSQL 15's JSON lexer and recursive-descent parser closely
// enough to report the same errors at the same places: the DETAIL text names the token
// PostgreSQL would name, and the CONTEXT excerpt ends where its token_terminator would.

namespace stockroom {
namespace json {
namespace {

// SQLSTATE 22P05 (untranslatable_character) for \u0000 in jsonb; the error table may not
// list it yet, in which case the nearest character error stands in.
template <class E>
constexpr E UntranslatableCode(decltype(E::kUntranslatableCharacter)*) {
  return E::kUntranslatableCharacter;
}
template <class E>
constexpr E UntranslatableCode(...) {
  return E::kCharacterNotInRepertoire;
}

// Nesting deeper than this fails as PostgreSQL fails on its stack depth limit.
constexpr int kMaxDepth = 6400;
// PostgreSQL numeric's limits: digits after the point, and the decimal exponent of the
// most significant digit (weight 32767 in base-10000 digits).
constexpr int64_t kMaxDisplayScale = 16383;
constexpr int64_t kMaxDecimalWeight = 131071;

enum class Token : uint8_t {
  kInvalid,
  kString,
  kNumber,
  kObjectStart,
  kObjectEnd,
  kArrayStart,
  kArrayEnd,
  kComma,
  kColon,
  kTrue,
  kFalse,
  kNull,
  kEnd,
};

enum class ParseError : uint8_t {
  kNone,
  kEscapingInvalid,
  kEscapingRequired,
  kExpectedArrayNext,
  kExpectedColon,
  kExpectedEnd,
  kExpectedJson,
  kExpectedMore,
  kExpectedObjectFirst,
  kExpectedObjectNext,
  kExpectedString,
  kInvalidToken,
  kUnicodeCodePointZero,
  kUnicodeEscapeFormat,
  kUnicodeHighSurrogate,
  kUnicodeLowSurrogate,
  kTooDeep,
};

// Where the parser's grammar was when a token did not fit (PostgreSQL's JsonParseContext).
enum class Expect : uint8_t { kValue, kString, kArrayNext, kObjectStart, kObjectLabel, kObjectNext, kEnd };

inline bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80);
}
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Byte length of the UTF-8 character starting at text[pos], bounded by the text.
size_t CharLength(std::string_view text, size_t pos) {
  unsigned char c = static_cast<unsigned char>(text[pos]);
  size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 1;
  return std::min(len, text.size() - pos);
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t cp, std::string& out) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

inline bool IsHighSurrogate(int ch) { return ch >= 0xD800 && ch <= 0xDBFF; }
inline bool IsLowSurrogate(int ch) { return ch >= 0xDC00 && ch <= 0xDFFF; }

// Where an error happened, in PostgreSQL's lexer terms.
struct ErrorSite {
  ParseError error = ParseError::kNone;
  size_t token_start = 0;
  size_t token_end = 0;
  size_t line_start = 0;
  int line_number = 1;
  bool at_end_token = false;  // the current token is the end of input
};

[[noreturn]] void ThrowError(std::string_view input, const ErrorSite& site) {
  std::string token(input.substr(site.token_start, site.token_end - site.token_start));
  std::string detail;
  switch (site.error) {
    case ParseError::kEscapingInvalid:
      detail = "Escape sequence \"\\" + token + "\" is invalid.";
      break;
    case ParseError::kEscapingRequired: {
      char buf[64];
      snprintf(buf, sizeof(buf), "Character with value 0x%02x must be escaped.",
               static_cast<unsigned char>(input[site.token_end]));
      detail = buf;
      break;
    }
    case ParseError::kExpectedArrayNext:
      detail = "Expected \",\" or \"]\", but found \"" + token + "\".";
      break;
    case ParseError::kExpectedColon:
      detail = "Expected \":\", but found \"" + token + "\".";
      break;
    case ParseError::kExpectedEnd:
      detail = "Expected end of input, but found \"" + token + "\".";
      break;
    case ParseError::kExpectedJson:
      detail = "Expected JSON value, but found \"" + token + "\".";
      break;
    case ParseError::kExpectedMore:
      detail = "The input string ended unexpectedly.";
      break;
    case ParseError::kExpectedObjectFirst:
      detail = "Expected string or \"}\", but found \"" + token + "\".";
      break;
    case ParseError::kExpectedObjectNext:
      detail = "Expected \",\" or \"}\", but found \"" + token + "\".";
      break;
    case ParseError::kExpectedString:
      detail = "Expected string, but found \"" + token + "\".";
      break;
    case ParseError::kInvalidToken:
      detail = "Token \"" + token + "\" is invalid.";
      break;
    case ParseError::kUnicodeCodePointZero:
      detail = "\\u0000 cannot be converted to text.";
      break;
    case ParseError::kUnicodeEscapeFormat:
      detail = "\"\\u\" must be followed by four hexadecimal digits.";
      break;
    case ParseError::kUnicodeHighSurrogate:
      detail = "Unicode high surrogate must not follow a high surrogate.";
      break;
    case ParseError::kUnicodeLowSurrogate:
      detail = "Unicode low surrogate must follow a high surrogate.";
      break;
    case ParseError::kTooDeep:
      throw SqlError(ErrorCode::kStatementTooComplex, "stack depth limit exceeded")
          .WithHint("Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring "
                    "the platform's stack depth limit is adequate.");
    case ParseError::kNone:
      break;
  }
  // The excerpt: the current line up to the token's end, at most ~50 bytes of it.
  size_t context_start = site.line_start;
  size_t context_end = site.token_end;
  while (context_end - context_start >= 50) context_start += CharLength(input, context_start);
  if (context_start - site.line_start <= 3) context_start = site.line_start;
  std::string context = "JSON data, line " + std::to_string(site.line_number) + ": ";
  if (context_start > site.line_start) context += "...";
  context.append(input.substr(context_start, context_end - context_start));
  if (!site.at_end_token && context_end < input.size() && input[context_end] != '\n' &&
      input[context_end] != '\r') {
    context += "...";
  }
  if (site.error == ParseError::kUnicodeCodePointZero) {
    throw SqlError(UntranslatableCode<ErrorCode>(nullptr), "unsupported Unicode escape sequence")
        .WithDetail(std::move(detail))
        .WithContext(std::move(context));
  }
  throw SqlError(ErrorCode::kInvalidTextRepresentation, "invalid input syntax for type json")
      .WithDetail(std::move(detail))
      .WithContext(std::move(context));
}

// One parsed value of a Document. Scalars keep their token's byte range (in the input, or
// in the document's pool for strings that had escapes, unescaped); containers keep a range
// of `links` (objects: key node, value node pairs).
struct Node {
  Kind kind;
  bool in_pool = false;
  uint32_t begin = 0;
  uint32_t end = 0;
};

struct Document {
  std::string_view input;
  std::vector<Node> nodes;
  std::vector<uint32_t> links;
  std::string pool;

  std::string_view Text(const Node& n) const {
    return n.in_pool ? std::string_view(pool).substr(n.begin, n.end - n.begin) : input.substr(n.begin, n.end - n.begin);
  }
};

// PostgreSQL's lexer plus recursive-descent parser. With `doc` set it records the values
// for the jsonb writer; `de_escape` applies the checks PostgreSQL makes only when it
// de-escapes strings (jsonb input): \u0000 and UTF-16 surrogate pairing.
class Parser {
 public:
  Parser(std::string_view input, bool de_escape, Document* doc) : input_(input), de_escape_(de_escape), doc_(doc) {}

  // Returns false with site() describing the error.
  bool Parse() {
    if (!Lex()) return false;
    if (!ParseValue(&root_, 0)) return false;
    if (token_ != Token::kEnd) return Fail(Expect::kEnd);
    return true;
  }
  const ErrorSite& site() const { return site_; }
  uint32_t root() const { return root_; }

 private:
  bool SetError(ParseError error) {
    site_.error = error;
    site_.token_start = token_start_;
    site_.token_end = token_end_;
    site_.line_start = line_start_;
    site_.line_number = line_number_;
    site_.at_end_token = token_ == Token::kEnd;
    return false;
  }

  bool Fail(Expect expect) {
    if (token_ == Token::kEnd) return SetError(ParseError::kExpectedMore);
    switch (expect) {
      case Expect::kEnd:
        return SetError(ParseError::kExpectedEnd);
      case Expect::kValue:
        return SetError(ParseError::kExpectedJson);
      case Expect::kString:
        return SetError(ParseError::kExpectedString);
      case Expect::kArrayNext:
        return SetError(ParseError::kExpectedArrayNext);
      case Expect::kObjectStart:
        return SetError(ParseError::kExpectedObjectFirst);
      case Expect::kObjectLabel:
        return SetError(ParseError::kExpectedColon);
      case Expect::kObjectNext:
        return SetError(ParseError::kExpectedObjectNext);
    }
    return false;
  }

  bool Lex() {
    const char* s = input_.data();
    size_t n = input_.size();
    size_t p = token_end_;
    while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\n' || s[p] == '\r')) {
      if (s[p] == '\n') {
        line_number_++;
        line_start_ = p + 1;
      }
      p++;
    }
    token_start_ = p;
    if (p >= n) {
      token_end_ = p;
      token_ = Token::kEnd;
      return true;
    }
    auto single = [&](Token t) {
      token_end_ = p + 1;
      token_ = t;
      return true;
    };
    switch (s[p]) {
      case '{':
        return single(Token::kObjectStart);
      case '}':
        return single(Token::kObjectEnd);
      case '[':
        return single(Token::kArrayStart);
      case ']':
        return single(Token::kArrayEnd);
      case ',':
        return single(Token::kComma);
      case ':':
        return single(Token::kColon);
      case '"':
        return LexString();
      case '-':
        return LexNumber(p + 1);
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return LexNumber(p);
      default: {
        // Not punctuation, a string or a number: take the whole alphanumeric word so the
        // error names it rather than a prefix.
        size_t q = p;
        while (q < n && IsAlnum(s[q])) q++;
        if (q == p) {
          token_end_ = p + 1;
          return SetError(ParseError::kInvalidToken);
        }
        token_end_ = q;
        std::string_view word(s + p, q - p);
        if (word == "true") {
          token_ = Token::kTrue;
        } else if (word == "false") {
          token_ = Token::kFalse;
        } else if (word == "null") {
          token_ = Token::kNull;
        } else {
          return SetError(ParseError::kInvalidToken);
        }
        return true;
      }
    }
  }

  bool LexNumber(size_t p) {
    const char* s = input_.data();
    size_t n = input_.size();
    bool error = false;
    if (p < n && s[p] == '0') {
      p++;
    } else if (p < n && s[p] >= '1' && s[p] <= '9') {
      while (p < n && IsDigit(s[p])) p++;
    } else {
      error = true;
    }
    if (p < n && s[p] == '.') {
      p++;
      if (p == n || !IsDigit(s[p])) {
        error = true;
      } else {
        while (p < n && IsDigit(s[p])) p++;
      }
    }
    if (p < n && (s[p] == 'e' || s[p] == 'E')) {
      p++;
      if (p < n && (s[p] == '+' || s[p] == '-')) p++;
      if (p == n || !IsDigit(s[p])) {
        error = true;
      } else {
        while (p < n && IsDigit(s[p])) p++;
      }
    }
    for (; p < n && IsAlnum(s[p]); p++) error = true;
    token_end_ = p;
    if (error) return SetError(ParseError::kInvalidToken);
    token_ = Token::kNumber;
    return true;
  }

  // Errors found while de-escaping point just past the character that revealed them.
  bool FailAtChar(size_t p, ParseError error) {
    token_end_ = p + CharLength(input_, p);
    return SetError(error);
  }

  bool LexString() {
    const char* s = input_.data();
    size_t n = input_.size();
    size_t p = token_start_;
    int hi_surrogate = -1;
    escaped_ = false;
    for (;;) {
      p++;
      if (p >= n) {
        token_end_ = n;
        return SetError(ParseError::kInvalidToken);
      }
      char c = s[p];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 32) {
        token_end_ = p;
        return SetError(ParseError::kEscapingRequired);
      }
      if (c != '\\') {
        if (de_escape_ && hi_surrogate != -1) return FailAtChar(p, ParseError::kUnicodeLowSurrogate);
        continue;
      }
      escaped_ = true;
      p++;
      if (p >= n) {
        token_end_ = n;
        return SetError(ParseError::kInvalidToken);
      }
      if (s[p] == 'u') {
        int ch = 0;
        for (int i = 0; i < 4; i++) {
          p++;
          if (p >= n) {
            token_end_ = n;
            return SetError(ParseError::kInvalidToken);
          }
          int h = HexValue(s[p]);
          if (h < 0) return FailAtChar(p, ParseError::kUnicodeEscapeFormat);
          ch = ch * 16 + h;
        }
        if (!de_escape_) continue;
        if (IsHighSurrogate(ch)) {
          if (hi_surrogate != -1) return FailAtChar(p, ParseError::kUnicodeHighSurrogate);
          hi_surrogate = ch;
          continue;
        }
        if (IsLowSurrogate(ch)) {
          if (hi_surrogate == -1) return FailAtChar(p, ParseError::kUnicodeLowSurrogate);
          hi_surrogate = -1;
          continue;
        }
        if (hi_surrogate != -1) return FailAtChar(p, ParseError::kUnicodeLowSurrogate);
        if (ch == 0) return FailAtChar(p, ParseError::kUnicodeCodePointZero);
        continue;
      }
      if (de_escape_ && hi_surrogate != -1) return FailAtChar(p, ParseError::kUnicodeLowSurrogate);
      switch (s[p]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          break;
        default:
          token_start_ = p;
          token_end_ = p + CharLength(input_, p);
          return SetError(ParseError::kEscapingInvalid);
      }
    }
    if (de_escape_ && hi_surrogate != -1) return FailAtChar(p, ParseError::kUnicodeLowSurrogate);
    token_end_ = p + 1;
    token_ = Token::kString;
    return true;
  }

  uint32_t AddScalar(Kind kind) {
    Node node;
    node.kind = kind;
    if (kind == Kind::kString) {
      if (escaped_) {
        node.in_pool = true;
        node.begin = static_cast<uint32_t>(doc_->pool.size());
        AppendUnescaped(input_.substr(token_start_, token_end_ - token_start_), doc_->pool);
        node.end = static_cast<uint32_t>(doc_->pool.size());
      } else {
        node.begin = static_cast<uint32_t>(token_start_ + 1);
        node.end = static_cast<uint32_t>(token_end_ - 1);
      }
    } else {
      node.begin = static_cast<uint32_t>(token_start_);
      node.end = static_cast<uint32_t>(token_end_);
    }
    doc_->nodes.push_back(node);
    return static_cast<uint32_t>(doc_->nodes.size() - 1);
  }

  // Moves the children gathered on the stack since `base` into the document's links.
  uint32_t AddContainer(Kind kind, size_t base) {
    Node node;
    node.kind = kind;
    node.begin = static_cast<uint32_t>(doc_->links.size());
    doc_->links.insert(doc_->links.end(), stack_.begin() + base, stack_.end());
    node.end = static_cast<uint32_t>(doc_->links.size());
    stack_.resize(base);
    doc_->nodes.push_back(node);
    return static_cast<uint32_t>(doc_->nodes.size() - 1);
  }

  bool ParseValue(uint32_t* out, int depth) {
    switch (token_) {
      case Token::kObjectStart:
        return ParseObject(out, depth + 1);
      case Token::kArrayStart:
        return ParseArray(out, depth + 1);
      case Token::kString:
      case Token::kNumber:
      case Token::kTrue:
      case Token::kFalse:
      case Token::kNull:
        if (doc_) {
          Kind kind = token_ == Token::kString   ? Kind::kString
                      : token_ == Token::kNumber ? Kind::kNumber
                      : token_ == Token::kNull   ? Kind::kNull
                                                 : Kind::kBoolean;
          *out = AddScalar(kind);
        }
        return Lex();
      default:
        return Fail(Expect::kValue);
    }
  }

  bool ParseObject(uint32_t* out, int depth) {
    if (depth > kMaxDepth) return SetError(ParseError::kTooDeep);
    size_t base = stack_.size();
    if (!Lex()) return false;
    if (token_ == Token::kString) {
      for (;;) {
        if (token_ != Token::kString) return Fail(Expect::kString);
        if (doc_) stack_.push_back(AddScalar(Kind::kString));
        if (!Lex()) return false;
        if (token_ != Token::kColon) return Fail(Expect::kObjectLabel);
        if (!Lex()) return false;
        uint32_t value = 0;
        if (!ParseValue(&value, depth)) return false;
        if (doc_) stack_.push_back(value);
        if (token_ != Token::kComma) break;
        if (!Lex()) return false;
      }
    } else if (token_ != Token::kObjectEnd) {
      return Fail(Expect::kObjectStart);
    }
    if (token_ != Token::kObjectEnd) return Fail(Expect::kObjectNext);
    if (doc_) *out = AddContainer(Kind::kObject, base);
    return Lex();
  }

  bool ParseArray(uint32_t* out, int depth) {
    if (depth > kMaxDepth) return SetError(ParseError::kTooDeep);
    size_t base = stack_.size();
    if (!Lex()) return false;
    if (token_ != Token::kArrayEnd) {
      for (;;) {
        uint32_t value = 0;
        if (!ParseValue(&value, depth)) return false;
        if (doc_) stack_.push_back(value);
        if (token_ != Token::kComma) break;
        if (!Lex()) return false;
      }
    }
    if (token_ != Token::kArrayEnd) return Fail(Expect::kArrayNext);
    if (doc_) *out = AddContainer(Kind::kArray, base);
    return Lex();
  }

  std::string_view input_;
  bool de_escape_;
  Document* doc_;
  size_t token_start_ = 0;
  size_t token_end_ = 0;
  size_t line_start_ = 0;
  int line_number_ = 1;
  Token token_ = Token::kInvalid;
  bool escaped_ = false;
  ErrorSite site_;
  uint32_t root_ = 0;
  std::vector<uint32_t> stack_;
};

// Writes a parsed document in jsonb's canonical form.
class JsonbWriter {
 public:
  JsonbWriter(const Document& doc, std::string& out) : doc_(doc), out_(out) {}

  void Write(uint32_t index) {
    const Node& node = doc_.nodes[index];
    switch (node.kind) {
      case Kind::kNull:
      case Kind::kBoolean:
        out_.append(doc_.Text(node));
        break;
      case Kind::kNumber:
        AppendNumber(doc_.Text(node), out_);
        break;
      case Kind::kString:
        WriteString(node);
        break;
      case Kind::kArray:
        out_.push_back('[');
        for (uint32_t i = node.begin; i < node.end; i++) {
          if (i > node.begin) out_.append(", ");
          Write(doc_.links[i]);
        }
        out_.push_back(']');
        break;
      case Kind::kObject:
        WriteObject(node);
        break;
    }
  }

 private:
  struct Member {
    std::string_view key;
    uint32_t key_node;
    uint32_t value_node;
  };

  static bool KeyLess(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return a.size() < b.size();
    return std::memcmp(a.data(), b.data(), a.size()) < 0;
  }

  void WriteString(const Node& node) {
    if (node.in_pool) {
      AppendQuoted(doc_.Text(node), out_);
    } else {
      // Raw string bytes without escapes hold nothing jsonb would escape.
      out_.push_back('"');
      out_.append(doc_.Text(node));
      out_.push_back('"');
    }
  }

  void WriteObject(const Node& node) {
    size_t base = members_.size();
    bool ordered = true;
    for (uint32_t i = node.begin; i < node.end; i += 2) {
      Member m{doc_.Text(doc_.nodes[doc_.links[i]]), doc_.links[i], doc_.links[i + 1]};
      if (members_.size() > base && !KeyLess(members_.back().key, m.key)) ordered = false;
      members_.push_back(m);
    }
    // Stable, so that among equal keys the last written stays last and wins.
    if (!ordered) {
      std::stable_sort(members_.begin() + base, members_.end(),
                       [](const Member& a, const Member& b) { return KeyLess(a.key, b.key); });
    }
    size_t end = members_.size();
    out_.push_back('{');
    bool first = true;
    for (size_t i = base; i < end; i++) {
      if (i + 1 < end && members_[i + 1].key == members_[i].key) continue;
      if (!first) out_.append(", ");
      first = false;
      WriteString(doc_.nodes[members_[i].key_node]);
      out_.append(": ");
      Write(members_[i].value_node);
    }
    out_.push_back('}');
    members_.resize(base);
  }

  const Document& doc_;
  std::string& out_;
  std::vector<Member> members_;
};

size_t SkipString(std::string_view text, size_t pos) {
  const char* s = text.data();
  size_t n = text.size();
  size_t p = pos + 1;
  for (;;) {
    const void* q = p < n ? std::memchr(s + p, '"', n - p) : nullptr;
    if (!q) return n;
    size_t quote = static_cast<const char*>(q) - s;
    size_t k = quote;
    while (k > pos + 1 && s[k - 1] == '\\') k--;
    if ((quote - k) % 2 == 0) return quote + 1;
    p = quote + 1;
  }
}

// The parts of a number token: sign, digits (integer then fraction part) and where the
// decimal point falls among them once the exponent is applied.
struct DecimalParts {
  bool negative = false;
  std::string_view int_digits;
  std::string_view frac_digits;
  int64_t exponent = 0;
};

DecimalParts SplitNumber(std::string_view number) {
  DecimalParts parts;
  size_t i = 0;
  if (i < number.size() && number[i] == '-') {
    parts.negative = true;
    i++;
  }
  size_t start = i;
  while (i < number.size() && IsDigit(number[i])) i++;
  parts.int_digits = number.substr(start, i - start);
  if (i < number.size() && number[i] == '.') {
    start = ++i;
    while (i < number.size() && IsDigit(number[i])) i++;
    parts.frac_digits = number.substr(start, i - start);
  }
  if (i < number.size() && (number[i] == 'e' || number[i] == 'E')) {
    i++;
    bool negative = false;
    if (i < number.size() && (number[i] == '+' || number[i] == '-')) negative = number[i++] == '-';
    int64_t e = 0;
    while (i < number.size() && IsDigit(number[i])) {
      if (e < INT64_MAX / 100) e = e * 10 + (number[i] - '0');
      i++;
    }
    parts.exponent = negative ? -e : e;
  }
  return parts;
}

[[noreturn]] void ThrowNumericOverflow() {
  throw SqlError(ErrorCode::kNumericValueOutOfRange, "value overflows numeric format");
}

bool ScalarsEqual(std::string_view a, std::string_view b) {
  Kind ka = KindOf(a);
  if (ka != KindOf(b)) return false;
  if (ka == Kind::kNumber) return NumbersEqual(a, b);
  return a == b;
}

// Finds the member whose raw key token is `key_token` (canonical jsonb: keys are unique
// and escaped the same way everywhere).
bool FindRawMember(std::string_view object, std::string_view key_token, std::string_view* value) {
  bool found = false;
  ForEachMember(object, [&](std::string_view key, std::string_view v) {
    if (key == key_token) {
      *value = v;
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

bool DeepContains(std::string_view a, std::string_view b) {
  Kind ka = KindOf(a);
  Kind kb = KindOf(b);
  if (kb == Kind::kObject) {
    if (ka != Kind::kObject) return false;
    bool ok = true;
    ForEachMember(b, [&](std::string_view key, std::string_view bv) {
      std::string_view av;
      if (!FindRawMember(a, key, &av)) {
        ok = false;
      } else {
        Kind kav = KindOf(av), kbv = KindOf(bv);
        if (kbv == Kind::kObject || kbv == Kind::kArray) {
          ok = kav == kbv && DeepContains(av, bv);
        } else {
          ok = ScalarsEqual(av, bv);
        }
      }
      return ok;
    });
    return ok;
  }
  if (kb == Kind::kArray) {
    if (ka != Kind::kArray) return false;
    bool ok = true;
    ForEachElement(b, [&](std::string_view bv) {
      Kind kbv = KindOf(bv);
      bool found = false;
      ForEachElement(a, [&](std::string_view av) {
        if (kbv == Kind::kObject || kbv == Kind::kArray) {
          found = KindOf(av) == kbv && DeepContains(av, bv);
        } else {
          found = ScalarsEqual(av, bv);
        }
        return !found;
      });
      ok = found;
      return ok;
    });
    return ok;
  }
  return ScalarsEqual(a, b);
}

}  // namespace

void Validate(std::string_view text) {
  Parser parser(text, false, nullptr);
  if (!parser.Parse()) ThrowError(text, parser.site());
}

bool IsValid(std::string_view text) {
  Parser parser(text, false, nullptr);
  return parser.Parse();
}

void AppendJsonb(std::string_view text, std::string& out) {
  Document doc;
  doc.input = text;
  Parser parser(text, true, &doc);
  if (!parser.Parse()) ThrowError(text, parser.site());
  JsonbWriter writer(doc, out);
  writer.Write(parser.root());
}

std::string NormalizeJsonb(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  AppendJsonb(text, out);
  return out;
}

void CheckEscapes(std::string_view text) {
  const char* s = text.data();
  size_t n = text.size();
  if (!std::memchr(s, '\\', n)) return;
  size_t line_start = 0;
  int line_number = 1;
  size_t p = 0;
  auto fail = [&](size_t at, ParseError error) {
    ErrorSite site;
    site.error = error;
    site.token_end = at + CharLength(text, at);
    site.line_start = line_start;
    site.line_number = line_number;
    ThrowError(text, site);
  };
  while (p < n) {
    char c = s[p];
    if (c == '\n') {
      line_number++;
      line_start = p + 1;
      p++;
      continue;
    }
    if (c != '"') {
      p++;
      continue;
    }
    int hi_surrogate = -1;
    p++;
    while (p < n && s[p] != '"') {
      if (s[p] != '\\') {
        if (hi_surrogate != -1) fail(p, ParseError::kUnicodeLowSurrogate);
        p++;
        continue;
      }
      p++;
      if (p < n && s[p] == 'u' && p + 4 < n) {
        int ch = 0;
        for (int i = 1; i <= 4; i++) ch = ch * 16 + std::max(HexValue(s[p + i]), 0);
        p += 4;
        if (IsHighSurrogate(ch)) {
          if (hi_surrogate != -1) fail(p, ParseError::kUnicodeHighSurrogate);
          hi_surrogate = ch;
        } else if (IsLowSurrogate(ch)) {
          if (hi_surrogate == -1) fail(p, ParseError::kUnicodeLowSurrogate);
          hi_surrogate = -1;
        } else {
          if (hi_surrogate != -1) fail(p, ParseError::kUnicodeLowSurrogate);
          if (ch == 0) fail(p, ParseError::kUnicodeCodePointZero);
        }
      } else if (hi_surrogate != -1 && p < n) {
        fail(p, ParseError::kUnicodeLowSurrogate);
      }
      p++;
    }
    if (hi_surrogate != -1 && p < n) fail(p, ParseError::kUnicodeLowSurrogate);
    p++;
  }
}

const char* KindName(Kind kind) {
  switch (kind) {
    case Kind::kObject:
      return "object";
    case Kind::kArray:
      return "array";
    case Kind::kString:
      return "string";
    case Kind::kNumber:
      return "number";
    case Kind::kBoolean:
      return "boolean";
    case Kind::kNull:
      return "null";
  }
  return "null";
}

std::string_view Trim(std::string_view text) {
  size_t begin = SkipSpace(text, 0);
  size_t end = text.size();
  while (end > begin && (text[end - 1] == ' ' || text[end - 1] == '\n' || text[end - 1] == '\r' ||
                         text[end - 1] == '\t')) {
    end--;
  }
  return text.substr(begin, end - begin);
}

size_t SkipValue(std::string_view text, size_t pos) {
  size_t n = text.size();
  if (pos >= n) return n;
  char c = text[pos];
  if (c == '"') return SkipString(text, pos);
  if (c == '{' || c == '[') {
    int depth = 0;
    size_t p = pos;
    while (p < n) {
      char ch = text[p];
      if (ch == '"') {
        p = SkipString(text, p);
        continue;
      }
      if (ch == '{' || ch == '[') {
        depth++;
      } else if (ch == '}' || ch == ']') {
        if (--depth == 0) return p + 1;
      }
      p++;
    }
    return n;
  }
  size_t p = pos;
  while (p < n) {
    char ch = text[p];
    if (ch == ',' || ch == '}' || ch == ']' || ch == ':' || ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') break;
    p++;
  }
  return p;
}

int64_t ArrayLength(std::string_view array) {
  int64_t count = 0;
  ForEachElement(array, [&](std::string_view) {
    count++;
    return true;
  });
  return count;
}

bool KeyEquals(std::string_view token, std::string_view key) {
  std::string_view inner = token.substr(1, token.size() - 2);
  if (!std::memchr(inner.data(), '\\', inner.size())) return inner == key;
  if (inner.size() < key.size()) return false;
  std::string unescaped;
  AppendUnescaped(token, unescaped);
  return unescaped == key;
}

void AppendUnescaped(std::string_view token, std::string& out) {
  std::string_view inner = token.substr(1, token.size() - 2);
  size_t n = inner.size();
  size_t i = 0;
  while (i < n) {
    const void* bs = std::memchr(inner.data() + i, '\\', n - i);
    size_t next = bs ? static_cast<const char*>(bs) - inner.data() : n;
    out.append(inner.data() + i, next - i);
    i = next;
    if (i >= n) break;
    i++;  // the backslash
    if (i >= n) break;
    char c = inner[i++];
    switch (c) {
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'u': {
        uint32_t cp = 0;
        for (int k = 0; k < 4 && i < n; k++) cp = cp * 16 + std::max(HexValue(inner[i++]), 0);
        if (IsHighSurrogate(static_cast<int>(cp)) && i + 6 <= n && inner[i] == '\\' && inner[i + 1] == 'u') {
          uint32_t lo = 0;
          for (int k = 2; k < 6; k++) lo = lo * 16 + std::max(HexValue(inner[i + k]), 0);
          if (IsLowSurrogate(static_cast<int>(lo))) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            i += 6;
          }
        }
        AppendUtf8(cp, out);
        break;
      }
      default:  // '"', '\\', '/'
        out.push_back(c);
        break;
    }
  }
}

void AppendQuoted(std::string_view text, std::string& out) {
  out.push_back('"');
  size_t start = 0;
  for (size_t i = 0; i < text.size(); i++) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + start, i - start);
    start = i + 1;
    switch (c) {
      case '\b':
        out.append("\\b");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\r':
        out.append("\\r");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      default: {
        char buf[8];
        snprintf(buf, sizeof(buf), "\\u%04x", c);
        out.append(buf);
      }
    }
  }
  out.append(text.data() + start, text.size() - start);
  out.push_back('"');
}

bool FindMember(std::string_view value, std::string_view key, bool last_match, std::string_view* member) {
  if (value.empty() || value[0] != '{') return false;
  bool found = false;
  ForEachMember(value, [&](std::string_view k, std::string_view v) {
    if (KeyEquals(k, key)) {
      *member = v;
      found = true;
      return last_match;
    }
    return true;
  });
  return found;
}

bool FindElement(std::string_view value, int64_t index, std::string_view* element) {
  if (value.empty() || value[0] != '[') return false;
  if (index < 0) {
    index += ArrayLength(value);
    if (index < 0) return false;
  }
  int64_t i = 0;
  bool found = false;
  ForEachElement(value, [&](std::string_view v) {
    if (i++ == index) {
      *element = v;
      found = true;
      return false;
    }
    return true;
  });
  return found;
}

void AppendNumber(std::string_view number, std::string& out) {
  DecimalParts parts = SplitNumber(number);
  if (parts.exponent >= INT_MAX / 2 || parts.exponent <= -(INT_MAX / 2)) ThrowNumericOverflow();
  int64_t int_len = static_cast<int64_t>(parts.int_digits.size());
  int64_t total = int_len + static_cast<int64_t>(parts.frac_digits.size());
  auto digit = [&](int64_t k) -> char {
    if (k < 0 || k >= total) return '0';
    return k < int_len ? parts.int_digits[k] : parts.frac_digits[k - int_len];
  };
  // The decimal point falls before digit `point` (which may lie outside the digits).
  int64_t point = int_len + parts.exponent;
  int64_t scale = std::max<int64_t>(0, static_cast<int64_t>(parts.frac_digits.size()) - parts.exponent);
  if (scale > kMaxDisplayScale) ThrowNumericOverflow();
  int64_t first = 0;
  while (first < total && digit(first) == '0') first++;
  if (first == total) {
    out.push_back('0');
    if (scale > 0) {
      out.push_back('.');
      out.append(static_cast<size_t>(scale), '0');
    }
    return;
  }
  if (point - 1 - first > kMaxDecimalWeight) ThrowNumericOverflow();
  if (parts.negative) out.push_back('-');
  if (point <= first) {
    out.push_back('0');
  } else {
    for (int64_t k = first; k < point; k++) out.push_back(digit(k));
  }
  if (scale > 0) {
    out.push_back('.');
    for (int64_t k = point; k < point + scale; k++) out.push_back(digit(k));
  }
}

bool NumbersEqual(std::string_view a, std::string_view b) {
  if (a == b) return true;
  // Canonical texts with trailing fractional zeros removed are equal for equal values.
  auto canonical = [](std::string_view n, std::string& buf) {
    AppendNumber(n, buf);
    std::string_view v = buf;
    if (v.find('.') != std::string_view::npos) {
      while (v.back() == '0') v.remove_suffix(1);
      if (v.back() == '.') v.remove_suffix(1);
    }
    return v;
  };
  std::string buf_a, buf_b;
  return canonical(a, buf_a) == canonical(b, buf_b);
}

bool Contains(std::string_view container, std::string_view contained) {
  Kind ka = KindOf(container);
  Kind kb = KindOf(contained);
  bool a_scalar = ka != Kind::kObject && ka != Kind::kArray;
  bool b_scalar = kb != Kind::kObject && kb != Kind::kArray;
  // Top-level scalars behave as one-element arrays: an array may contain one, but a
  // scalar never contains an array.
  if (b_scalar) {
    if (a_scalar) return ScalarsEqual(container, contained);
    if (ka != Kind::kArray) return false;
    bool found = false;
    ForEachElement(container, [&](std::string_view v) {
      found = ScalarsEqual(v, contained);
      return !found;
    });
    return found;
  }
  if (a_scalar) return false;
  return DeepContains(container, contained);
}

}  // namespace json
}  // namespace stockroom
