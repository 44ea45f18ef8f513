#include "error_report.hpp"

#include <vector>

#include "common/error/exception.hpp"
#include "display_width.hpp"

namespace stockroom {

namespace {

// psql shows at most this many columns of the offending line, and keeps the caret at least
// kMinRightCut columns away from a cut at the right.
constexpr int kDisplaySize = 60;
constexpr int kMinRightCut = 10;

}  // namespace

void AppendErrorPosition(std::string_view sql, int position, std::string& out) {
  int loc = position - 1;
  if (loc < 0) return;
  // Byte offset and starting screen column of each character, up to the end of the line
  // holding the error.
  std::vector<size_t> byte_at;
  std::vector<int> column_at;
  int line_number = 1;
  int line_begin = 0;
  int line_end = -1;
  size_t offset = 0;
  int column = 0;
  int index = 0;
  for (; offset < sql.size(); index++) {
    byte_at.push_back(offset);
    column_at.push_back(column);
    char c = sql[offset];
    if (c == '\r' || c == '\n') {
      if (index < loc) {
        // CR LF counts as one line break.
        if (c == '\r' || index == 0 || sql[byte_at[index - 1]] != '\r') line_number++;
        line_begin = index + 1;
      } else {
        line_end = index;
        break;
      }
    }
    uint32_t cp;
    offset += DecodeUtf8(sql, offset, &cp);
    int w = CodepointWidth(cp);
    column += w <= 0 ? 1 : w;
  }
  if (line_end < 0) {
    line_end = index;
    byte_at.push_back(offset);
    column_at.push_back(column);
  }
  if (loc > index) return;

  bool cut_left = false;
  bool cut_right = false;
  if (column_at[line_end] - column_at[line_begin] > kDisplaySize) {
    if (column_at[line_begin] + kDisplaySize >= column_at[loc] + kMinRightCut) {
      while (column_at[line_end] - column_at[line_begin] > kDisplaySize) line_end--;
      cut_right = true;
    } else {
      while (column_at[loc] + kMinRightCut < column_at[line_end]) {
        line_end--;
        cut_right = true;
      }
      while (column_at[line_end] - column_at[line_begin] > kDisplaySize) {
        line_begin++;
        cut_left = true;
      }
    }
  }

  std::string prefix = "LINE " + std::to_string(line_number) + ": ";
  if (cut_left) prefix += "...";
  out += prefix;
  std::string_view line = sql.substr(byte_at[line_begin], byte_at[line_end] - byte_at[line_begin]);
  for (char c : line) out += c == '\t' ? ' ' : c;
  if (cut_right) out += "...";
  out += '\n';
  out.append(static_cast<size_t>(DisplayWidth(prefix) + column_at[loc] - column_at[line_begin]), ' ');
  out += "^\n";
}

std::string FormatSqlError(const SqlError& error, std::string_view sql, ErrorVerbosity verbosity,
                           std::string_view prefix) {
  std::string out(prefix);
  out += "ERROR:  ";
  if (verbosity == ErrorVerbosity::kSqlState) {
    out += error.sqlstate();
    out += '\n';
    return out;
  }
  if (verbosity == ErrorVerbosity::kVerbose) {
    out += error.sqlstate();
    out += ": ";
  }
  out += error.what();
  out += '\n';
  if (verbosity == ErrorVerbosity::kTerse) return out;
  if (!sql.empty() && error.position() > 0) AppendErrorPosition(sql, error.position(), out);
  if (!error.detail().empty()) out += "DETAIL:  " + error.detail() + "\n";
  if (!error.hint().empty()) out += "HINT:  " + error.hint() + "\n";
  if (!error.context().empty()) out += "CONTEXT:  " + error.context() + "\n";
  return out;
}

}  // namespace stockroom
