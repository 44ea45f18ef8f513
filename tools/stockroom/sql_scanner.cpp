#include "sql_scanner.hpp"

namespace stockroom {

namespace {

bool IsIdentChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_' || u == '$' ||
         u >= 0x80;
}

bool IsTagStart(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_' || u >= 0x80;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Returns the length of a dollar-quote delimiter starting at text[pos] ('$'), or 0.
size_t DollarTagLength(std::string_view text, size_t pos) {
  size_t i = pos + 1;
  if (i < text.size() && text[i] == '$') return 2;
  if (i >= text.size() || !IsTagStart(text[i])) return 0;
  while (i < text.size() && IsIdentChar(text[i]) && text[i] != '$') i++;
  if (i < text.size() && text[i] == '$') return i + 1 - pos;
  return 0;
}

}  // namespace

char SqlLexState::PromptChar() const {
  switch (mode) {
    case Mode::kQuote:
    case Mode::kEscapeQuote:
      return '\'';
    case Mode::kIdentifier:
      return '"';
    case Mode::kDollar:
      return '$';
    case Mode::kComment:
      return '*';
    case Mode::kNormal:
      break;
  }
  return paren_depth > 0 ? '(' : '-';
}

ScanStop ScanSql(std::string_view text, size_t pos, SqlLexState& state, bool stop_at_backslash,
                 size_t* stop_pos) {
  using Mode = SqlLexState::Mode;
  size_t i = pos;
  auto consume = [&](size_t n) {
    for (size_t k = 0; k < n && i < text.size(); k++, i++) {
      state.prev2 = state.prev;
      state.prev = text[i];
    }
  };
  auto next_is = [&](char c) { return i + 1 < text.size() && text[i + 1] == c; };

  while (i < text.size()) {
    char c = text[i];
    switch (state.mode) {
      case Mode::kNormal:
        if (c == '-' && next_is('-')) {
          while (i < text.size() && text[i] != '\n') consume(1);
        } else if (c == '/' && next_is('*')) {
          state.mode = Mode::kComment;
          state.comment_depth = 1;
          consume(2);
        } else if (c == '\'') {
          bool escape = (state.prev == 'e' || state.prev == 'E') && !IsIdentChar(state.prev2);
          state.mode = escape ? Mode::kEscapeQuote : Mode::kQuote;
          consume(1);
        } else if (c == '"') {
          state.mode = Mode::kIdentifier;
          consume(1);
        } else if (c == '$' && !IsIdentChar(state.prev)) {
          size_t len = DollarTagLength(text, i);
          if (len > 0) {
            state.mode = Mode::kDollar;
            state.dollar_tag = std::string(text.substr(i, len));
          }
          consume(len > 0 ? len : 1);
        } else if (c == '(') {
          state.paren_depth++;
          consume(1);
        } else if (c == ')') {
          if (state.paren_depth > 0) state.paren_depth--;
          consume(1);
        } else if (c == ';' && state.paren_depth == 0) {
          consume(1);
          *stop_pos = i;
          return ScanStop::kSemicolon;
        } else if (c == '\\' && stop_at_backslash) {
          *stop_pos = i;
          return ScanStop::kBackslash;
        } else {
          consume(1);
        }
        break;
      case Mode::kQuote:
      case Mode::kEscapeQuote:
        if (c == '\\' && state.mode == Mode::kEscapeQuote) {
          consume(2);
        } else if (c == '\'') {
          if (next_is('\'')) {
            consume(2);
          } else {
            state.mode = Mode::kNormal;
            consume(1);
          }
        } else {
          consume(1);
        }
        break;
      case Mode::kIdentifier:
        if (c == '"') {
          if (next_is('"')) {
            consume(2);
          } else {
            state.mode = Mode::kNormal;
            consume(1);
          }
        } else {
          consume(1);
        }
        break;
      case Mode::kDollar:
        if (c == '$' && text.substr(i, state.dollar_tag.size()) == state.dollar_tag) {
          consume(state.dollar_tag.size());
          state.mode = Mode::kNormal;
          state.dollar_tag.clear();
        } else {
          consume(1);
        }
        break;
      case Mode::kComment:
        if (c == '/' && next_is('*')) {
          state.comment_depth++;
          consume(2);
        } else if (c == '*' && next_is('/')) {
          consume(2);
          if (--state.comment_depth == 0) state.mode = Mode::kNormal;
        } else {
          consume(1);
        }
        break;
    }
  }
  *stop_pos = text.size();
  return ScanStop::kEnd;
}

std::vector<StatementSpan> SplitStatements(std::string_view sql) {
  std::vector<StatementSpan> spans;
  SqlLexState state;
  size_t start = 0;
  while (start < sql.size()) {
    size_t stop = 0;
    ScanSql(sql, start, state, /*stop_at_backslash=*/false, &stop);
    spans.push_back({start, stop - start});
    start = stop;
  }
  return spans;
}

bool IsBlankSql(std::string_view sql) {
  size_t i = 0;
  while (i < sql.size()) {
    char c = sql[i];
    if (IsSpace(c) || c == ';') {
      i++;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      while (i < sql.size() && sql[i] != '\n') i++;
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      int depth = 0;
      do {
        if (sql.compare(i, 2, "/*") == 0) {
          depth++;
          i += 2;
        } else if (sql.compare(i, 2, "*/") == 0) {
          depth--;
          i += 2;
        } else {
          i++;
        }
      } while (depth > 0 && i < sql.size());
      if (depth > 0) return false;  // unterminated: let the parser report it
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace stockroom
