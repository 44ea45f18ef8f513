#include "ingest/json/json_row_tokenizer.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>
#include <memory>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "common/error/exception.hpp"
#include "common/types/json.hpp"
#include "function/scalar/utf8.hpp"

namespace stockroom {
namespace {

// Containers nested deeper than this are rejected, as PostgreSQL rejects them on its stack
// depth limit (json.cpp uses the same bound).
constexpr int kMaxDepth = 6400;

inline bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
// The bytes PostgreSQL's lexer reads as part of a word ("true", "1abc").
inline bool IsAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '_' ||
         (static_cast<unsigned char>(c) & 0x80);
}
inline char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Returns the first '"', '\\' or control character in [s, end), or end.
inline const char* FindStringStop(const char* s, const char* end) {
#ifdef __SSE2__
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control = _mm_set1_epi8(0x1F);
  while (end - s >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                               _mm_cmpeq_epi8(_mm_min_epu8(v, control), v));
    int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return s + __builtin_ctz(static_cast<unsigned>(mask));
    s += 16;
  }
#endif
  while (s < end && *s != '"' && *s != '\\' && static_cast<unsigned char>(*s) >= 0x20) s++;
  return s;
}

inline uint64_t Load64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

// What went wrong in a line; the texts are PostgreSQL's json error DETAIL lines.
enum class LineError : uint8_t {
  kNotObject,
  kExpectedMore,
  kExpectedJson,
  kExpectedObjectFirst,
  kExpectedObjectNext,
  kExpectedString,
  kExpectedColon,
  kExpectedArrayNext,
  kExpectedEnd,
  kInvalidToken,
  kEscapingInvalid,
  kEscapingRequired,
  kUnicodeEscapeFormat,
  kUnicodeHighSurrogate,
  kUnicodeLowSurrogate,
  kUnicodeCodePointZero,
  kTooDeep,
};

}  // namespace

// Parses one line for a JsonRowTokenizer: a recursive descent along the tokenizer's nodes,
// and an iterative validating skip for everything no column needs. On failure records the
// error and where it happened.
class JsonRowTokenizer::LineParser {
 public:
  LineParser(const JsonRowTokenizer& tokenizer, const char* begin, const char* end, CsvField* const* out,
             size_t row, ScratchArena& scratch, uint64_t* found)
      : t_(tokenizer),
        begin_(begin),
        p_(begin),
        end_(end),
        out_(out),
        row_(row),
        scratch_(scratch),
        found_(found) {}

  bool ParseLine() {
    SkipSpace();
    if (p_ == end_) return Fail(LineError::kExpectedMore, p_);
    if (*p_ != '{') return Fail(LineError::kNotObject, p_);
    if (!ParseObject(t_.nodes_[0])) return false;
    SkipSpace();
    if (p_ != end_) return Fail(LineError::kExpectedEnd, p_);
    return true;
  }

  std::string Message() const;

 private:
  void SkipSpace() {
    while (p_ < end_ && IsSpace(*p_)) p_++;
  }

  bool Fail(LineError error, const char* at) {
    error_ = error;
    error_at_ = at;
    return false;
  }

  // Parses the object at p_ ('{'), descending into the members `node` has children for.
  bool ParseObject(const Node& node) {
    p_++;
    SkipSpace();
    if (p_ < end_ && *p_ == '}') {
      p_++;
      return true;
    }
    LineError key_error = LineError::kExpectedObjectFirst;
    for (;;) {
      if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
      if (*p_ != '"') return Fail(key_error, p_);
      const char* key = p_ + 1;
      bool escaped = false;
      if (!ScanString(&escaped)) return false;
      uint32_t child = 0;
      if (node.key_count != 0) {
        size_t size = static_cast<size_t>(p_ - 1 - key);
        if (escaped) {
          if (!FindEscapedKey(node, key, size, &child)) return false;
        } else {
          child = t_.FindKey(node, key, size);
        }
      }
      SkipSpace();
      if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
      if (*p_ != ':') return Fail(LineError::kExpectedColon, p_);
      p_++;
      SkipSpace();
      if (!(child != 0 ? ParseValue(t_.nodes_[child]) : SkipValue())) return false;
      SkipSpace();
      if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
      if (*p_ == '}') {
        p_++;
        return true;
      }
      if (*p_ != ',') return Fail(LineError::kExpectedObjectNext, p_);
      p_++;
      SkipSpace();
      key_error = LineError::kExpectedString;
    }
  }

