#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "execution/expression/expression_state.hpp"

struct pcre2_real_code_8;
struct pcre2_real_match_data_8;
struct pcre2_real_match_context_8;
struct pcre2_real_jit_stack_8;

namespace stockroom {

// Options of a PostgreSQL regular expression, from a flags argument ("gi") or an embedded
// (?flags) prefix.
struct RegexFlags {
  bool case_insensitive = false;
  bool global = false;        // g: every match (regexp_replace)
  bool dot_newline = true;    // . and [^...] match a newline (off: flags n, m, p)
  bool line_anchors = false;  // ^ and $ match at newlines (flags n, m, w)
  bool expanded = false;      // x: white space and # comments ignored
  bool literal = false;       // q: the pattern is a literal string
  bool extract = false;       // Redshift's e: return the first subexpression

  friend bool operator==(const RegexFlags&, const RegexFlags&) = default;
};

// Parses a flags string as PostgreSQL's parse_re_flags does. With `redshift_extract`, 'e'
// means Redshift's "extract the first subexpression" (regexp_substr, regexp_instr) instead
// of PostgreSQL's "extended syntax". Throws 22023 `invalid regular expression option: "z"`.
RegexFlags ParseRegexFlags(std::string_view flags, bool redshift_extract = false);

// A compiled PostgreSQL regular expression (ARE), translated to PCRE2 and JIT-compiled.
// Matching uses match data the object owns, so one Regex serves one thread at a time
// (RegexCache keeps one per thread). Offsets are in bytes.
//
// Translation covers what differs in spelling: \m \M \y \Y [[:<:]] [[:>:]] word
// boundaries, \Z, \b (backspace) and \B (backslash) escapes, \uXXXX \UXXXXXXXX \xHH, \v,
// [[.c.]] and [[=c=]], the ***= and ***: directors, leading (?flags), newline-sensitive
// modes, \d as [0-9] and a 255 limit on {m,n}. Not reproduced: PostgreSQL's
// leftmost-longest preference (PCRE takes the first alternative that matches, so
// 'abcd' ~ 'a|ab' matches "a", not "ab"), basic REs (flag b), and the errors PostgreSQL
// raises for constructs PCRE accepts (forward references, (?flags) mid-pattern).
class Regex {
 public:
  // Compiles `pattern`; throws 2201B "invalid regular expression: ..." as PostgreSQL words it.
  Regex(std::string_view pattern, const RegexFlags& flags);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Searches `subject` from byte `start`; returns whether a match was found. Pass
  // `subject_checked` when the subject was already searched (its UTF-8 was validated).
  bool Search(std::string_view subject, size_t start, bool subject_checked = false);

  // Number of capturing groups in the pattern.
  int group_count() const { return group_count_; }
  // Bounds of group `i` (0: the whole match) of the last successful Search; a group that
  // did not take part has GroupMatched false.
  bool GroupMatched(int i) const;
  size_t GroupStart(int i) const;
  size_t GroupEnd(int i) const;

  // Returns the translated PCRE2 pattern, for tests.
  const std::string& translated() const { return translated_; }

 private:
  pcre2_real_code_8* code_ = nullptr;
  pcre2_real_match_data_8* match_data_ = nullptr;
  pcre2_real_match_context_8* match_context_ = nullptr;
  pcre2_real_jit_stack_8* jit_stack_ = nullptr;
  const size_t* ovector_ = nullptr;
  int group_count_ = 0;
  std::string translated_;
};

// Translates a PostgreSQL ARE into PCRE2 syntax, updating `flags` from a director or an
// embedded-options prefix. Throws 2201B for errors found while translating.
std::string TranslateAre(std::string_view pattern, RegexFlags& flags);

// Translates a SQL SIMILAR TO pattern into a PostgreSQL ARE exactly as similar_to_escape()
// does (anchored, % as .*, _ as ., escape-double-quote separators). `escape` is one
// character; has_escape false means the default backslash, an empty escape means none.
// Throws 22025 "invalid escape string" for a longer escape string.
std::string SimilarToRegex(std::string_view pattern, bool has_escape, std::string_view escape);

// Compiled regexes of one thread (a function's ExpressionState::local), keyed by pattern
// and flags, so a constant pattern compiles once per thread and varying patterns recompile
// only when they change. Holds a few entries; the least recently added goes first.
class RegexCache : public FunctionLocalState {
 public:
  Regex& Get(std::string_view pattern, const RegexFlags& flags);

  // Returns the cache in `state.local`, creating it on first use.
  static RegexCache& From(ExpressionState& state);

 private:
  struct Entry {
    std::string pattern;
    RegexFlags flags;
    std::unique_ptr<Regex> regex;
  };
  static constexpr size_t kCapacity = 16;
  std::vector<Entry> entries_;
  size_t last_ = 0;  // index of the entry returned last
  size_t next_victim_ = 0;
};

}  // namespace stockroom
