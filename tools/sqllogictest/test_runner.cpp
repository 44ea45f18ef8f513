#include "test_runner.hpp"

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <stdexcept>

#include "postgres_engine.hpp"
#include "result_compare.hpp"
#include "stockroom_engine.hpp"

namespace stockroom {

namespace {

constexpr size_t kMaxRowsShown = 40;

std::string Indent(const std::string& text, const std::string& prefix = "    ") {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    out += prefix + text.substr(start, end - start) + "\n";
    start = end + 1;
  }
  return out;
}

std::string DescribeError(const QueryOutcome& outcome) {
  return "ERROR " + outcome.sqlstate + ": " + outcome.message;
}

std::string ShowRows(const std::string& label, Rows rows, const std::string& type_chars, bool sorted) {
  if (sorted) SortRows(rows, type_chars);
  std::string out = "  " + label + " (" + std::to_string(rows.size()) +
                    (rows.size() == 1 ? " row" : " rows") + (sorted && rows.size() > 1 ? ", sorted" : "") +
                    "):\n";
  auto lines = FormatRows(rows);
  for (size_t i = 0; i < lines.size() && i < kMaxRowsShown; i++) out += "    " + lines[i] + "\n";
  if (lines.size() > kMaxRowsShown)
    out += "    ... " + std::to_string(lines.size() - kMaxRowsShown) + " more\n";
  return out;
}

std::string TypeList(const std::vector<std::string>& types) {
  std::string out;
  for (size_t i = 0; i < types.size(); i++) out += (i ? ", " : "") + types[i];
  return out;
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

void TestRunner::Fail(const TestFile& file, const TestRecord& record, const std::string& problem,
                      const std::string& details) {
  std::string out = file.path + ":" + std::to_string(record.line) + ": " + problem + "\n";
  out += Indent(record.sql);
  out += details;
  out += "\n";
  std::fwrite(out.data(), 1, out.size(), stdout);
  std::fflush(stdout);
}

FileReport TestRunner::RunFile(const std::string& path) {
  TestFile file = ParseTestFile(path);
  if (file.lines.empty() || file.lines[0].rfind("# ", 0) != 0) {
    throw std::runtime_error(path +
                             ":1: the first line must be a \"# \" comment saying what the file checks");
  }
  StockroomEngine stockroom(options_.threads);
  std::unique_ptr<PostgresEngine> postgres;
  if (!options_.pg_conninfo.empty()) {
    std::string database =
        "sqllogictest_" + std::to_string(getpid()) + "_" + std::to_string(++database_counter_);
    postgres = std::make_unique<PostgresEngine>(options_.pg_conninfo, database);
  }
  FileReport report;
  std::vector<bool> changed(file.records.size(), false);
  for (size_t i = 0; i < file.records.size(); i++) {
    TestRecord& record = file.records[i];
    if (record.kind == RecordKind::kHalt) break;
    report.records++;
    bool on_stockroom = record.run_stockroom;
    bool on_postgres = postgres && record.run_postgres;
    if (!on_stockroom && !on_postgres) {
      report.skipped++;
      continue;
    }
    if (options_.verbose) std::printf("%s:%d\n", path.c_str(), record.line);
    bool record_changed = false;
    if (!RunRecord(file, record, stockroom, on_postgres ? postgres.get() : nullptr, &record_changed))
      report.failed++;
    changed[i] = record_changed;
  }

  if (options_.rewrite) {
    std::string out;
    size_t line = 0;
    for (size_t i = 0; i < file.records.size(); i++) {
      const TestRecord& record = file.records[i];
      if (!changed[i]) continue;
      std::string original;
      for (size_t k = record.first_line; k < record.end_line; k++) original += file.lines[k] + "\n";
      std::string updated = FormatRecord(record);
      if (updated == original) continue;
      for (; line < record.first_line; line++) out += file.lines[line] + "\n";
      out += updated;
      line = record.end_line;
      report.rewritten = true;
    }
    for (; line < file.lines.size(); line++) out += file.lines[line] + "\n";
    if (report.rewritten) {
      std::ofstream stream(path, std::ios::trunc);
      stream << out;
      if (!stream) throw std::runtime_error(path + ": cannot write the rewritten file");
    }
  }
  return report;
}

std::string TestRunner::SubstituteVariables(const std::string& sql) const {
  std::string out = sql;
  for (const auto& [name, value] : options_.variables) {
    std::string pattern = "${" + name + "}";
    for (size_t at = out.find(pattern); at != std::string::npos; at = out.find(pattern, at + value.size())) {
      out.replace(at, pattern.size(), value);
    }
  }
  return out;
}

bool TestRunner::RunRecord(const TestFile& file, TestRecord& record, Engine& stockroom, Engine* postgres,
                           bool* changed) {
  bool on_stockroom = record.run_stockroom;
  std::string sql = SubstituteVariables(record.sql);
  QueryOutcome pg;
  QueryOutcome sr;
  if (postgres) pg = postgres->Run(sql);
  if (on_stockroom) sr = stockroom.Run(sql);

  switch (record.kind) {
    case RecordKind::kHalt:
      return true;

    case RecordKind::kStatementOk:
      if (postgres && !pg.ok) {
        Fail(file, record, "PostgreSQL rejects this statement (fix the test)",
             "  PostgreSQL: " + DescribeError(pg) + "\n");
        return false;
      }
      if (on_stockroom && !sr.ok) {
        Fail(file, record, "statement failed", "  Stockroom: " + DescribeError(sr) + "\n");
        return false;
      }
      return true;

    case RecordKind::kStatementError: {
      std::string expected_state = record.sqlstate;
      if (postgres) {
        if (pg.ok) {
          Fail(file, record,
               "PostgreSQL accepts this statement, but the test expects an error (fix the test)");
          return false;
        }
        if (options_.rewrite && record.sqlstate != pg.sqlstate) {
          record.sqlstate = pg.sqlstate;
          *changed = true;
        } else if (!record.sqlstate.empty() && record.sqlstate != pg.sqlstate) {
          Fail(file, record,
               "the test expects SQLSTATE " + record.sqlstate + " but PostgreSQL reports " + pg.sqlstate,
               "  PostgreSQL: " + DescribeError(pg) + "\n");
          return false;
        }
        if (!record.message.empty() && !Contains(pg.message, record.message)) {
          Fail(file, record,
               "PostgreSQL's message does not contain \"" + record.message + "\" (fix the test)",
               "  PostgreSQL: " + DescribeError(pg) + "\n");
          return false;
        }
        expected_state = pg.sqlstate;
      }
      if (!on_stockroom) return true;
      if (sr.ok) {
        std::string details = postgres ? "  PostgreSQL: " + DescribeError(pg) + "\n" : "";
        Fail(file, record,
             "statement succeeded, expected an error" +
                 (expected_state.empty() ? "" : " with SQLSTATE " + expected_state),
             details);
        return false;
      }
      if (!expected_state.empty() && sr.sqlstate != expected_state) {
        std::string details = "  Stockroom:  " + DescribeError(sr) + "\n";
        if (postgres) details += "  PostgreSQL: " + DescribeError(pg) + "\n";
        Fail(file, record, "wrong SQLSTATE: expected " + expected_state + ", got " + sr.sqlstate, details);
        return false;
      }
      if (!record.message.empty() && !Contains(sr.message, record.message)) {
        Fail(file, record, "error message does not contain \"" + record.message + "\"",
             "  Stockroom: " + DescribeError(sr) + "\n");
        return false;
      }
      return true;
    }

    case RecordKind::kQuery: {
      Rows expected;
      std::string expected_label = "expected";
      if (postgres) {
        if (!pg.ok) {
          Fail(file, record, "PostgreSQL fails this query (fix the test)",
               "  PostgreSQL: " + DescribeError(pg) + "\n");
          return false;
        }
        if (!pg.has_rows) {
          Fail(file, record, "PostgreSQL returns no result set (use \"statement ok\")");
          return false;
        }
        bool chars_fit = record.type_chars.size() == pg.type_names.size();
        for (size_t c = 0; chars_fit && c < pg.type_names.size(); c++) {
          chars_fit = TypeCharAccepts(record.type_chars[c], pg.type_names[c]);
        }
        if (options_.rewrite) {
          if (!chars_fit) {
            record.type_chars.clear();
            for (const auto& type : pg.type_names) record.type_chars += TypeCharFor(type);
          }
          Rows rows = pg.rows;
          bool unordered = record.sort == SortMode::kRowSort || record.sort == SortMode::kValueSort ||
                           (record.sort == SortMode::kDefault && on_stockroom && sr.ok && !sr.ordered);
          if (unordered) SortRows(rows, record.type_chars);
          record.expected_rows = FormatRows(rows);
          record.has_expected = true;
          *changed = true;
        } else if (!chars_fit) {
          Fail(file, record,
               "type characters \"" + record.type_chars + "\" do not fit PostgreSQL's columns (" +
                   TypeList(pg.type_names) + "); fix the test");
          return false;
        }
        expected = pg.rows;
        expected_label = "PostgreSQL";
        if (!options_.rewrite) {
          // Expected mode compares with the file, so a stale file must fail here too.
          Rows file_rows = ParseExpectedRows(record.expected_rows);
          std::string stale = record.has_expected
                                  ? CompareRows(file_rows, pg.rows, record.type_chars,
                                                on_stockroom && sr.ok && sr.ordered, record.sort)
                                  : "no expected rows";
          if (!stale.empty()) {
            Fail(file, record,
                 "the file's expected rows differ from PostgreSQL's (" + stale +
                     "); regenerate them with --rewrite",
                 ShowRows("file", file_rows, record.type_chars, false) +
                     ShowRows("PostgreSQL", pg.rows, record.type_chars, false));
            return false;
          }
        }
      } else {
        if (!record.has_expected) {
          Fail(file, record, "no expected results (write them, or generate them with --pg ... --rewrite)");
          return false;
        }
        expected = ParseExpectedRows(record.expected_rows);
      }
      if (!on_stockroom) return true;
      if (!sr.ok) {
        Fail(file, record, "query failed", "  Stockroom: " + DescribeError(sr) + "\n");
        return false;
      }
      if (!sr.has_rows) {
        Fail(file, record, "query returned no result set");
        return false;
      }
      if (sr.type_names.size() != record.type_chars.size()) {
        Fail(file, record,
             "query returned " + std::to_string(sr.type_names.size()) + " columns (" +
                 TypeList(sr.type_names) + "), the test declares " +
                 std::to_string(record.type_chars.size()));
        return false;
      }
      if (postgres && options_.check_types && sr.type_names != pg.type_names) {
        Fail(
            file, record, "column types differ from PostgreSQL",
            "  Stockroom:  " + TypeList(sr.type_names) + "\n  PostgreSQL: " + TypeList(pg.type_names) + "\n");
        return false;
      }
      for (size_t c = 0; c < sr.type_names.size(); c++) {
        if (!TypeCharAccepts(record.type_chars[c], sr.type_names[c])) {
          Fail(file, record,
               "column " + std::to_string(c + 1) + " is " + sr.type_names[c] +
                   ", the test declares type character '" + record.type_chars[c] + "'");
          return false;
        }
      }
      std::string difference = CompareRows(expected, sr.rows, record.type_chars, sr.ordered, record.sort);
      if (!difference.empty()) {
        bool sorted =
            !(record.sort == SortMode::kNoSort || (record.sort == SortMode::kDefault && sr.ordered));
        Fail(file, record, "wrong result: " + difference,
             ShowRows(expected_label, expected, record.type_chars, sorted) +
                 ShowRows("Stockroom", sr.rows, record.type_chars, sorted));
        return false;
      }
      return true;
    }
  }
  return true;
}

}  // namespace stockroom