  // Parses the array at p_ ('['), descending into the elements `node` has children for.
  bool ParseArray(const Node& node) {
    p_++;
    SkipSpace();
    if (p_ < end_ && *p_ == ']') {
      p_++;
      return true;
    }
    for (int64_t index = 0;; index++) {
      uint32_t child = t_.FindElement(node, index);
      if (!(child != 0 ? ParseValue(t_.nodes_[child]) : SkipValue())) return false;
      SkipSpace();
      if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
      if (*p_ == ']') {
        p_++;
        return true;
      }
      if (*p_ != ',') return Fail(LineError::kExpectedArrayNext, p_);
      p_++;
      SkipSpace();
    }
  }

  // Parses the value at p_ for `node`: stores it in the node's columns and descends into it
  // for the node's children.
  bool ParseValue(const Node& node) {
    if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
    // A repeated key replaces the whole earlier value, including what was found inside it.
    for (const Target& target : node.below) Store(target, CsvField{nullptr, 0});
    const char* start = p_;
    CsvField field{start, 0};
    switch (*p_) {
      case '{':
        if (!(node.key_count != 0 ? ParseObject(node) : SkipValue())) return false;
        break;
      case '[':
        if (!(node.elements.empty() ? SkipValue() : ParseArray(node))) return false;
        break;
      case '"': {
        bool escaped = false;
        if (!ScanString(&escaped)) return false;
        if (node.targets.empty()) return true;
        field.data = start + 1;
        if (escaped && !Unescape(start + 1, p_ - 1, &field)) return false;
        if (!escaped) field.size = static_cast<uint32_t>(p_ - 1 - field.data);
        for (const Target& target : node.targets) Store(target, field);
        return true;
      }
      case 'n':
        if (!SkipValue()) return false;
        for (const Target& target : node.targets) Store(target, CsvField{nullptr, 0});
        return true;
      default:
        if (!SkipValue()) return false;
        break;
    }
    field.size = static_cast<uint32_t>(p_ - start);
    for (const Target& target : node.targets) Store(target, field);
    return true;
  }

  void Store(const Target& target, CsvField field) {
    if (target.slot != kNoSlot) {
      uint64_t bit = uint64_t{1} << (target.slot & 63);
      uint64_t& word = found_[target.slot >> 6];
      if (target.fallback) {
        if (word & bit) return;  // the whole name was a key: it wins
      } else {
        word |= bit;
      }
    }
    out_[target.column][row_] = field;
  }

  // Skips the value at p_, validating it. Iterative, so that deep nesting cannot overflow
  // the stack.
  bool SkipValue() {
    uint64_t is_object[kMaxDepth / 64];  // bit d: the container at depth d is an object
    int depth = 0;
    for (;;) {
      // A value starts at p_.
      if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
      switch (*p_) {
        case '{':
        case '[': {
          if (depth == kMaxDepth) return Fail(LineError::kTooDeep, p_);
          bool object = *p_ == '{';
          uint64_t bit = uint64_t{1} << (depth & 63);
          is_object[depth >> 6] = object ? (is_object[depth >> 6] | bit) : (is_object[depth >> 6] & ~bit);
          depth++;
          p_++;
          SkipSpace();
          if (p_ < end_ && *p_ == (object ? '}' : ']')) {
            p_++;
            depth--;
            break;
          }
          if (object && !SkipKey(LineError::kExpectedObjectFirst)) return false;
          continue;
        }
        case '"':
          if (!ScanString(nullptr)) return false;
          break;
        case 't':
          if (!SkipLiteral("true", 4)) return false;
          break;
        case 'f':
          if (!SkipLiteral("false", 5)) return false;
          break;
        case 'n':
          if (!SkipLiteral("null", 4)) return false;
          break;
        default:
          if (!SkipNumber()) return false;
          break;
      }
      // A value ended: close containers until a ',' leads to the next value.
      for (;;) {
        if (depth == 0) return true;
        SkipSpace();
        if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
        bool object = (is_object[(depth - 1) >> 6] >> ((depth - 1) & 63)) & 1;
        if (*p_ == ',') {
          p_++;
          SkipSpace();
          if (object && !SkipKey(LineError::kExpectedString)) return false;
          break;
        }
        if (*p_ != (object ? '}' : ']')) {
          return Fail(object ? LineError::kExpectedObjectNext : LineError::kExpectedArrayNext, p_);
        }
        p_++;
        depth--;
      }
    }
  }

