#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace stockroom {

// The template language shared by to_char/to_date/to_timestamp (datetime patterns) and
// to_char for numbers (numeric patterns): PostgreSQL's parse_format. A template is split into
// keyword nodes ("YYYY", "FM9"), literal characters (double-quoted text, backslash escapes)
// and, for datetime templates, separators and spaces, which to_date treats specially.
namespace format_template {

// How a datetime keyword constrains to_date: Gregorian and ISO-week fields must not mix.
enum class DateMode : uint8_t { kNone, kGregorian, kIsoWeek };

struct Keyword {
  const char* name;
  uint8_t len;
  uint8_t id;     // the engine's own keyword id
  bool is_digit;  // reads digits (matters for to_date's fixed-width fields)
  DateMode date_mode;
};

enum class NodeType : uint8_t { kEnd, kAction, kChar, kSeparator, kSpace };

// Datetime keyword modifiers.
constexpr uint8_t kSuffixFM = 0x01;  // fill mode: no padding
constexpr uint8_t kSuffixTH = 0x02;  // upper-case ordinal suffix
constexpr uint8_t kSuffixth = 0x04;  // lower-case ordinal suffix
constexpr uint8_t kSuffixSP = 0x08;  // spell mode (accepted and ignored, as in PostgreSQL)
constexpr uint8_t kSuffixTM = 0x10;  // translation mode (the C locale's names)

struct Node {
  NodeType type = NodeType::kEnd;
  const Keyword* key = nullptr;
  uint8_t suffix = 0;
  uint8_t char_len = 0;
  char character[4] = {0, 0, 0, 0};  // one (UTF-8) character for non-keyword nodes

  std::string_view text() const { return std::string_view(character, char_len); }
};

// Parses `format` with `keywords` (grouped by first character, longest alternatives first, as
// in PostgreSQL's tables). `datetime` enables the FM/TM prefixes, TH/th/SP postfixes and
// separator nodes. The returned list ends with a kEnd node.
std::vector<Node> Parse(std::string_view format, const Keyword* keywords, size_t keyword_count,
                        bool datetime);

// Returns the byte length of the UTF-8 character starting at `p` (at most `remaining`).
inline size_t CharLength(const char* p, size_t remaining) {
  unsigned char c = static_cast<unsigned char>(*p);
  size_t len = (c & 0x80) == 0      ? 1
               : (c & 0xE0) == 0xC0 ? 2
               : (c & 0xF0) == 0xE0 ? 3
               : (c & 0xF8) == 0xF0 ? 4
                                    : 1;
  return len < remaining ? len : (remaining == 0 ? 1 : remaining);
}

}  // namespace format_template
}  // namespace stockroom
