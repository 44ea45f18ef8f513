#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace stockroom {

// A 16-byte reference to a string: length, a 4-byte prefix, and either the rest of the
// bytes inline (strings of up to 12 bytes) or a pointer to them. It does not own the bytes:
// whoever holds a StringRef keeps the arena that holds them (a Vector's StringHeap, a table's
// segment) alive. Comparisons look at length and prefix before touching the pointer.
struct StringRef {
  static constexpr uint32_t kInlineLength = 12;

  StringRef() : length(0), prefix{0, 0, 0, 0}, pointer(nullptr) {}
  StringRef(const char* data, uint32_t len) : length(len) {
    if (len <= kInlineLength) {
      std::memset(prefix, 0, 4);
      inlined_rest_zero();
      std::memcpy(prefix, data, len);
    } else {
      std::memcpy(prefix, data, 4);
      pointer = data;
    }
  }
  explicit StringRef(std::string_view s) : StringRef(s.data(), static_cast<uint32_t>(s.size())) {}

  const char* data() const { return length <= kInlineLength ? prefix : pointer; }
  uint32_t size() const { return length; }
  bool IsInlined() const { return length <= kInlineLength; }
  std::string_view view() const { return std::string_view(data(), length); }
  std::string ToString() const { return std::string(data(), length); }

  // Equality with a fast path on length+prefix and on inline contents.
  friend bool operator==(const StringRef& a, const StringRef& b) {
    uint64_t a_head, b_head;
    std::memcpy(&a_head, &a, 8);
    std::memcpy(&b_head, &b, 8);
    if (a_head != b_head) return false;
    if (a.length <= kInlineLength) {
      uint64_t a_tail, b_tail;
      std::memcpy(&a_tail, reinterpret_cast<const char*>(&a) + 8, 8);
      std::memcpy(&b_tail, reinterpret_cast<const char*>(&b) + 8, 8);
      return a_tail == b_tail;
    }
    return std::memcmp(a.pointer + 4, b.pointer + 4, a.length - 4) == 0;
  }
  friend bool operator!=(const StringRef& a, const StringRef& b) { return !(a == b); }

  // Byte-wise three-way comparison (PostgreSQL's "C" collation).
  static int Compare(const StringRef& a, const StringRef& b) {
    uint32_t min_len = a.length < b.length ? a.length : b.length;
    int c = std::memcmp(a.prefix, b.prefix, min_len < 4 ? min_len : 4);
    if (c == 0 && min_len > 4) c = std::memcmp(a.data() + 4, b.data() + 4, min_len - 4);
    if (c != 0) return c;
    return a.length < b.length ? -1 : (a.length > b.length ? 1 : 0);
  }
  friend bool operator<(const StringRef& a, const StringRef& b) { return Compare(a, b) < 0; }

  uint32_t length;
  char prefix[4];
  union {
    char inlined[8];
    const char* pointer;
  };

 private:
  void inlined_rest_zero() { std::memset(inlined, 0, 8); }
};
static_assert(sizeof(StringRef) == 16);

}  // namespace stockroom
