#pragma once

#include <emmintrin.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace stockroom {

// Finds a literal in a text with Horspool's algorithm (a skip table of the needle's bytes),
// which beats memmem on the short texts LIKE usually sees.
class LiteralSearcher {
 public:
  LiteralSearcher() = default;
  explicit LiteralSearcher(std::string needle);

  const std::string& needle() const { return needle_; }
  // Returns the offset of the first occurrence in text[begin, end), or npos.
  size_t Find(std::string_view text, size_t begin, size_t end) const {
    size_t m = needle_.size();
    if (end < begin || end - begin < m) return std::string_view::npos;
    const char* h = text.data();
    if (m <= 1) {
      if (m == 0) return begin;
      const void* at = std::memchr(h + begin, needle_[0], end - begin);
      return at ? static_cast<const char*>(at) - h : std::string_view::npos;
    }
    if (m > kMaxShift) return FindLong(text, begin, end);
    size_t i = begin;
    // 16 candidate positions at a time: those whose first and last bytes match the needle's
    // (SSE2, which every x86-64 has), then the rest of the needle compared.
    const __m128i first_byte = _mm_set1_epi8(needle_[0]);
    const __m128i last_byte = _mm_set1_epi8(needle_[m - 1]);
    for (; i + m - 1 + 16 <= end; i += 16) {
      __m128i starts = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i));
      __m128i ends = _mm_loadu_si128(reinterpret_cast<const __m128i*>(h + i + m - 1));
      unsigned mask = static_cast<unsigned>(
          _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(starts, first_byte), _mm_cmpeq_epi8(ends, last_byte))));
      while (mask != 0) {
        size_t at = i + static_cast<size_t>(__builtin_ctz(mask));
        if (std::memcmp(h + at + 1, needle_.data() + 1, m - 2) == 0) return at;
        mask &= mask - 1;
      }
    }
    char last = needle_[m - 1];
    for (; i + m <= end; i += shift_[static_cast<uint8_t>(h[i + m - 1])]) {
      if (h[i + m - 1] == last && std::memcmp(h + i, needle_.data(), m - 1) == 0) return i;
    }
    return std::string_view::npos;
  }

 private:
  static constexpr size_t kMaxShift = 255;
  size_t FindLong(std::string_view text, size_t begin, size_t end) const;

  std::string needle_;
  uint8_t shift_[256] = {};
};

// A compiled LIKE / ILIKE pattern. Compile() rewrites the pattern into PostgreSQL's
// canonical form (backslash as the escape, as like_escape() produces) and classifies it:
// patterns of literals and % become prefix / suffix / substring searches; patterns with _
// (or a dangling escape) run a port of PostgreSQL's MatchText, so results and errors agree
// with PostgreSQL row for row. Immutable after Compile(); safe to share between threads.
class LikeMatcher {
 public:
  enum class Kind : uint8_t {
    kAll,       // '%': matches everything
    kExact,     // no wildcards
    kPrefix,    // 'abc%'
    kSuffix,    // '%abc'
    kContains,  // '%abc%'
    kSegments,  // literals separated by %, like 'a%b%c' or '%a%b%'
    kGeneric,   // has _ or a dangling escape
  };

  // Compiles `pattern` for LIKE (fold_case false) or ILIKE (true; the pattern is
  // lower-cased, and Match expects lower-cased text). `escape` is the ESCAPE string: one
  // character, or empty for none; has_escape false means the default backslash. Throws
  // 22025 "invalid escape string" for a longer escape string.
  static LikeMatcher Compile(std::string_view pattern, bool has_escape, std::string_view escape,
                             bool fold_case);

  // Returns whether `text` matches. Throws 22025 if matching reaches an escape character
  // at the end of the pattern (PostgreSQL raises it only then, not at compile time).
  bool Match(std::string_view text) const {
    switch (kind_) {
      case Kind::kAll:
        return true;
      case Kind::kExact:
        return text == first_;
      case Kind::kPrefix:
        return text.size() >= first_.size() && text.compare(0, first_.size(), first_) == 0;
      case Kind::kSuffix:
        return text.size() >= last_.size() &&
               text.compare(text.size() - last_.size(), last_.size(), last_) == 0;
      case Kind::kContains:
        return middle_[0].Find(text, 0, text.size()) != std::string_view::npos;
      case Kind::kSegments:
        return MatchSegments(text);
      case Kind::kGeneric:
        return MatchGeneric(text);
    }
    return false;
  }

  Kind kind() const { return kind_; }
  bool fold_case() const { return fold_case_; }

 private:
  bool MatchSegments(std::string_view text) const;
  bool MatchGeneric(std::string_view text) const;

  Kind kind_ = Kind::kGeneric;
  bool fold_case_ = false;
  std::string canonical_;                // the pattern with backslash escapes (kGeneric)
  std::string first_;                    // literal the text must start with
  std::string last_;                     // literal the text must end with
  std::vector<LiteralSearcher> middle_;  // literals to find in order between them
};

// Lower-cases `text` for ILIKE, using `buffer` as scratch, and returns the result (valid
// until the next call with the same buffer).
std::string_view FoldCaseForLike(std::string_view text, std::string& buffer);

}  // namespace stockroom