  // Skips a member's key and colon, leaving p_ at its value.
  bool SkipKey(LineError error) {
    if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
    if (*p_ != '"') return Fail(error, p_);
    if (!ScanString(nullptr)) return false;
    SkipSpace();
    if (p_ >= end_) return Fail(LineError::kExpectedMore, p_);
    if (*p_ != ':') return Fail(LineError::kExpectedColon, p_);
    p_++;
    SkipSpace();
    return true;
  }

  bool SkipLiteral(const char* word, size_t size) {
    if (static_cast<size_t>(end_ - p_) < size || std::memcmp(p_, word, size) != 0 ||
        (p_ + size < end_ && IsAlnum(p_[size]))) {
      return Fail(IsAlnum(*p_) ? LineError::kInvalidToken : LineError::kExpectedJson, p_);
    }
    p_ += size;
    return true;
  }

  // Skips a number with JSON's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
  bool SkipNumber() {
    const char* s = p_;
    if (*s == '-') s++;
    if (s < end_ && *s == '0') {
      s++;
    } else if (s < end_ && IsDigit(*s)) {
      while (s < end_ && IsDigit(*s)) s++;
    } else {
      return Fail(*p_ == '-' || IsAlnum(*p_) ? LineError::kInvalidToken : LineError::kExpectedJson, p_);
    }
    if (s < end_ && *s == '.') {
      s++;
      if (s >= end_ || !IsDigit(*s)) return Fail(LineError::kInvalidToken, p_);
      while (s < end_ && IsDigit(*s)) s++;
    }
    if (s < end_ && (*s == 'e' || *s == 'E')) {
      s++;
      if (s < end_ && (*s == '+' || *s == '-')) s++;
      if (s >= end_ || !IsDigit(*s)) return Fail(LineError::kInvalidToken, p_);
      while (s < end_ && IsDigit(*s)) s++;
    }
    if (s < end_ && IsAlnum(*s)) return Fail(LineError::kInvalidToken, p_);
    p_ = s;
    return true;
  }

  // Skips the string at p_ ('"'), checking its escapes' syntax; `escaped` (if given) tells
  // whether it has any.
  bool ScanString(bool* escaped) {
    const char* s = p_ + 1;
    for (;;) {
      s = FindStringStop(s, end_);
      if (s >= end_) return Fail(LineError::kExpectedMore, end_);
      char c = *s;
      if (c == '"') {
        p_ = s + 1;
        return true;
      }
      if (c != '\\') return Fail(LineError::kEscapingRequired, s);
      if (escaped) *escaped = true;
      if (s + 1 >= end_) return Fail(LineError::kExpectedMore, end_);
      switch (s[1]) {
        case '"':
        case '\\':
        case '/':
        case 'b':
        case 'f':
        case 'n':
        case 'r':
        case 't':
          s += 2;
          break;
        case 'u':
          for (int i = 2; i < 6; i++) {
            if (s + i >= end_ || HexValue(s[i]) < 0) return Fail(LineError::kUnicodeEscapeFormat, s);
          }
          s += 6;
          break;
        default:
          return Fail(LineError::kEscapingInvalid, s);
      }
    }
  }

  // De-escapes the content [s, e) of a string already scanned into `scratch` (never longer
  // than the escaped text), rejecting what text cannot hold as PostgreSQL does.
  bool Unescape(const char* s, const char* e, CsvField* field) {
    char* begin = scratch_.Reserve(static_cast<size_t>(e - s));
    char* out = nullptr;
    if (!UnescapeInto(s, e, begin, &out)) return false;
    scratch_.Commit(static_cast<size_t>(out - begin));
    field->data = begin;
    field->size = static_cast<uint32_t>(out - begin);
    return true;
  }

