#include "function/scalar/format_template.hpp"

#include <cstring>

namespace stockroom {
namespace format_template {
namespace {

struct SuffixDef {
  const char* name;
  uint8_t id;
  bool prefix;
};

constexpr SuffixDef kSuffixes[] = {
    {"FM", kSuffixFM, true},  {"fm", kSuffixFM, true},  {"TM", kSuffixTM, true},  {"tm", kSuffixTM, true},
    {"TH", kSuffixTH, false}, {"th", kSuffixth, false}, {"SP", kSuffixSP, false},
};

const SuffixDef* FindSuffix(std::string_view rest, bool prefix) {
  for (const SuffixDef& s : kSuffixes) {
    if (s.prefix == prefix && rest.substr(0, 2) == s.name) return &s;
  }
  return nullptr;
}

// PostgreSQL's index_seq_search: the first keyword of the group sharing the first character
// that is a prefix of `rest`.
const Keyword* FindKeyword(std::string_view rest, const Keyword* keywords, size_t count) {
  unsigned char first = static_cast<unsigned char>(rest[0]);
  if (first <= ' ' || first >= '~') return nullptr;
  size_t i = 0;
  while (i < count && keywords[i].name[0] != rest[0]) i++;
  for (; i < count && keywords[i].name[0] == rest[0]; i++) {
    if (rest.substr(0, keywords[i].len) == std::string_view(keywords[i].name, keywords[i].len))
      return &keywords[i];
  }
  return nullptr;
}

// An ASCII printable character that is not a letter or digit.
bool IsSeparatorChar(char c) {
  return c > 0x20 && c < 0x7F && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z') &&
         !(c >= '0' && c <= '9');
}

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

Node CharNode(NodeType type, const char* p, size_t len) {
  Node n;
  n.type = type;
  n.char_len = static_cast<uint8_t>(len > 4 ? 4 : len);
  std::memcpy(n.character, p, n.char_len);
  return n;
}

}  // namespace

std::vector<Node> Parse(std::string_view format, const Keyword* keywords, size_t keyword_count,
                        bool datetime) {
  std::vector<Node> nodes;
  nodes.reserve(format.size() + 1);
  // PostgreSQL works on a C string: a NUL ends the template.
  size_t end = format.find('\0');
  if (end != std::string_view::npos) format = format.substr(0, end);
  size_t pos = 0;
  while (pos < format.size()) {
    uint8_t suffix = 0;
    if (datetime) {
      if (const SuffixDef* s = FindSuffix(format.substr(pos), true)) {
        suffix |= s->id;
        pos += 2;
      }
    }
    const Keyword* key =
        pos < format.size() ? FindKeyword(format.substr(pos), keywords, keyword_count) : nullptr;
    if (key != nullptr) {
      Node n;
      n.type = NodeType::kAction;
      n.key = key;
      n.suffix = suffix;
      pos += key->len;
      if (datetime && pos < format.size()) {
        if (const SuffixDef* s = FindSuffix(format.substr(pos), false)) {
          n.suffix |= s->id;
          pos += 2;
        }
      }
      nodes.push_back(n);
    } else if (pos < format.size()) {
      if (format[pos] == '"') {
        // Quoted text is copied verbatim; a backslash quotes the next character.
        pos++;
        while (pos < format.size()) {
          if (format[pos] == '"') {
            pos++;
            break;
          }
          if (format[pos] == '\\' && pos + 1 < format.size()) pos++;
          size_t len = CharLength(format.data() + pos, format.size() - pos);
          nodes.push_back(CharNode(NodeType::kChar, format.data() + pos, len));
          pos += len;
        }
      } else {
        // Outside quotes a backslash only escapes a double quote.
        if (format[pos] == '\\' && pos + 1 < format.size() && format[pos + 1] == '"') pos++;
        size_t len = CharLength(format.data() + pos, format.size() - pos);
        NodeType type = NodeType::kChar;
        if (datetime && IsSeparatorChar(format[pos])) {
          type = NodeType::kSeparator;
        } else if (IsSpace(format[pos])) {
          type = NodeType::kSpace;
        }
        nodes.push_back(CharNode(type, format.data() + pos, len));
        pos += len;
      }
    }
  }
  nodes.push_back(Node());
  return nodes;
}

}  // namespace format_template
}  // namespace stockroom
