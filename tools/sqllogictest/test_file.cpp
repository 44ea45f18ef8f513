#include "test_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

namespace stockroom {

namespace {

constexpr std::string_view kTypeChars = "IRNBDT";

bool IsBlank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

std::vector<std::string> Words(const std::string& line) {
  std::vector<std::string> words;
  std::istringstream in(line);
  std::string word;
  while (in >> word) words.push_back(word);
  return words;
}

bool IsSqlState(const std::string& s) {
  if (s.size() != 5) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z'))) return false;
  }
  return true;
}

[[noreturn]] void Fail(const std::string& path, size_t index, const std::string& problem) {
  throw std::runtime_error(path + ":" + std::to_string(index + 1) + ": " + problem);
}

}  // namespace

const char* SortModeName(SortMode mode) {
  switch (mode) {
    case SortMode::kNoSort:
      return "nosort";
    case SortMode::kRowSort:
      return "rowsort";
    case SortMode::kValueSort:
      return "valuesort";
    case SortMode::kDefault:
      break;
  }
  return "";
}

std::string EncodeValue(const std::string* value) {
  if (!value) return "NULL";
  if (value->empty()) return "(empty)";
  std::string out;
  out.reserve(value->size());
  for (char c : *value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

TestFile ParseTestFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open file");
  TestFile file;
  file.path = path;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    file.lines.push_back(line);
  }
  const auto& lines = file.lines;
  size_t i = 0;
  TestRecord record;
  bool have_conditions = false;
  while (i < lines.size()) {
    const std::string& text = lines[i];
    if (IsBlank(text) || text[0] == '#') {
      if (have_conditions && IsBlank(text)) Fail(path, i, "blank line between a condition and its record");
      i++;
      continue;
    }
    std::vector<std::string> words = Words(text);
    const std::string& directive = words[0];
    if (!have_conditions) {
      record = TestRecord();
      record.first_line = i;
    }
    if (directive == "skipif" || directive == "onlyif") {
      if (words.size() != 2 || (words[1] != "postgres" && words[1] != "stockroom")) {
        Fail(path, i, "expected \"" + directive + " postgres\" or \"" + directive + " stockroom\"");
      }
      bool postgres = words[1] == "postgres";
      if (directive == "skipif") {
        (postgres ? record.run_postgres : record.run_stockroom) = false;
      } else {
        (postgres ? record.run_stockroom : record.run_postgres) = false;
      }
      record.condition_lines.push_back(text);
      have_conditions = true;
      i++;
      continue;
    }
    have_conditions = false;
    record.line = static_cast<int>(i + 1);
    if (directive == "halt") {
      record.kind = RecordKind::kHalt;
      record.end_line = i + 1;
      file.records.push_back(record);
      break;
    }
    if (directive == "statement") {
      if (words.size() >= 2 && words[1] == "ok" && words.size() == 2) {
        record.kind = RecordKind::kStatementOk;
      } else if (words.size() >= 2 && words[1] == "error" && words.size() <= 3) {
        record.kind = RecordKind::kStatementError;
        if (words.size() == 3) {
          if (!IsSqlState(words[2]))
            Fail(path, i, "\"" + words[2] + "\" is not a SQLSTATE (5 characters, 0-9 A-Z)");
          record.sqlstate = words[2];
        }
      } else {
        Fail(path, i, "expected \"statement ok\" or \"statement error [SQLSTATE]\"");
      }
    } else if (directive == "query") {
      record.kind = RecordKind::kQuery;
      if (words.size() < 2 || words.size() > 3)
        Fail(path, i, "expected \"query <typechars> [nosort|rowsort|valuesort]\"");
      record.type_chars = words[1];
      for (char c : record.type_chars) {
        if (kTypeChars.find(c) == std::string_view::npos) {
          Fail(path, i, std::string("unknown type character '") + c + "' (use I R N B D T)");
        }
      }
      if (words.size() == 3) {
        if (words[2] == "nosort") {
          record.sort = SortMode::kNoSort;
        } else if (words[2] == "rowsort") {
          record.sort = SortMode::kRowSort;
        } else if (words[2] == "valuesort") {
          record.sort = SortMode::kValueSort;
        } else {
          Fail(path, i, "unknown sort mode \"" + words[2] + "\" (nosort, rowsort, valuesort)");
        }
      }
    } else {
      Fail(path, i, "unknown directive \"" + directive + "\"");
    }
    i++;
    std::string sql;
    while (i < lines.size() && !IsBlank(lines[i]) && lines[i] != "----") {
      if (!sql.empty()) sql += '\n';
      sql += lines[i++];
    }
    if (sql.empty()) Fail(path, i, "record without SQL");
    record.sql = sql;
    if (i < lines.size() && lines[i] == "----") {
      if (record.kind == RecordKind::kStatementOk) Fail(path, i, "\"statement ok\" takes no \"----\" block");
      i++;
      std::vector<std::string> block;
      while (i < lines.size() && !IsBlank(lines[i])) block.push_back(lines[i++]);
      if (record.kind == RecordKind::kStatementError) {
        if (block.size() != 1)
          Fail(path, i, "\"statement error\" takes one line after \"----\": a message substring");
        record.message = block[0];
      } else {
        record.has_expected = true;
        record.expected_rows = std::move(block);
      }
    }
    record.end_line = i;
    file.records.push_back(record);
  }
  if (have_conditions) Fail(path, lines.size() - 1, "condition without a record");
  return file;
}

std::string FormatRecord(const TestRecord& record) {
  std::string out;
  for (const auto& condition : record.condition_lines) out += condition + "\n";
  switch (record.kind) {
    case RecordKind::kHalt:
      return out + "halt\n";
    case RecordKind::kStatementOk:
      out += "statement ok\n" + record.sql + "\n";
      return out;
    case RecordKind::kStatementError:
      out += "statement error";
      if (!record.sqlstate.empty()) out += " " + record.sqlstate;
      out += "\n" + record.sql + "\n";
      if (!record.message.empty()) out += "----\n" + record.message + "\n";
      return out;
    case RecordKind::kQuery:
      out += "query " + record.type_chars;
      if (record.sort != SortMode::kDefault) out += std::string(" ") + SortModeName(record.sort);
      out += "\n" + record.sql + "\n----\n";
      for (const auto& row : record.expected_rows) out += row + "\n";
      return out;
  }
  return out;
}

}  // namespace stockroom