  bool UnescapeInto(const char* s, const char* e, char* out, char** out_end) {
    int high = -1;  // a high surrogate waiting for its low half
    const char* high_at = nullptr;
    while (s < e) {
      if (*s != '\\') {
        if (high >= 0) return Fail(LineError::kUnicodeLowSurrogate, high_at);
        *out++ = *s++;
        continue;
      }
      char c = s[1];
      if (c != 'u') {
        if (high >= 0) return Fail(LineError::kUnicodeLowSurrogate, high_at);
        switch (c) {
          case 'b':
            *out++ = '\b';
            break;
          case 'f':
            *out++ = '\f';
            break;
          case 'n':
            *out++ = '\n';
            break;
          case 'r':
            *out++ = '\r';
            break;
          case 't':
            *out++ = '\t';
            break;
          default:  // '"', '\\', '/'
            *out++ = c;
            break;
        }
        s += 2;
        continue;
      }
      uint32_t cp = static_cast<uint32_t>((HexValue(s[2]) << 12) | (HexValue(s[3]) << 8) |
                                          (HexValue(s[4]) << 4) | HexValue(s[5]));
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (high >= 0) return Fail(LineError::kUnicodeHighSurrogate, s);
        high = static_cast<int>(cp);
        high_at = s;
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        if (high < 0) return Fail(LineError::kUnicodeLowSurrogate, s);
        out += utf8::Encode(0x10000 + ((static_cast<uint32_t>(high) - 0xD800) << 10) + (cp - 0xDC00), out);
        high = -1;
      } else {
        if (high >= 0) return Fail(LineError::kUnicodeLowSurrogate, high_at);
        if (cp == 0) return Fail(LineError::kUnicodeCodePointZero, s);
        out += utf8::Encode(cp, out);
      }
      s += 6;
    }
    if (high >= 0) return Fail(LineError::kUnicodeLowSurrogate, high_at);
    *out_end = out;
    return true;
  }

  bool FindEscapedKey(const Node& node, const char* key, size_t size, uint32_t* child) {
    std::string buffer(size, '\0');
    char* end = nullptr;
    if (!UnescapeInto(key, key + size, buffer.data(), &end)) return false;
    *child = t_.FindKey(node, buffer.data(), static_cast<size_t>(end - buffer.data()));
    return true;
  }

  // Returns the end of the token at `at` as PostgreSQL's lexer would delimit it, for naming
  // it in a message.
  const char* TokenEnd(const char* at) const {
    if (at >= end_) return at;
    if (*at == '"') {
      const char* s = at + 1;
      while (s < end_ && *s != '"') s += (*s == '\\' && s + 1 < end_) ? 2 : 1;
      return s < end_ ? s + 1 : end_;
    }
    const char* s = at;
    if (*s == '-') s++;
    while (s < end_ && (IsAlnum(*s) || *s == '.' ||
                        ((*s == '+' || *s == '-') && s > at && (s[-1] == 'e' || s[-1] == 'E')))) {
      s++;
    }
    if (s == at) s++;
    return s;
  }

  const JsonRowTokenizer& t_;
  const char* begin_;
  const char* p_;
  const char* end_;
  CsvField* const* out_;
  size_t row_;
  ScratchArena& scratch_;
  uint64_t* found_;
  LineError error_ = LineError::kExpectedMore;
  const char* error_at_ = nullptr;
};

std::string JsonRowTokenizer::LineParser::Message() const {
  const char* at = error_at_;
  std::string token(at, TokenEnd(at));
  if (token.size() > 40) token = token.substr(0, 37) + "...";
  std::string message = "invalid input syntax for type json: ";
  switch (error_) {
    case LineError::kNotObject:
      message += *at == '[' ? "Expected a JSON object, but found an array"
                            : "Expected a JSON object, but found \"" + token + "\"";
      break;
    case LineError::kExpectedMore:
      message += "The input string ended unexpectedly";
      break;
    case LineError::kExpectedJson:
      message += "Expected JSON value, but found \"" + token + "\"";
      break;
    case LineError::kExpectedObjectFirst:
      message += "Expected string or \"}\", but found \"" + token + "\"";
      break;
    case LineError::kExpectedObjectNext:
      message += "Expected \",\" or \"}\", but found \"" + token + "\"";
      break;
    case LineError::kExpectedString:
      message += "Expected string, but found \"" + token + "\"";
      break;
    case LineError::kExpectedColon:
      message += "Expected \":\", but found \"" + token + "\"";
      break;
    case LineError::kExpectedArrayNext:
      message += "Expected \",\" or \"]\", but found \"" + token + "\"";
      break;
    case LineError::kExpectedEnd:
      message += "Expected end of input, but found \"" + token + "\"";
      break;
    case LineError::kInvalidToken:
      message += "Token \"" + token + "\" is invalid";
      break;
    case LineError::kEscapingInvalid:
      message += "Escape sequence \"" + std::string(at, std::min<size_t>(2, static_cast<size_t>(end_ - at))) +
                 "\" is invalid";
      break;
    case LineError::kEscapingRequired: {
      char buf[64];
      snprintf(buf, sizeof(buf), "Character with value 0x%02x must be escaped",
               static_cast<unsigned char>(*at));
      message += buf;
      break;
    }
    case LineError::kUnicodeEscapeFormat:
      message += "\"\\u\" must be followed by four hexadecimal digits";
      break;
    case LineError::kUnicodeHighSurrogate:
      message += "Unicode high surrogate must not follow a high surrogate";
      break;
    case LineError::kUnicodeLowSurrogate:
      message += "Unicode low surrogate must follow a high surrogate";
      break;
    case LineError::kUnicodeCodePointZero:
      message = "unsupported Unicode escape sequence: \\u0000 cannot be converted to text";
      break;
    case LineError::kTooDeep:
      message += "nesting is deeper than " + std::to_string(kMaxDepth) + " levels";
      break;
  }
  message += " at byte offset " + std::to_string(at - begin_);
  return message;
}

