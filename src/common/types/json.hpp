#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stockroom {

// JSON text handling shared by casts and JSON functions. `json` values are stored as the
// text given (validated); `jsonb` values are stored in PostgreSQL's jsonb output form, so
// that a jsonb value's text is canonical: equal values have equal text.
//
// Besides parsing, this offers navigation over text already known to be valid JSON (a
// stored json or jsonb value): the helpers walk the bytes lazily, never build a tree and
// never allocate unless a key or string holds escapes. A "value" below is the exact text
// of one JSON value with no surrounding white space.
namespace json {

// Throws SqlError 22P02 `invalid input syntax for type json` (with PostgreSQL's DETAIL
// line, e.g. `Token "x" is invalid.`, and CONTEXT `JSON data, line 1: ...`) if `text` is
// not valid JSON.
void Validate(std::string_view text);
// Returns whether `text` is valid JSON (Validate without the exception).
bool IsValid(std::string_view text);
// Returns `text` in jsonb's canonical form: object keys sorted (shorter first, then
// bytewise), duplicate keys dropped (last wins), one space after ':' and ',', numbers as
// PostgreSQL's numeric prints them, strings re-escaped as jsonb prints them. Throws like
// Validate, plus jsonb's own errors (22P05 for \u0000, unpaired surrogates, 22003 for
// numbers numeric cannot hold).
std::string NormalizeJsonb(std::string_view text);
// Appends the canonical form of `text` to `out` (NormalizeJsonb without a new string).
void AppendJsonb(std::string_view text, std::string& out);

// Throws the errors PostgreSQL's de-escaping parser raises for the \u escapes of valid
// JSON `text` (\u0000, unpaired UTF-16 surrogates), as json functions do when they read a
// json (not jsonb) value. Cheap when the text has no backslash.
void CheckEscapes(std::string_view text);

enum class Kind : uint8_t { kNull, kBoolean, kNumber, kString, kArray, kObject };

// Returns the kind of a value from its first byte.
inline Kind KindOf(std::string_view value) {
  if (value.empty()) return Kind::kNull;
  switch (value[0]) {
    case '{':
      return Kind::kObject;
    case '[':
      return Kind::kArray;
    case '"':
      return Kind::kString;
    case 't':
    case 'f':
      return Kind::kBoolean;
    case 'n':
      return Kind::kNull;
    default:
      return Kind::kNumber;
  }
}
// Returns json_typeof's name for `kind` ("object", "array", "string", "number",
// "boolean", "null").
const char* KindName(Kind kind);

// Returns the value `text` holds, without leading and trailing white space.
std::string_view Trim(std::string_view text);
// Returns the offset just past the value starting at text[pos] (valid JSON assumed).
size_t SkipValue(std::string_view text, size_t pos);
// Returns the offset of the first non-white-space byte at or after pos.
inline size_t SkipSpace(std::string_view text, size_t pos) {
  while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\n' || text[pos] == '\r' || text[pos] == '\t')) {
    pos++;
  }
  return pos;
}

// Calls fn(key, value) for each member of the object `object`, in text order; `key` is the
// raw string token with its quotes (see KeyEquals, AppendUnescaped). fn returns false to
// stop early.
template <class Fn>
void ForEachMember(std::string_view object, Fn&& fn);
// Calls fn(value) for each element of the array `array`, in order; fn returns false to stop.
template <class Fn>
void ForEachElement(std::string_view array, Fn&& fn);
// Returns the number of elements of the array `array`.
int64_t ArrayLength(std::string_view array);

// Returns whether the raw string token `token` (with quotes) spells `key` once unescaped.
bool KeyEquals(std::string_view token, std::string_view key);
// Appends the unescaped content of the raw string token `token` (with quotes), as ->>
// returns it.
void AppendUnescaped(std::string_view token, std::string& out);
// Appends `text` as a JSON string literal escaped as PostgreSQL's escape_json does.
void AppendQuoted(std::string_view text, std::string& out);

// Finds member `key` of `value` when it is an object. With `last_match` (json semantics:
// keys may repeat, the last one counts) the whole object is scanned; otherwise (jsonb:
// keys are unique) the scan stops at the first match. Returns false if `value` is not an
// object or has no such key.
bool FindMember(std::string_view value, std::string_view key, bool last_match, std::string_view* member);
// Finds element `index` of `value` when it is an array; a negative index counts from the
// end. Returns false if `value` is not an array or the index is out of range.
bool FindElement(std::string_view value, int64_t index, std::string_view* element);

// Appends the canonical jsonb text of the number token `number` (PostgreSQL numeric
// output: 1e2 -> 100, 1.50 stays 1.50). Throws 22003 `value overflows numeric format`.
void AppendNumber(std::string_view number, std::string& out);
// Returns whether two number tokens are numerically equal (1.0 and 1 are).
bool NumbersEqual(std::string_view a, std::string_view b);

// Returns whether jsonb value `container` contains jsonb value `contained` (the @>
// operator). Both must be canonical jsonb text.
bool Contains(std::string_view container, std::string_view contained);

template <class Fn>
void ForEachMember(std::string_view object, Fn&& fn) {
  if (object.empty() || object[0] != '{') return;
  size_t pos = SkipSpace(object, 1);
  if (pos < object.size() && object[pos] == '}') return;
  while (pos < object.size()) {
    size_t key_end = SkipValue(object, pos);
    std::string_view key = object.substr(pos, key_end - pos);
    pos = SkipSpace(object, key_end);
    pos = SkipSpace(object, pos + 1);  // ':'
    size_t value_end = SkipValue(object, pos);
    if (!fn(key, object.substr(pos, value_end - pos))) return;
    pos = SkipSpace(object, value_end);
    if (pos >= object.size() || object[pos] != ',') return;
    pos = SkipSpace(object, pos + 1);
  }
}

template <class Fn>
void ForEachElement(std::string_view array, Fn&& fn) {
  if (array.empty() || array[0] != '[') return;
  size_t pos = SkipSpace(array, 1);
  if (pos < array.size() && array[pos] == ']') return;
  while (pos < array.size()) {
    size_t end = SkipValue(array, pos);
    if (!fn(array.substr(pos, end - pos))) return;
    pos = SkipSpace(array, end);
    if (pos >= array.size() || array[pos] != ',') return;
    pos = SkipSpace(array, pos + 1);
  }
}

}  // namespace json
}  // namespace stockroom
