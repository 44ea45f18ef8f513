#pragma once

#include <string>
#include <string_view>

namespace stockroom {

// Arrays are stored in PostgreSQL's text form ('{a,"b c",NULL}'); these read and write that
// form for functions that build or take apart text arrays.
namespace array_text {

// Appends `element` to `out` as array_out writes a text element: double-quoted (with \" and
// \\ escapes) when it is empty, is NULL in any letter case, or holds a brace, comma, quote,
// backslash or white space.
void AppendElement(std::string_view element, std::string& out);

// Appends the unquoted NULL marker.
inline void AppendNull(std::string& out) { out.append("NULL"); }

// Calls fn(element, is_null) for each element of the array literal `text`, in storage order
// (nested dimensions flattened). An element with escapes is unescaped into `scratch`, which
// the view then points into until the next call. A leading dimension decoration
// ("[0:1]=") is skipped. Returns false, having stopped, if `text` is not an array literal.
template <class Fn>
bool ForEachElement(std::string_view text, std::string& scratch, Fn&& fn);

// Returns whether array_in treats `c` as white space.
bool IsArraySpace(char c);

// The output text of an int2vector/oidvector stored as an array ('[0:1]={1,2}'): its
// elements separated by spaces ("1 2"), as int2vectorout prints them.
std::string VectorOutput(std::string_view stored);

// The array literal of int2vector/oidvector input text ("1 2" -> '[0:1]={1,2}'), whose
// elements the array cast then checks. Throws 22P02 naming `element_name` for a word that
// could not be an element (one holding array punctuation).
std::string VectorInputAsArray(std::string_view text, const std::string& element_name);

template <class Fn>
bool ForEachElement(std::string_view text, std::string& scratch, Fn&& fn) {
  size_t pos = 0;
  size_t n = text.size();
  auto skip_space = [&]() {
    while (pos < n && IsArraySpace(text[pos])) pos++;
  };
  skip_space();
  if (pos < n && text[pos] == '[') {
    size_t eq = text.find('=', pos);
    if (eq == std::string_view::npos) return false;
    pos = eq + 1;
    skip_space();
  }
  if (pos >= n || text[pos] != '{') return false;
  int depth = 0;
  while (pos < n) {
    skip_space();
    if (pos >= n) return false;
    char c = text[pos];
    if (c == '{') {
      depth++;
      pos++;
      continue;
    }
    if (c == '}') {  // empty array or end of a dimension
      depth--;
      pos++;
      skip_space();
      if (depth == 0) return pos == n;
      if (pos < n && text[pos] == ',') pos++;
      continue;
    }
    if (c == '"') {
      pos++;
      size_t start = pos;
      bool escaped = false;
      while (pos < n && text[pos] != '"') {
        if (text[pos] == '\\') {
          escaped = true;
          pos++;
        }
        pos++;
      }
      if (pos >= n) return false;
      std::string_view raw = text.substr(start, pos - start);
      pos++;
      if (escaped) {
        scratch.clear();
        for (size_t i = 0; i < raw.size(); i++) {
          if (raw[i] == '\\' && i + 1 < raw.size()) i++;
          scratch.push_back(raw[i]);
        }
        fn(std::string_view(scratch), false);
      } else {
        fn(raw, false);
      }
    } else {
      size_t start = pos;
      bool escaped = false;
      while (pos < n && text[pos] != ',' && text[pos] != '}') {
        if (text[pos] == '\\' && pos + 1 < n) {
          escaped = true;
          pos++;
        }
        pos++;
      }
      std::string_view raw = text.substr(start, pos - start);
      while (!raw.empty() && IsArraySpace(raw.back())) raw.remove_suffix(1);
      if (escaped) {
        scratch.clear();
        for (size_t i = 0; i < raw.size(); i++) {
          if (raw[i] == '\\' && i + 1 < raw.size()) i++;
          scratch.push_back(raw[i]);
        }
        fn(std::string_view(scratch), false);
      } else if (raw.size() == 4 && (raw[0] | 32) == 'n' && (raw[1] | 32) == 'u' && (raw[2] | 32) == 'l' &&
                 (raw[3] | 32) == 'l') {
        fn(std::string_view(), true);
      } else {
        fn(raw, false);
      }
    }
    skip_space();
    if (pos < n && text[pos] == ',') pos++;
  }
  return false;
}

}  // namespace array_text
}  // namespace stockroom
