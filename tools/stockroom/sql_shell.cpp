#include "sql_shell.hpp"

#include <editline/readline.h>
#include <semaphore.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <new>
#include <thread>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "meta_commands.hpp"
#include "result_printer.hpp"
#include "sql/parser.hpp"
#include "version.hpp"

namespace stockroom {

namespace {

constexpr int kHistorySize = 500;

std::atomic<bool> g_interrupted{false};
sem_t g_interrupt_semaphore;

void OnInterrupt(int) {
  g_interrupted.store(true);
  sem_post(&g_interrupt_semaphore);  // async-signal-safe
}

// Turns Ctrl-C into Connection::Cancel for as long as it lives: the signal handler only
// posts a semaphore; a watcher thread does the cancelling, which takes a lock.
class InterruptToCancel {
 public:
  explicit InterruptToCancel(Connection& connection) : connection_(connection) {
    sem_init(&g_interrupt_semaphore, 0, 0);
    watcher_ = std::thread([this] {
      for (;;) {
        while (sem_wait(&g_interrupt_semaphore) != 0 && errno == EINTR) {
        }
        if (stopping_.load()) return;
        connection_.Cancel();
      }
    });
    struct sigaction action = {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;  // no SA_RESTART: an interrupted read returns, so the prompt can reset
    sigaction(SIGINT, &action, &previous_);
  }
  ~InterruptToCancel() {
    sigaction(SIGINT, &previous_, nullptr);
    stopping_.store(true);
    sem_post(&g_interrupt_semaphore);
    watcher_.join();
    sem_destroy(&g_interrupt_semaphore);
  }

 private:
  Connection& connection_;
  std::thread watcher_;
  std::atomic<bool> stopping_{false};
  struct sigaction previous_ = {};
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Returns the number of characters (not bytes) in `text`.
int CharCount(std::string_view text) {
  int n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Converts a 1-based byte position into a 1-based character position.
int ByteToCharPosition(std::string_view sql, int byte_position) {
  if (byte_position <= 0) return byte_position;
  size_t bytes = std::min(static_cast<size_t>(byte_position - 1), sql.size());
  return CharCount(sql.substr(0, bytes)) + 1;
}

std::string HistoryPath() {
  const char* home = std::getenv("HOME");
  if (!home || !*home) return "";
  return std::string(home) + "/.stockroom_history";
}

}  // namespace

SqlShell::SqlShell(Connection& connection, ShellOptions options)
    : connection_(connection), options_(std::move(options)) {}

int SqlShell::Run() {
  if (options_.actions.empty()) {
    if (isatty(STDIN_FILENO)) return RunInteractive();
    ShellStatus status = RunStream(stdin, "", /*stop_on_error=*/true);
    return status == ShellStatus::kError ? 3 : 0;
  }
  for (const auto& action : options_.actions) {
    ShellStatus status;
    if (action.kind == ShellOptions::Action::Kind::kCommand) {
      status = RunCommandString(action.text);
      if (status == ShellStatus::kError) return 1;
    } else if (action.text == "-") {
      status = RunStream(stdin, "<stdin>", /*stop_on_error=*/true);
      if (status == ShellStatus::kError) return 3;
    } else {
      std::FILE* in = std::fopen(action.text.c_str(), "r");
      if (!in) {
        Err("stockroom: error: " + action.text + ": " + std::strerror(errno) + "\n");
        return 1;
      }
      status = RunStream(in, action.text, /*stop_on_error=*/true);
      std::fclose(in);
      if (status == ShellStatus::kError) return 3;
    }
    if (status == ShellStatus::kQuit) break;
  }
  return 0;
}

int SqlShell::RunInteractive() {
  interactive_ = true;
  Out(std::string("stockroom ") + kStockroomVersion +
      " (PostgreSQL 15 dialect; data is in memory for now)\n"
      "Type \"\\?\" for help, \"\\q\" to quit.\n\n");
  std::string history = HistoryPath();
  using_history();
  stifle_history(kHistorySize);
  if (!history.empty()) read_history(history.c_str());
  rl_readline_name = "stockroom";
  rl_bind_key('\t', rl_insert);  // no file-name completion inside SQL

  InterruptToCancel interrupt(connection_);
  Source source;
  Source* saved = current_;
  current_ = &source;
  std::string last_history;
  for (;;) {
    std::string prompt = "stockroom=> ";
    if (!source.buffer.empty()) prompt = std::string("stockroom") + source.lex.PromptChar() + "> ";
    g_interrupted.store(false);
    char* raw = readline(prompt.c_str());
    if (!raw) {
      if (g_interrupted.exchange(false)) {
        // Ctrl-C at the prompt discards the statement being typed, as in psql.
        source.buffer.clear();
        source.lex = SqlLexState();
        Out("\n");
        continue;
      }
      Out("\\q\n");
      break;
    }
    std::string line(raw);
    std::free(raw);
    if (!Trim(line).empty() && line != last_history) {
      add_history(line.c_str());
      last_history = line;
    }
    source.line_number++;
    if (source.buffer.empty()) {
      std::string_view word = Trim(line);
      if (word == "quit" || word == "exit") break;
      if (word == "help") {
        Out("You are using stockroom, the command-line interface to Stockroom.\n"
            "Type:  \\? for help with stockroom commands\n"
            "       \\q or quit to quit\n"
            "       or terminate SQL statements with a semicolon to run them\n");
        continue;
      }
    }
    if (HandleLine(source, line) == ShellStatus::kQuit) break;
  }
  current_ = saved;
  if (!history.empty()) write_history(history.c_str());
  return 0;
}

ShellStatus SqlShell::RunFile(const std::string& path, bool stop_on_error) {
  std::FILE* in = std::fopen(path.c_str(), "r");
  if (!in) {
    Complain(path + ": " + std::strerror(errno));
    return ShellStatus::kError;
  }
  ShellStatus status = RunStream(in, path, stop_on_error);
  std::fclose(in);
  return status;
}

ShellStatus SqlShell::RunStream(std::FILE* in, const std::string& name, bool stop_on_error) {
  Source source;
  source.name = name;
  source.stop_on_error = stop_on_error;
  Source* saved = current_;
  current_ = &source;
  ShellStatus result = ShellStatus::kOk;
  char* raw = nullptr;
  size_t capacity = 0;
  ssize_t length;
  while ((length = getline(&raw, &capacity, in)) >= 0) {
    std::string_view line(raw, static_cast<size_t>(length));
    if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    source.line_number++;
    ShellStatus status = HandleLine(source, line);
    if (status == ShellStatus::kQuit || (status == ShellStatus::kError && stop_on_error)) {
      result = status;
      break;
    }
    if (status == ShellStatus::kError) result = status;
  }
  std::free(raw);
  // psql runs an unterminated last statement at the end of a script.
  if (result != ShellStatus::kQuit && !(result == ShellStatus::kError && stop_on_error) &&
      !IsBlankSql(source.buffer)) {
    ShellStatus status = SendBuffer(source);
    if (status != ShellStatus::kOk) result = status;
  }
  current_ = saved;
  // A failure that did not stop the script is not the script's outcome, as in psql.
  return result == ShellStatus::kError && !stop_on_error ? ShellStatus::kOk : result;
}

ShellStatus SqlShell::HandleLine(Source& source, std::string_view line) {
  if (!source.buffer.empty()) source.buffer += '\n';
  source.lex.prev2 = source.lex.prev;
  source.lex.prev = '\n';
  size_t pos = 0;
  ShellStatus result = ShellStatus::kOk;
  while (pos < line.size()) {
    if (source.buffer.empty() && source.lex.mode == SqlLexState::Mode::kNormal) {
      // Whitespace and "--" comments before a statement are not part of it (psql drops
      // them, which keeps LINE numbers in error messages relative to the statement).
      while (pos < line.size() && IsSpace(line[pos])) pos++;
      if (line.compare(pos, 2, "--") == 0) pos = line.size();
      if (pos >= line.size()) break;
    }
    size_t stop = pos;
    ScanStop what = ScanSql(line, pos, source.lex, /*stop_at_backslash=*/true, &stop);
    source.buffer.append(line.substr(pos, stop - pos));
    pos = stop;
    ShellStatus status = ShellStatus::kOk;
    if (what == ScanStop::kSemicolon) {
      status = SendBuffer(source);
    } else if (what == ScanStop::kBackslash) {
      std::string_view command = line.substr(pos);
      pos = line.size();
      bool send = false;
      status = RunMetaCommand(*this, command, source.buffer, &send);
      if (status == ShellStatus::kOk && send) status = SendBuffer(source);
      if (source.buffer.empty()) source.lex = SqlLexState();
    }
    if (status == ShellStatus::kQuit) return status;
    if (status == ShellStatus::kError) {
      result = status;
      if (source.stop_on_error) return status;
    }
  }
  return result;
}

ShellStatus SqlShell::SendBuffer(Source& source) {
  std::string sql = std::move(source.buffer);
  source.buffer.clear();
  source.lex = SqlLexState();
  if (IsBlankSql(sql)) return ShellStatus::kOk;
  return ExecuteSql(sql);
}

ShellStatus SqlShell::RunCommandString(const std::string& text) {
  if (!Trim(text).empty() && Trim(text).front() == '\\') {
    Source source;
    Source* saved = current_;
    current_ = &source;
    ShellStatus status = HandleLine(source, Trim(text));
    current_ = saved;
    return status;
  }
  if (options_.echo_queries) Out(text + "\n");
  double elapsed_ms = 0;
  ShellStatus status = ShellStatus::kOk;
  // The server parses a whole query string before running any of it: a syntax error
  // anywhere means nothing runs.
  try {
    Parser::Parse(text);
  } catch (SqlError& error) {
    if (error.code() == ErrorCode::kSyntaxError) {
      error.SetPosition(ByteToCharPosition(text, error.position()));
      ReportError(error, text);
      status = ShellStatus::kError;
    }
  } catch (const std::exception&) {
    // Reported by the statement that fails below.
  }
  for (const StatementSpan& span : SplitStatements(text)) {
    if (status != ShellStatus::kOk) break;
    std::string_view sql = std::string_view(text).substr(span.offset, span.length);
    if (IsBlankSql(sql)) continue;
    status = RunStatement(sql, text, CharCount(std::string_view(text).substr(0, span.offset)), &elapsed_ms);
  }
  if (timing_) PrintTiming(elapsed_ms);
  return status;
}

ShellStatus SqlShell::ExecuteSql(std::string_view sql) {
  if (options_.echo_queries) {
    Out(sql);
    Out("\n");
  }
  double elapsed_ms = 0;
  ShellStatus status = RunStatement(sql, sql, 0, &elapsed_ms);
  if (timing_) PrintTiming(elapsed_ms);
  return status;
}

ShellStatus SqlShell::RunStatement(std::string_view sql, std::string_view error_text, int chars_before,
                                   double* elapsed_ms) {
  std::vector<std::unique_ptr<QueryResult>> results;
  auto started = std::chrono::steady_clock::now();
  auto stop_clock = [&] {
    *elapsed_ms +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  };
  try {
    results = connection_.QueryAll(sql);
  } catch (SqlError& error) {
    stop_clock();
    PrintNotices();
    if (error.position() > 0) error.SetPosition(error.position() + chars_before);
    ReportError(error, error_text);
    return ShellStatus::kError;
  } catch (const std::bad_alloc&) {
    stop_clock();
    ReportError(SqlError(ErrorCode::kOutOfMemory, "out of memory"), error_text);
    return ShellStatus::kError;
  } catch (const std::exception& error) {
    stop_clock();
    ReportError(SqlError(ErrorCode::kInternalError, error.what()), error_text);
    return ShellStatus::kError;
  }
  stop_clock();
  PrintNotices();
  for (auto& result : results) PrintResult(*result);
  return ShellStatus::kOk;
}

void SqlShell::PrintNotices() {
  // As psql prints a NoticeResponse: "NOTICE:  text" on stderr.
  for (const Notice& notice : connection_.TakeNotices()) {
    Err(ErrorPrefix() + notice.severity() + ":  " + notice.message.what() + "\n");
  }
}

void SqlShell::PrintResult(const QueryResult& result) {
  std::string out;
  if (result.rows) {
    PrintOptions print;
    print.tuples_only = options_.tuples_only;
    TextTable table = TableFromResult(result);
    if (options_.csv) {
      PrintCsv(table, print, out);
    } else {
      PrintAligned(table, print, out);
    }
  } else if (!options_.quiet && !result.command_tag.empty()) {
    out = result.command_tag + "\n";
  }
  Out(out);
}

void SqlShell::ReportError(const SqlError& error, std::string_view sql) {
  std::string prefix = ErrorPrefix();
  std::string text = FormatSqlError(error, sql, options_.verbosity, prefix);
  if (options_.echo_errors) {
    text += prefix + "STATEMENT:  ";
    text += sql;
    text += '\n';
  }
  Err(text);
}

void SqlShell::PrintTiming(double ms) {
  char buf[128];
  if (ms < 1000.0) {
    std::snprintf(buf, sizeof(buf), "Time: %.3f ms\n", ms);
  } else {
    double seconds = ms / 1000.0;
    double minutes = static_cast<double>(static_cast<long long>(seconds / 60.0));
    seconds -= 60.0 * minutes;
    if (minutes < 60.0) {
      std::snprintf(buf, sizeof(buf), "Time: %.3f ms (%02d:%06.3f)\n", ms, static_cast<int>(minutes),
                    seconds);
    } else {
      double hours = static_cast<double>(static_cast<long long>(minutes / 60.0));
      minutes -= 60.0 * hours;
      if (hours < 24.0) {
        std::snprintf(buf, sizeof(buf), "Time: %.3f ms (%02d:%02d:%06.3f)\n", ms, static_cast<int>(hours),
                      static_cast<int>(minutes), seconds);
      } else {
        double days = static_cast<double>(static_cast<long long>(hours / 24.0));
        hours -= 24.0 * days;
        std::snprintf(buf, sizeof(buf), "Time: %.3f ms (%.0f d %02d:%02d:%06.3f)\n", ms, days,
                      static_cast<int>(hours), static_cast<int>(minutes), seconds);
      }
    }
  }
  Out(buf);
}

void SqlShell::Out(std::string_view text) {
  if (!text.empty()) std::fwrite(text.data(), 1, text.size(), stdout);
  std::fflush(stdout);
}

void SqlShell::Err(std::string_view text) {
  std::fflush(stdout);
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
}

void SqlShell::Complain(std::string_view message) {
  std::string prefix = ErrorPrefix();
  Err(prefix + (prefix.empty() ? "" : "error: ") + std::string(message) + "\n");
}

std::string SqlShell::ErrorPrefix() const {
  if (!current_ || current_->name.empty()) return "";
  return "stockroom:" + current_->name + ":" + std::to_string(current_->line_number) + ": ";
}

}  // namespace stockroom
