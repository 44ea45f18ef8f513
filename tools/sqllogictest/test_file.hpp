#pragma once

#include <string>
#include <vector>

namespace stockroom {

// How a query's rows are compared (see test/sql/README.md).
enum class SortMode : unsigned char {
  kDefault,    // in order if Stockroom says the result is ordered (top-level ORDER BY), else as a bag
  kNoSort,     // always in order
  kRowSort,    // always as a bag of rows
  kValueSort,  // as a bag of single values, ignoring row boundaries
};

enum class RecordKind : unsigned char { kStatementOk, kStatementError, kQuery, kHalt };

// One record of a .test file. Line numbers are 1-based; `first_line`/`end_line` delimit
// the record's lines (conditions included) as 0-based [first, end) indexes for --rewrite.
struct TestRecord {
  RecordKind kind = RecordKind::kStatementOk;
  int line = 0;  // the "statement"/"query" line
  size_t first_line = 0;
  size_t end_line = 0;
  std::vector<std::string> condition_lines;  // "skipif postgres", ... as written
  bool run_stockroom = true;
  bool run_postgres = true;
  std::string sql;
  // statement error: expected SQLSTATE ("" = any) and message substring ("" = any).
  std::string sqlstate;
  std::string message;
  // query: one type character per column, sort mode, and the expected rows, each a
  // tab-separated line of encoded values (see EncodeValue).
  std::string type_chars;
  SortMode sort = SortMode::kDefault;
  bool has_expected = false;
  std::vector<std::string> expected_rows;
};

struct TestFile {
  std::string path;
  std::vector<std::string> lines;  // the file as read, for --rewrite
  std::vector<TestRecord> records;
};

// Reads and parses a .test file. Throws std::runtime_error "path:line: problem" on a
// malformed file.
TestFile ParseTestFile(const std::string& path);

// Returns the text of `record` in the file format (conditions, header, SQL, results).
std::string FormatRecord(const TestRecord& record);

// Encodes a result value for an expected-results line: NULL is "NULL", the empty string
// "(empty)", and backslash, tab, newline and carriage return are escaped as \\ \t \n \r.
std::string EncodeValue(const std::string* value);

// Returns the name of a sort mode as written after the type characters ("" for default).
const char* SortModeName(SortMode mode);

}  // namespace stockroom
