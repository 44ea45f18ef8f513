#pragma once

#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "error_report.hpp"
#include "sql_scanner.hpp"

namespace stockroom {

class Connection;
class QueryResult;
class SqlError;

struct ShellOptions {
  struct Action {
    enum class Kind : unsigned char { kCommand, kFile } kind;
    std::string text;  // the -c string or the -f path ("-": standard input)
  };
  std::vector<Action> actions;  // -c and -f in command-line order
  bool csv = false;
  bool tuples_only = false;
  bool quiet = false;
  bool echo_queries = false;
  bool echo_errors = false;
  ErrorVerbosity verbosity = ErrorVerbosity::kDefault;
};

// How a statement, meta-command or input source ended.
enum class ShellStatus : unsigned char { kOk, kError, kQuit };

// The `stockroom sql` shell: reads SQL and backslash meta-commands from -c strings, files,
// standard input or an interactive terminal, runs them on one Connection and prints results
// the way psql does. Not thread-safe except Cancel-on-Ctrl-C, which it handles itself.
class SqlShell {
 public:
  SqlShell(Connection& connection, ShellOptions options);

  // Runs the -c/-f actions, or reads standard input when there are none (interactively on a
  // terminal). Returns the process exit code: 0; 1 when a -c command failed; 3 when a
  // script (-f or piped input) stopped at a failing statement, like psql with
  // ON_ERROR_STOP=1.
  int Run();

  // Reads statements and meta-commands from `in` until its end, \q, or (when
  // `stop_on_error`) the first failure. `name` names the source in error messages ("" for
  // none: the terminal and -c strings).
  ShellStatus RunStream(std::FILE* in, const std::string& name, bool stop_on_error);
  // Runs the script at `path` (\i and -f).
  ShellStatus RunFile(const std::string& path, bool stop_on_error);

  Connection& connection() { return connection_; }
  ShellOptions& options() { return options_; }
  bool& timing() { return timing_; }
  bool interactive() const { return interactive_; }
  // Returns whether the source being read stops at its first failure (scripts do).
  bool StopsOnError() const { return current_ && current_->stop_on_error; }

  // Writes shell output to stdout, and notices and errors to stderr (after flushing stdout,
  // so the two interleave in order on a terminal).
  void Out(std::string_view text);
  void Err(std::string_view text);
  // Reports a problem of the shell's own (a bad meta-command, a missing file) as psql does:
  // "stockroom:file.sql:12: error: message" in a script, the bare message otherwise.
  void Complain(std::string_view message);
  // Returns the prefix psql puts before error lines: "stockroom:file.sql:12: " in a
  // script, "" otherwise.
  std::string ErrorPrefix() const;

 private:
  // Input state of one source: the statement being collected and where it is.
  struct Source {
    std::string name;
    int line_number = 0;
    bool stop_on_error = false;
    std::string buffer;
    SqlLexState lex;
    bool pending_newline = false;
  };

  int RunInteractive();
  // Feeds one input line to `source`: runs each statement it completes and each
  // meta-command it holds.
  ShellStatus HandleLine(Source& source, std::string_view line);
  // Runs the statement collected in `source` and clears it.
  ShellStatus SendBuffer(Source& source);
  // Runs one -c string: a meta-command line, or SQL whose statements run one by one.
  ShellStatus RunCommandString(const std::string& text);
  // Runs SQL text holding one statement (or several, each printed).
  ShellStatus ExecuteSql(std::string_view sql);
  // Runs `sql` and prints its results or its error; the error's position is shifted by
  // `chars_before` and shown in `error_text` (the whole -c string `sql` came from). Adds
  // the execution time, printing excluded, to *elapsed_ms.
  ShellStatus RunStatement(std::string_view sql, std::string_view error_text, int chars_before,
                           double* elapsed_ms);
  // The NOTICEs and WARNINGs of the statements just run, on stderr.
  void PrintNotices();
  void PrintResult(const QueryResult& result);
  void ReportError(const SqlError& error, std::string_view sql);
  void PrintTiming(double milliseconds);

  Connection& connection_;
  ShellOptions options_;
  bool timing_ = false;
  bool interactive_ = false;
  Source* current_ = nullptr;  // the source being read, for error prefixes
};

}  // namespace stockroom