JsonRowTokenizer JsonRowTokenizer::ForColumnNames(const std::vector<std::string>& names) {
  JsonRowTokenizer tokenizer(true);
  tokenizer.columns_ = names.size();
  for (size_t i = 0; i < names.size(); i++) {
    const std::string& name = names[i];
    // "a.b.c" is also nested keys a, b, c when it has no empty part.
    JsonPath nested;
    if (name.find('.') != std::string::npos) {
      size_t start = 0;
      for (;;) {
        size_t dot = name.find('.', start);
        std::string part = name.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
        if (part.empty()) {
          nested.clear();
          break;
        }
        nested.push_back(JsonPathStep{std::move(part)});
        if (dot == std::string::npos) break;
        start = dot + 1;
      }
    }
    uint32_t column = static_cast<uint32_t>(i);
    if (nested.empty()) {
      tokenizer.AddTarget({JsonPathStep{name}}, Target{column, kNoSlot, false});
    } else {
      uint32_t slot = tokenizer.slots_++;
      tokenizer.AddTarget({JsonPathStep{name}}, Target{column, slot, false});
      tokenizer.AddTarget(nested, Target{column, slot, true});
    }
  }
  tokenizer.Finish();
  return tokenizer;
}

JsonRowTokenizer JsonRowTokenizer::ForPaths(const std::vector<JsonPath>& paths) {
  JsonRowTokenizer tokenizer(false);
  tokenizer.columns_ = paths.size();
  for (size_t i = 0; i < paths.size(); i++) {
    tokenizer.AddTarget(paths[i], Target{static_cast<uint32_t>(i), kNoSlot, false});
  }
  tokenizer.Finish();
  return tokenizer;
}

uint32_t JsonRowTokenizer::AddStep(uint32_t node, const JsonPathStep& step) {
  if (pending_keys_.size() < nodes_.size()) pending_keys_.resize(nodes_.size());
  if (step.index >= 0) {
    for (auto& [index, child] : nodes_[node].elements) {
      if (index == step.index) return child;
    }
  } else {
    std::string key = step.key;
    if (ignore_case_) std::transform(key.begin(), key.end(), key.begin(), Lower);
    for (auto& [name, child] : pending_keys_[node]) {
      if (name == key) return child;
    }
  }
  uint32_t child = static_cast<uint32_t>(nodes_.size());
  nodes_.emplace_back();
  pending_keys_.resize(nodes_.size());
  if (step.index >= 0) {
    nodes_[node].elements.emplace_back(step.index, child);
  } else {
    std::string key = step.key;
    if (ignore_case_) std::transform(key.begin(), key.end(), key.begin(), Lower);
    pending_keys_[node].emplace_back(std::move(key), child);
  }
  return child;
}

void JsonRowTokenizer::AddTarget(const JsonPath& path, Target target) {
  uint32_t node = 0;
  for (const JsonPathStep& step : path) {
    if (node != 0) nodes_[node].below.push_back(target);
    node = AddStep(node, step);
  }
  nodes_[node].targets.push_back(target);
}

