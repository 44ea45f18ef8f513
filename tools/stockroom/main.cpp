#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>
#include <string_view>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "command_line.hpp"
#include "demo.hpp"
#include "generate_command.hpp"
#include "meta_commands.hpp"
#include "pipeline_command.hpp"
#include "serve_command.hpp"
#include "sql_shell.hpp"
#include "version.hpp"

namespace stockroom {

namespace {

constexpr const char* kUsage =
    "stockroom: a PostgreSQL-compatible analytical SQL engine.\n"
    "\n"
    "Usage:\n"
    "  stockroom COMMAND [OPTIONS]\n"
    "\n"
    "Commands:\n"
    "  sql        run SQL: an interactive shell like psql, or -c/-f for scripts\n"
    "  generate   write the e-commerce landing zone: the retailer's 9 source systems' exports\n"
    "  pipeline   run the warehouse pipeline: load the landing zone, build and test the models\n"
    "  serve      serve a database over the PostgreSQL wire protocol (psql, JDBC, BI tools)\n"
    "  demo       load TPC-H SF 0.1 into an embedded database and print a short report\n"
    "  version    print the version\n"
    "  help       show this help\n"
    "\n"
    "Run \"stockroom COMMAND --help\" for a command's options.\n";

constexpr const char* kSqlUsage =
    "stockroom sql: run SQL on an embedded Stockroom database, like psql.\n"
    "\n"
    "Usage:\n"
    "  stockroom sql [OPTIONS]\n"
    "\n"
    "Options:\n"
    "  --db PATH              data directory (default ./stockroom-data): created if new,\n"
    "                         locked while in use, every commit durable; :memory: for a\n"
    "                         database that lives only as long as the shell\n"
    "  --memory-limit=SIZE    memory for table data and queries (default 80% of RAM; e.g.\n"
    "                         2GB): tables larger are paged, operators spill to disk\n"
    "  -c, --command=SQL      run SQL or one backslash command (may be repeated)\n"
    "  -f, --file=FILE        run statements from FILE (\"-\": standard input; may be repeated)\n"
    "      --csv              print results as CSV with a header row (like psql --csv)\n"
    "  -t, --tuples-only      print rows only: no header, no row count\n"
    "  -q, --quiet            do not print command tags (CREATE TABLE, INSERT 0 1)\n"
    "  -e, --echo-queries     print each statement before running it\n"
    "  -b, --echo-errors      print a failed statement after its error\n"
    "  -v, --set=VERBOSITY=V  error detail: default, verbose (adds the SQLSTATE), terse,\n"
    "                         sqlstate\n"
    "  -h, --help             show this help\n"
    "\n"
    "-c and -f run in command-line order. Without them, statements are read from standard\n"
    "input: interactively on a terminal (line editing, history in ~/.stockroom_history,\n"
    "\\? for the backslash commands), otherwise as a script.\n"
    "\n"
    "Exit status: 0 on success; 1 when a -c command fails or on a usage error; 3 when a\n"
    "script (-f or piped input) fails. A script stops at its first failing statement, as\n"
    "with psql -v ON_ERROR_STOP=1, and so does a list of -c commands.\n";

int UsageError(const std::string& message) {
  std::fprintf(stderr, "stockroom sql: %s\nTry \"stockroom sql --help\" for more information.\n",
               message.c_str());
  return 1;
}

int RunSql(int argc, char** argv) {
  ShellOptions options;
  DatabaseConfig config;
  config.path = "stockroom-data";  // the embedded default
  for (int i = 0; i < argc; i++) {
    std::string_view arg = argv[i];
    std::string value;
    auto take_value = [&](std::string_view short_name, std::string_view long_name) {
      return TakeOptionValue(argc, argv, &i, short_name, long_name, &value);
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kSqlUsage, stdout);
      return 0;
    } else if (take_value("", "--db")) {
      config.path = value;
    } else if (take_value("", "--memory-limit")) {
      config.memory_limit = ParseBytes(value, "memory-limit");
    } else if (take_value("-c", "--command")) {
      options.actions.push_back({ShellOptions::Action::Kind::kCommand, value});
    } else if (take_value("-f", "--file")) {
      options.actions.push_back({ShellOptions::Action::Kind::kFile, value});
    } else if (take_value("-v", "--set")) {
      constexpr std::string_view kVerbosity = "VERBOSITY=";
      if (value.compare(0, kVerbosity.size(), kVerbosity) != 0) {
        return UsageError("only VERBOSITY can be set, not \"" + value + "\"");
      }
      if (!ParseVerbosity(std::string_view(value).substr(kVerbosity.size()), &options.verbosity)) {
        return UsageError("unrecognized value \"" + value.substr(kVerbosity.size()) + "\" for VERBOSITY");
      }
    } else if (arg == "--csv") {
      options.csv = true;
    } else if (arg == "-t" || arg == "--tuples-only") {
      options.tuples_only = true;
    } else if (arg == "-q" || arg == "--quiet") {
      options.quiet = true;
    } else if (arg == "-e" || arg == "--echo-queries") {
      options.echo_queries = true;
    } else if (arg == "-b" || arg == "--echo-errors") {
      options.echo_errors = true;
    } else if (arg == "-X" || arg == "--no-psqlrc") {
      // Accepted for psql muscle memory: there is no startup file.
    } else {
      return UsageError("unrecognized argument \"" + std::string(arg) + "\"");
    }
  }
  if (config.path == ":memory:") config.path.clear();
  std::unique_ptr<Database> db;
  try {
    db = std::make_unique<Database>(config);
  } catch (const SqlError& e) {
    // Like psql when it cannot connect: the reason, then exit status 2.
    std::fprintf(stderr, "stockroom: error: %s\n", e.what());
    if (!e.hint().empty()) std::fprintf(stderr, "HINT:  %s\n", e.hint().c_str());
    return 2;
  }
  Connection connection(*db);
  SqlShell shell(connection, std::move(options));
  return shell.Run();
}

}  // namespace

}  // namespace stockroom

int main(int argc, char** argv) {
  using namespace stockroom;
  std::string_view command = argc > 1 ? argv[1] : "help";
  try {
    if (command == "sql") return RunSql(argc - 2, argv + 2);
    if (command == "demo") return RunDemo(argc - 2, argv + 2);
    if (command == "generate") return RunGenerate(argc - 2, argv + 2);
    if (command == "pipeline") return RunPipelineCommand(argc - 2, argv + 2);
    if (command == "serve") return RunServe(argc - 2, argv + 2);
    if (command == "version" || command == "--version" || command == "-V") {
      std::printf("stockroom %s\n", kStockroomVersion);
      return 0;
    }
    if (command == "help" || command == "--help" || command == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    std::fprintf(stderr, "stockroom: unknown command \"%s\"\n\n%s", argv[1], kUsage);
    return 1;
  } catch (const std::invalid_argument& e) {
    return UsageError(e.what());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "stockroom: error: %s\n", e.what());
    return 1;
  }
}
