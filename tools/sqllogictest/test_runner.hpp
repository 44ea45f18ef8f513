#pragma once

#include <map>
#include <string>

#include "engine.hpp"
#include "test_file.hpp"

namespace stockroom {

struct RunnerOptions {
  std::string pg_conninfo;  // non-empty: differential mode against this PostgreSQL server
  bool rewrite = false;     // rewrite expected results from PostgreSQL's
  bool check_types = true;  // differential: result column types must match PostgreSQL's
  bool verbose = false;     // print each record as it runs
  int threads = 0;          // Stockroom worker threads (0: one per core)
  // --define NAME=VALUE: "${NAME}" in a record's SQL becomes VALUE (e.g. a data directory).
  std::map<std::string, std::string> variables;
};

struct FileReport {
  int records = 0;
  int failed = 0;
  int skipped = 0;
  bool rewritten = false;
};

// Runs .test files (format: test/sql/README.md) on a fresh Stockroom database each, and in
// differential mode on a fresh PostgreSQL database too, printing each failure as
// "file:line: problem" with the SQL and both results.
class TestRunner {
 public:
  explicit TestRunner(RunnerOptions options) : options_(std::move(options)) {}

  // Runs one file. Throws std::runtime_error for a malformed file or an unreachable
  // PostgreSQL server.
  FileReport RunFile(const std::string& path);

 private:
  std::string SubstituteVariables(const std::string& sql) const;
  // Runs one record; returns false if it failed. May update `record` under --rewrite and
  // then sets *changed.
  bool RunRecord(const TestFile& file, TestRecord& record, Engine& stockroom, Engine* postgres,
                 bool* changed);
  void Fail(const TestFile& file, const TestRecord& record, const std::string& problem,
            const std::string& details = "");

  RunnerOptions options_;
  int database_counter_ = 0;
};

}  // namespace stockroom