void JsonRowTokenizer::Finish() {
  pending_keys_.resize(nodes_.size());
  for (size_t n = 0; n < nodes_.size(); n++) {
    Node& node = nodes_[n];
    std::sort(node.elements.begin(), node.elements.end());
    auto& keys = pending_keys_[n];
    if (keys.empty()) continue;
    uint32_t size = 4;
    while (size < 2 * keys.size()) size *= 2;
    node.key_table = static_cast<uint32_t>(key_slots_.size());
    node.key_mask = size - 1;
    node.key_count = static_cast<uint32_t>(keys.size());
    key_slots_.resize(key_slots_.size() + size);
    for (auto& [key, child] : keys) {
      KeySlot slot;
      slot.hash = HashKey(key.data(), key.size());
      slot.child = child;
      slot.key_offset = static_cast<uint32_t>(key_bytes_.size());
      slot.key_size = static_cast<uint32_t>(key.size());
      key_bytes_ += key;
      uint32_t i = slot.hash & node.key_mask;
      while (key_slots_[node.key_table + i].child != 0) i = (i + 1) & node.key_mask;
      key_slots_[node.key_table + i] = slot;
    }
  }
  pending_keys_.clear();
  pending_keys_.shrink_to_fit();
}

// Hashes the length and the first and last eight bytes, with ASCII case folded when keys
// match case-insensitively (the fold, OR 0x20, also merges a few non-letters: KeyEquals in
// FindKey decides).
uint32_t JsonRowTokenizer::HashKey(const char* key, size_t size) const {
  constexpr uint64_t kMul = 0x9E3779B97F4A7C15ULL;
  const uint64_t fold = ignore_case_ ? 0x2020202020202020ULL : 0;
  uint64_t h = (size + 1) * kMul;
  if (size >= 8) {
    h = (h ^ (Load64(key) | fold)) * kMul;
    h = (h ^ (Load64(key + size - 8) | fold)) * kMul;
  } else {
    uint64_t v = 0;
    for (size_t i = 0; i < size; i++)
      v |= static_cast<uint64_t>(static_cast<unsigned char>(key[i])) << (8 * i);
    h = (h ^ (v | fold)) * kMul;
  }
  return static_cast<uint32_t>(h >> 32);
}

uint32_t JsonRowTokenizer::FindKey(const Node& node, const char* key, size_t size) const {
  uint32_t hash = HashKey(key, size);
  const KeySlot* table = key_slots_.data() + node.key_table;
  for (uint32_t i = hash & node.key_mask;; i = (i + 1) & node.key_mask) {
    const KeySlot& slot = table[i];
    if (slot.child == 0) return 0;
    if (slot.hash != hash || slot.key_size != size) continue;
    const char* stored = key_bytes_.data() + slot.key_offset;
    if (ignore_case_) {
      size_t j = 0;
      while (j < size && Lower(key[j]) == stored[j]) j++;
      if (j == size) return slot.child;
    } else if (std::memcmp(key, stored, size) == 0) {
      return slot.child;
    }
  }
}

uint32_t JsonRowTokenizer::FindElement(const Node& node, int64_t index) const {
  for (const auto& [i, child] : node.elements) {
    if (i == index) return child;
    if (i > index) break;
  }
  return 0;
}

bool JsonRowTokenizer::Split(const char* p, const char* end, CsvField* const* out, size_t row,
                             ScratchArena& scratch, std::string* message) const {
  for (size_t c = 0; c < columns_; c++) out[c][row] = CsvField{nullptr, 0};
  uint64_t found_inline[4] = {0, 0, 0, 0};
  std::unique_ptr<uint64_t[]> found_heap;
  uint64_t* found = found_inline;
  if (slots_ > 64 * 4) {
    found_heap = std::make_unique<uint64_t[]>((slots_ + 63) / 64);
    found = found_heap.get();
  }
  LineParser parser(*this, p, end, out, row, scratch, found);
  if (parser.ParseLine()) return true;
  *message = parser.Message();
  return false;
}

// JSONPaths files.

