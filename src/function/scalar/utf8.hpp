#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace stockroom {

// UTF-8 helpers for string kernels. Text values are valid UTF-8 (as in a PostgreSQL UTF8
// database); these functions never read past the end of their input even when it is not,
// so a malformed byte sequence gives a wrong answer, never a crash.
namespace utf8 {

// Returns the byte length of the character that starts with `lead` (1 for ASCII and for
// stray continuation bytes, so scanning always advances).
inline int CharLength(uint8_t lead) {
  if (lead < 0xC0) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

inline bool IsContinuation(uint8_t byte) { return (byte & 0xC0) == 0x80; }

// Returns whether `s` is all ASCII, eight bytes at a time.
inline bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  size_t i = 0;
  uint64_t acc = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    __builtin_memcpy(&word, p + i, 8);
    acc |= word;
  }
  for (; i < n; i++) acc |= static_cast<uint8_t>(p[i]);
  return (acc & 0x8080808080808080ull) == 0;
}

// Returns the number of characters (code points) in `s`.
inline int64_t CountChars(std::string_view s) {
  int64_t count = 0;
  for (char c : s) count += !IsContinuation(static_cast<uint8_t>(c));
  return count;
}

// Returns the byte offset of character `n` (0-based) of `s`, or s.size() if `s` has no more
// than `n` characters.
inline size_t ByteOffset(std::string_view s, int64_t n) {
  size_t pos = 0;
  while (n > 0 && pos < s.size()) {
    pos += CharLength(static_cast<uint8_t>(s[pos]));
    n--;
  }
  return pos < s.size() ? pos : s.size();
}

// Decodes the character at byte `pos` of `s` and advances `pos` past it.
inline uint32_t Decode(std::string_view s, size_t& pos) {
  uint8_t lead = static_cast<uint8_t>(s[pos]);
  int len = CharLength(lead);
  if (len == 1 || pos + len > s.size()) {
    pos++;
    return lead;
  }
  uint32_t cp = lead & (0x7F >> len);
  for (int i = 1; i < len; i++) cp = (cp << 6) | (static_cast<uint8_t>(s[pos + i]) & 0x3F);
  pos += len;
  return cp;
}

// Writes the UTF-8 encoding of `cp` to `out` (at least 4 bytes); returns its length.
inline int Encode(uint32_t cp, char* out) {
  if (cp < 0x80) {
    out[0] = static_cast<char>(cp);
    return 1;
  }
  if (cp < 0x800) {
    out[0] = static_cast<char>(0xC0 | (cp >> 6));
    out[1] = static_cast<char>(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = static_cast<char>(0xE0 | (cp >> 12));
    out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[2] = static_cast<char>(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = static_cast<char>(0xF0 | (cp >> 18));
  out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  out[3] = static_cast<char>(0x80 | (cp & 0x3F));
  return 4;
}

inline void Append(uint32_t cp, std::string& out) {
  char buf[4];
  out.append(buf, Encode(cp, buf));
}

// Returns whether `s` is well-formed UTF-8 (no overlongs, surrogates or values past
// U+10FFFF, no NUL), as PostgreSQL requires of text.
inline bool IsValid(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    uint8_t c = p[i];
    if (c < 0x80) {
      if (c == 0) return false;
      i++;
      continue;
    }
    int len = CharLength(c);
    if (c < 0xC2 || c > 0xF4 || i + len > n) return false;
    for (int k = 1; k < len; k++) {
      if (!IsContinuation(p[i + k])) return false;
    }
    if (c == 0xE0 && p[i + 1] < 0xA0) return false;   // overlong
    if (c == 0xED && p[i + 1] >= 0xA0) return false;  // surrogate
    if (c == 0xF0 && p[i + 1] < 0x90) return false;   // overlong
    if (c == 0xF4 && p[i + 1] >= 0x90) return false;  // past U+10FFFF
    i += len;
  }
  return true;
}

}  // namespace utf8
}  // namespace stockroom
