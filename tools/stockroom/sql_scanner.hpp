#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stockroom {

// Lexical state carried across input chunks: which quoted construct or comment the text is
// inside, and the parenthesis depth (a ';' inside parentheses does not end a statement, as
// in psql).
struct SqlLexState {
  enum class Mode : unsigned char {
    kNormal,
    kQuote,        // '...'
    kEscapeQuote,  // E'...' (backslash escapes)
    kIdentifier,   // "..."
    kDollar,       // $tag$...$tag$
    kComment,      // /* ... */ (nesting)
  };
  Mode mode = Mode::kNormal;
  int paren_depth = 0;
  int comment_depth = 0;
  std::string dollar_tag;  // the whole delimiter, "$tag$"
  // The last two characters seen, for E'' and $tag$ recognition across chunk boundaries.
  char prev = ' ';
  char prev2 = ' ';

  // Returns the character psql shows in its continuation prompt for this state.
  char PromptChar() const;
};

enum class ScanStop : unsigned char {
  kEnd,        // consumed the whole text
  kSemicolon,  // stopped just after a top-level ';'
  kBackslash,  // stopped at a '\' outside quotes and comments (a meta-command)
};

// Scans `text` from `pos`, updating `state`. Stops after a top-level ';', before a
// backslash outside quotes and comments when `stop_at_backslash`, or at the end; sets
// `*stop_pos` to where it stopped. A "--" comment runs to the end of `text` or to the
// next newline.
ScanStop ScanSql(std::string_view text, size_t pos, SqlLexState& state, bool stop_at_backslash,
                 size_t* stop_pos);

// One statement of a multi-statement string: byte offset and length, the ';' included.
struct StatementSpan {
  size_t offset;
  size_t length;
};

// Splits `sql` at top-level semicolons. Spans hold only whitespace and comments when the
// input has empty statements; the caller may skip them (see IsBlankSql).
std::vector<StatementSpan> SplitStatements(std::string_view sql);

// Returns whether `sql` holds nothing but whitespace, comments and semicolons.
bool IsBlankSql(std::string_view sql);

}  // namespace stockroom