namespace {

[[noreturn]] void ThrowBadPath(std::string_view expression, const std::string& reason) {
  throw SqlError(ErrorCode::kInvalidParameterValue,
                 "invalid JSONPath expression \"" + std::string(expression) + "\": " + reason);
}

JsonPath ParseJsonPathExpression(std::string_view expr) {
  if (expr.empty() || expr[0] != '$') ThrowBadPath(expr, "it must start with \"$\"");
  JsonPath path;
  size_t i = 1;
  const size_t n = expr.size();
  while (i < n) {
    if (expr[i] == '.') {
      i++;
      if (i < n && expr[i] == '.') ThrowBadPath(expr, "recursive descent (\"..\") is not supported");
      size_t start = i;
      while (i < n && expr[i] != '.' && expr[i] != '[') i++;
      std::string_view name = expr.substr(start, i - start);
      if (name.empty()) ThrowBadPath(expr, "a member name is missing after \".\"");
      if (name == "*") ThrowBadPath(expr, "wildcards are not supported");
      path.push_back(JsonPathStep{std::string(name)});
    } else if (expr[i] == '[') {
      i++;
      if (i < n && (expr[i] == '\'' || expr[i] == '"')) {
        char quote = expr[i++];
        std::string name;
        while (i < n && expr[i] != quote) {
          if (expr[i] == '\\' && i + 1 < n) i++;
          name += expr[i++];
        }
        if (i >= n) ThrowBadPath(expr, "a quoted member name is not terminated");
        i++;
        if (i >= n || expr[i] != ']') ThrowBadPath(expr, "\"]\" is missing after a quoted member name");
        i++;
        if (name.empty()) ThrowBadPath(expr, "a member name is empty");
        path.push_back(JsonPathStep{std::move(name)});
        continue;
      }
      size_t start = i;
      while (i < n && IsDigit(expr[i])) i++;
      if (i == start) {
        if (i < n && expr[i] == '*') ThrowBadPath(expr, "wildcards are not supported");
        if (i < n && expr[i] == '-') ThrowBadPath(expr, "negative array indexes are not supported");
        if (i < n && expr[i] == '?') ThrowBadPath(expr, "filter expressions are not supported");
        ThrowBadPath(expr, "\"[\" must be followed by a quoted member name or an array index");
      }
      if (i >= n || expr[i] != ']') ThrowBadPath(expr, "\"]\" is missing after an array index");
      int64_t index = 0;
      auto [ptr, ec] = std::from_chars(expr.data() + start, expr.data() + i, index);
      if (ec != std::errc() || index > INT32_MAX) ThrowBadPath(expr, "the array index is too large");
      i++;
      path.push_back(JsonPathStep{std::string(), index});
    } else {
      ThrowBadPath(expr, "unexpected \"" + std::string(1, expr[i]) + "\" at character " +
                             std::to_string(i + 1) + "; expected \".\" or \"[\"");
    }
  }
  if (path.empty()) ThrowBadPath(expr, "it selects the whole object; name a member");
  return path;
}

}  // namespace

std::vector<JsonPath> ParseJsonPaths(std::string_view file_text) {
  try {
    json::Validate(file_text);
  } catch (SqlError& e) {
    throw SqlError(e.code(), std::string(e.what()) + " in JSONPaths file")
        .WithDetail(e.detail())
        .WithContext(e.context());
  }
  auto bad_file = [](const std::string& reason) {
    return SqlError(ErrorCode::kInvalidParameterValue, "invalid JSONPaths file: " + reason);
  };
  std::string_view root = json::Trim(file_text);
  if (json::KindOf(root) != json::Kind::kObject) {
    throw bad_file("it must hold one JSON object, {\"jsonpaths\": [...]}");
  }
  std::string_view list;
  bool found = false;
  json::ForEachMember(root, [&](std::string_view key, std::string_view value) {
    if (!json::KeyEquals(key, "jsonpaths"))
      throw bad_file("unexpected key " + std::string(key) + "; only \"jsonpaths\" is allowed");
    list = value;
    found = true;
    return true;
  });
  if (!found) throw bad_file("the key \"jsonpaths\" is missing");
  if (json::KindOf(list) != json::Kind::kArray) throw bad_file("\"jsonpaths\" must be an array of strings");
  std::vector<JsonPath> paths;
  json::ForEachElement(list, [&](std::string_view element) {
    if (json::KindOf(element) != json::Kind::kString) {
      throw bad_file("element " + std::to_string(paths.size() + 1) +
                     " of \"jsonpaths\" is not a string: " + std::string(element));
    }
    std::string expression;
    json::AppendUnescaped(element, expression);
    paths.push_back(ParseJsonPathExpression(expression));
    return true;
  });
  if (paths.empty()) throw bad_file("\"jsonpaths\" is empty");
  return paths;
}

}  // namespace stockroom
