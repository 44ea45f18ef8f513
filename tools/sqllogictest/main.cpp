#include <cstdio>
#include <cstdlib>
#include <exception>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "test_runner.hpp"

namespace stockroom {

namespace {

constexpr const char* kUsage =
    "Usage: sqllogictest [OPTIONS] FILE.test...\n"
    "\n"
    "Runs SQL logic test files (format: test/sql/README.md) on a fresh in-memory Stockroom\n"
    "database per file and compares the results with the files' expected rows.\n"
    "\n"
    "Options:\n"
    "  --pg CONNINFO      differential mode: also run every record on this PostgreSQL 15\n"
    "                     server (libpq syntax, e.g. \"host=/tmp/sock port=5432 dbname=postgres\";\n"
    "                     \"@FILE\" reads it from FILE), in a fresh database per file, and compare\n"
    "                     Stockroom with PostgreSQL instead of with the file\n"
    "  --rewrite          with --pg: rewrite the files' expected results, SQLSTATEs and type\n"
    "                     characters from PostgreSQL's (for writing tests)\n"
    "  --no-type-check    with --pg: do not require PostgreSQL's result column types\n"
    "  --threads N        Stockroom worker threads (default: one per core)\n"
    "  --define NAME=VAL  replace ${NAME} in every record's SQL with VAL\n"
    "  -v, --verbose      print each record as it runs\n"
    "  -h, --help         show this help\n"
    "\n"
    "Exit status: 0 when every record passed, 1 when some failed, 2 on a usage error, a\n"
    "malformed file or an unreachable server.\n";

std::string ReadConninfo(const std::string& value) {
  if (value.empty() || value[0] != '@') return value;
  std::ifstream in(value.substr(1));
  if (!in) throw std::runtime_error("cannot read " + value.substr(1));
  std::stringstream text;
  text << in.rdbuf();
  std::string conninfo = text.str();
  while (!conninfo.empty() && (conninfo.back() == '\n' || conninfo.back() == ' ')) conninfo.pop_back();
  return conninfo;
}

int Main(int argc, char** argv) {
  RunnerOptions options;
  std::vector<std::string> files;
  for (int i = 1; i < argc; i++) {
    std::string_view arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    } else if (arg == "--pg") {
      options.pg_conninfo = ReadConninfo(value());
    } else if (arg.rfind("--pg=", 0) == 0) {
      options.pg_conninfo = ReadConninfo(std::string(arg.substr(5)));
    } else if (arg == "--rewrite") {
      options.rewrite = true;
    } else if (arg == "--no-type-check") {
      options.check_types = false;
    } else if (arg == "--threads") {
      options.threads = std::atoi(value().c_str());
    } else if (arg == "--define") {
      std::string definition = value();
      size_t eq = definition.find('=');
      if (eq == std::string::npos || eq == 0) throw std::invalid_argument("--define needs NAME=VALUE");
      options.variables[definition.substr(0, eq)] = definition.substr(eq + 1);
    } else if (arg == "-v" || arg == "--verbose") {
      options.verbose = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw std::invalid_argument("unknown option " + std::string(arg));
    } else {
      files.emplace_back(arg);
    }
  }
  if (files.empty()) throw std::invalid_argument("no test files given");
  if (options.rewrite && options.pg_conninfo.empty()) throw std::invalid_argument("--rewrite needs --pg");

  TestRunner runner(options);
  const char* mode = options.pg_conninfo.empty() ? "expected" : "differential";
  int failed_files = 0;
  for (const auto& file : files) {
    FileReport report = runner.RunFile(file);
    std::printf("%s: %d records, %d failed, %d skipped (%s)%s\n", file.c_str(), report.records, report.failed,
                report.skipped, mode, report.rewritten ? ", rewritten" : "");
    if (report.failed > 0) failed_files++;
  }
  return failed_files > 0 ? 1 : 0;
}

}  // namespace

}  // namespace stockroom

int main(int argc, char** argv) {
  try {
    return stockroom::Main(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "sqllogictest: %s\nTry \"sqllogictest --help\".\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sqllogictest: %s\n", e.what());
    return 2;
  }
}
