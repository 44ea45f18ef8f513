#include "function/scalar/like_matcher.hpp"

#include <cstring>

#include "common/error/exception.hpp"
#include "function/scalar/unicode_case.hpp"
#include "function/scalar/utf8.hpp"

namespace stockroom {

namespace {

enum class MatchResult : uint8_t { kTrue, kFalse, kAbort };

// Deeper recursion than this means a pattern with thousands of % groups; PostgreSQL would
// hit its own stack check on such patterns too.
constexpr int kMaxLikeDepth = 10000;

SqlError EndsWithEscape() {
  return SqlError(ErrorCode::kInvalidEscapeSequence, "LIKE pattern must not end with escape character");
}

// Rewrites `pattern` so that backslash is the escape character, as like_escape() does.
std::string Canonicalize(std::string_view pattern, bool has_escape, std::string_view escape) {
  if (!has_escape) return std::string(pattern);
  std::string out;
  out.reserve(pattern.size() + 4);
  if (escape.empty()) {
    for (char c : pattern) {
      if (c == '\\') out.push_back('\\');
      out.push_back(c);
    }
    return out;
  }
  if (utf8::CountChars(escape) != 1) {
    throw SqlError(ErrorCode::kInvalidEscapeSequence, "invalid escape string")
        .WithHint("Escape string must be empty or one character.");
  }
  bool after_escape = false;
  size_t pos = 0;
  while (pos < pattern.size()) {
    size_t len = std::min<size_t>(utf8::CharLength(static_cast<uint8_t>(pattern[pos])), pattern.size() - pos);
    std::string_view ch = pattern.substr(pos, len);
    if (!after_escape && ch == escape) {
      out.push_back('\\');
      after_escape = true;
    } else if (ch == "\\") {
      out.push_back('\\');
      if (!after_escape) out.push_back('\\');
      after_escape = false;
    } else {
      out.append(ch);
      after_escape = false;
    }
    pos += len;
  }
  return out;
}

inline void NextChar(const char*& t, size_t& tlen) {
  size_t len = utf8::CharLength(static_cast<uint8_t>(*t));
  if (len > tlen) len = tlen;
  t += len;
  tlen -= len;
}

// A port of PostgreSQL's MatchText (like_match.c) for UTF-8: `_` consumes one character,
// `%` tries each character position, and kAbort stops retrying once the text ran out.
MatchResult MatchText(const char* t, size_t tlen, const char* p, size_t plen, int depth) {
  if (plen == 1 && *p == '%') return MatchResult::kTrue;
  if (depth > kMaxLikeDepth) throw SqlError(ErrorCode::kStatementTooComplex, "stack depth limit exceeded");
  while (tlen > 0 && plen > 0) {
    if (*p == '\\') {
      p++;
      plen--;
      if (plen == 0) throw EndsWithEscape();
      if (*p != *t) return MatchResult::kFalse;
    } else if (*p == '%') {
      p++;
      plen--;
      while (plen > 0) {
        if (*p == '%') {
          p++;
          plen--;
        } else if (*p == '_') {
          if (tlen == 0) return MatchResult::kAbort;
          NextChar(t, tlen);
          p++;
          plen--;
        } else {
          break;
        }
      }
      if (plen == 0) return MatchResult::kTrue;
      char first;
      if (*p == '\\') {
        if (plen < 2) throw EndsWithEscape();
        first = p[1];
      } else {
        first = *p;
      }
      while (tlen > 0) {
        if (*t == first) {
          MatchResult matched = MatchText(t, tlen, p, plen, depth + 1);
          if (matched != MatchResult::kFalse) return matched;
        }
        NextChar(t, tlen);
      }
      return MatchResult::kAbort;
    } else if (*p == '_') {
      NextChar(t, tlen);
      p++;
      plen--;
      continue;
    } else if (*p != *t) {
      return MatchResult::kFalse;
    }
    // Byte steps are safe here: both sides matched the same lead byte, so they stay in step.
    t++;
    tlen--;
    p++;
    plen--;
  }
  if (tlen > 0) return MatchResult::kFalse;
  while (plen > 0 && *p == '%') {
    p++;
    plen--;
  }
  return plen == 0 ? MatchResult::kTrue : MatchResult::kAbort;
}

}  // namespace

LikeMatcher LikeMatcher::Compile(std::string_view pattern, bool has_escape, std::string_view escape,
                                 bool fold_case) {
  LikeMatcher matcher;
  matcher.fold_case_ = fold_case;
  matcher.canonical_ = Canonicalize(pattern, has_escape, escape);
  if (fold_case) {
    std::string folded;
    unicode::AppendLower(matcher.canonical_, folded);
    matcher.canonical_ = std::move(folded);
  }

  // Split into literal segments at each %; anything else makes the pattern generic.
  const std::string& p = matcher.canonical_;
  std::vector<std::string> segments(1);
  for (size_t i = 0; i < p.size(); i++) {
    char c = p[i];
    if (c == '_') return matcher;
    if (c == '\\') {
      if (i + 1 == p.size()) return matcher;  // dangling escape: MatchText decides when to fail
      segments.back().push_back(p[++i]);
    } else if (c == '%') {
      segments.emplace_back();
    } else {
      segments.back().push_back(c);
    }
  }
  if (segments.size() == 1) {
    matcher.kind_ = Kind::kExact;
    matcher.first_ = std::move(segments[0]);
    return matcher;
  }
  matcher.first_ = std::move(segments.front());
  matcher.last_ = std::move(segments.back());
  for (size_t i = 1; i + 1 < segments.size(); i++) {
    if (!segments[i].empty()) matcher.middle_.emplace_back(std::move(segments[i]));
  }
  bool has_first = !matcher.first_.empty(), has_last = !matcher.last_.empty();
  if (matcher.middle_.empty()) {
    if (!has_first && !has_last) {
      matcher.kind_ = Kind::kAll;
    } else if (!has_last) {
      matcher.kind_ = Kind::kPrefix;
    } else if (!has_first) {
      matcher.kind_ = Kind::kSuffix;
    } else {
      matcher.kind_ = Kind::kSegments;
    }
  } else if (!has_first && !has_last && matcher.middle_.size() == 1) {
    matcher.kind_ = Kind::kContains;
  } else {
    matcher.kind_ = Kind::kSegments;
  }
  return matcher;
}

LiteralSearcher::LiteralSearcher(std::string needle) : needle_(std::move(needle)) {
  size_t m = needle_.size();
  size_t skip = m < kMaxShift ? m : kMaxShift;
  std::memset(shift_, static_cast<int>(skip), sizeof(shift_));
  for (size_t i = 0; i + 1 < m && m <= kMaxShift; i++) shift_[static_cast<uint8_t>(needle_[i])] = m - 1 - i;
}

size_t LiteralSearcher::FindLong(std::string_view text, size_t begin, size_t end) const {
  const void* at = memmem(text.data() + begin, end - begin, needle_.data(), needle_.size());
  return at ? static_cast<const char*>(at) - text.data() : std::string_view::npos;
}

// Literal segments match greedily left to right: the earliest occurrence of each leaves the
// most room for the rest, so no backtracking is needed.
bool LikeMatcher::MatchSegments(std::string_view text) const {
  if (text.size() < first_.size() + last_.size()) return false;
  if (text.compare(0, first_.size(), first_) != 0) return false;
  size_t end = text.size() - last_.size();
  if (text.compare(end, last_.size(), last_) != 0) return false;
  size_t pos = first_.size();
  for (const LiteralSearcher& segment : middle_) {
    size_t at = segment.Find(text, pos, end);
    if (at == std::string_view::npos) return false;
    pos = at + segment.needle().size();
  }
  return true;
}

bool LikeMatcher::MatchGeneric(std::string_view text) const {
  return MatchText(text.data(), text.size(), canonical_.data(), canonical_.size(), 0) == MatchResult::kTrue;
}

std::string_view FoldCaseForLike(std::string_view text, std::string& buffer) {
  if (buffer.size() < text.size()) buffer.resize(text.size());
  char* out = buffer.data();
  const char* in = text.data();
  size_t n = text.size();
  size_t i = 0;
  // Eight ASCII bytes at a time: a byte in 'A'..'Z' gets its 0x80 bit from the first sum but
  // not from the second; that bit, shifted to 0x20, lower-cases it. No sum carries across
  // bytes while every byte is below 0x80.
  constexpr uint64_t kHigh = 0x8080808080808080ull;
  for (; i + 8 <= n; i += 8) {
    uint64_t word;
    std::memcpy(&word, in + i, 8);
    if (word & kHigh) break;
    uint64_t upper = (word + 0x3F3F3F3F3F3F3F3Full) & ~(word + 0x2525252525252525ull) & kHigh;
    word |= upper >> 2;
    std::memcpy(out + i, &word, 8);
  }
  for (; i < n; i++) {
    auto c = static_cast<uint8_t>(in[i]);
    if (c >= 0x80) {
      buffer.clear();
      unicode::AppendLower(text, buffer);
      return buffer;
    }
    out[i] = static_cast<char>(c + (static_cast<uint8_t>(c - 'A') < 26 ? 32 : 0));
  }
  return std::string_view(out, n);
}

}  // namespace stockroom
