#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sql_shell.hpp"

namespace stockroom {

// Runs the backslash command at the start of `line` (\q, \timing, \d, \i, \echo, ...) the
// way psql does. `query_buffer` is the statement being typed: \r clears it and \g asks the
// caller to send it by setting *send_buffer.
ShellStatus RunMetaCommand(SqlShell& shell, std::string_view line, std::string& query_buffer,
                           bool* send_buffer);

// Splits meta-command arguments as psql does: whitespace separates them; 'single quotes'
// are removed ('' is a quote, and \n, \t and \\ are escapes inside them); "double quotes"
// are kept, so patterns can quote identifiers.
std::vector<std::string> SplitMetaArguments(std::string_view text);

// Parses a VERBOSITY value (default, verbose, terse, sqlstate); false if unknown.
bool ParseVerbosity(std::string_view text, ErrorVerbosity* verbosity);

}  // namespace stockroom
