#pragma once

#include <string>
#include <string_view>

namespace stockroom {

class SqlError;

// How much of an error to print, as psql's VERBOSITY variable.
enum class ErrorVerbosity : unsigned char { kDefault, kVerbose, kTerse, kSqlState };

// Formats `error` as psql prints a server error: "ERROR:  message", then for errors with a
// position "LINE n: <line of sql>" and a caret under the character, then DETAIL, HINT and
// CONTEXT lines. `sql` is the text the position counts into; `prefix` goes before the
// first line ("stockroom:file.sql:3: " when running a script).
std::string FormatSqlError(const SqlError& error, std::string_view sql, ErrorVerbosity verbosity,
                           std::string_view prefix);

// Appends psql's "LINE n: ..." and caret lines for the 1-based character `position` in
// `sql`; appends nothing when the position is outside the text.
void AppendErrorPosition(std::string_view sql, int position, std::string& out);

}  // namespace stockroom
