#include "function/scalar/array_text.hpp"

#include <vector>

#include "common/error/exception.hpp"

namespace stockroom {
namespace array_text {

bool IsArraySpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

void AppendElement(std::string_view element, std::string& out) {
  bool quote =
      element.empty() || (element.size() == 4 && (element[0] | 32) == 'n' && (element[1] | 32) == 'u' &&
                          (element[2] | 32) == 'l' && (element[3] | 32) == 'l');
  for (char c : element) {
    if (c == '{' || c == '}' || c == ',' || c == '"' || c == '\\' || IsArraySpace(c)) {
      quote = true;
      break;
    }
  }
  if (!quote) {
    out.append(element);
    return;
  }
  out.push_back('"');
  for (char c : element) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('"');
}

std::string VectorOutput(std::string_view stored) {
  std::string out;
  std::string scratch;
  ForEachElement(stored, scratch, [&](std::string_view element, bool) {
    if (!out.empty()) out.push_back(' ');
    out.append(element);
  });
  return out;
}

std::string VectorInputAsArray(std::string_view text, const std::string& element_name) {
  std::vector<std::string_view> words;
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && IsArraySpace(text[pos])) pos++;
    size_t start = pos;
    while (pos < text.size() && !IsArraySpace(text[pos])) pos++;
    if (pos > start) words.push_back(text.substr(start, pos - start));
  }
  for (std::string_view word : words) {
    if (word.find_first_of("{}[]=,\"\\") != std::string_view::npos) {
      throw SqlError(ErrorCode::kInvalidTextRepresentation,
                     "invalid input syntax for type " + element_name + ": \"" + std::string(word) + "\"");
    }
  }
  if (words.empty()) return "{}";
  std::string out = "[0:" + std::to_string(words.size() - 1) + "]={";
  for (size_t i = 0; i < words.size(); i++) {
    if (i) out.push_back(',');
    out.append(words[i]);
  }
  out.push_back('}');
  return out;
}

}  // namespace array_text
}  // namespace stockroom
