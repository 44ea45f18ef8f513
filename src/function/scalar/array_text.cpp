#include "function/scalar/array_text.hpp"

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

}  // namespace array_text
}  // namespace stockroom
