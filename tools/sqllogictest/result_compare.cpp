#include "result_compare.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>

namespace stockroom {

namespace {

constexpr double kRelativeTolerance = 1e-9;

// Parses a whole value as a number (PostgreSQL's NaN and Infinity spellings included).
bool ParseNumber(const std::string& text, double* value) {
  if (text.empty() || text == "NULL") return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

char TypeCharAt(const std::string& type_chars, size_t column) {
  return column < type_chars.size() ? type_chars[column] : 'T';
}

// Orders values so that R columns sort numerically: values equal within the tolerance end
// up next to each other on both sides.
int CompareValues(char type_char, const std::string& a, const std::string& b) {
  double x, y;
  if (type_char == 'R' && ParseNumber(a, &x) && ParseNumber(b, &y) && !std::isnan(x) && !std::isnan(y)) {
    if (x < y) return -1;
    if (x > y) return 1;
    return 0;
  }
  return a.compare(b) < 0 ? -1 : a.compare(b) > 0 ? 1 : 0;
}

std::string Quote(const std::string& value) { return "\"" + value + "\""; }

std::string Count(size_t n, const char* noun) { return std::to_string(n) + " " + noun + (n == 1 ? "" : "s"); }

}  // namespace

Rows ParseExpectedRows(const std::vector<std::string>& lines) {
  Rows rows;
  for (const auto& line : lines) {
    std::vector<std::string> row;
    size_t start = 0;
    for (;;) {
      size_t tab = line.find('\t', start);
      row.push_back(line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<std::string> FormatRows(const Rows& rows) {
  std::vector<std::string> lines;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); c++) {
      if (c > 0) line += '\t';
      line += row[c];
    }
    lines.push_back(std::move(line));
  }
  return lines;
}

void SortRows(Rows& rows, const std::string& type_chars) {
  std::stable_sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
    size_t n = std::min(a.size(), b.size());
    for (size_t c = 0; c < n; c++) {
      int cmp = CompareValues(TypeCharAt(type_chars, c), a[c], b[c]);
      if (cmp != 0) return cmp < 0;
    }
    return a.size() < b.size();
  });
}

bool ValuesMatch(char type_char, const std::string& expected, const std::string& actual) {
  if (expected == actual) return true;
  if (type_char != 'R') return false;
  double x, y;
  if (!ParseNumber(expected, &x) || !ParseNumber(actual, &y)) return false;
  if (std::isnan(x) || std::isnan(y)) return std::isnan(x) && std::isnan(y);
  if (std::isinf(x) || std::isinf(y)) return x == y;
  return std::fabs(x - y) <= kRelativeTolerance * std::max(std::fabs(x), std::fabs(y));
}

std::string CompareRows(Rows expected, Rows actual, const std::string& type_chars, bool ordered,
                        SortMode sort) {
  if (sort == SortMode::kValueSort) {
    auto flatten = [](const Rows& rows) {
      Rows values;
      for (const auto& row : rows) {
        for (const auto& v : row) values.push_back({v});
      }
      return values;
    };
    Rows e = flatten(expected);
    Rows a = flatten(actual);
    std::sort(e.begin(), e.end());
    std::sort(a.begin(), a.end());
    if (e.size() != a.size()) {
      return "expected " + Count(e.size(), "value") + ", got " + std::to_string(a.size());
    }
    for (size_t i = 0; i < e.size(); i++) {
      if (e[i][0] != a[i][0])
        return "sorted value " + std::to_string(i + 1) + ": expected " + Quote(e[i][0]) + ", got " +
               Quote(a[i][0]);
    }
    return "";
  }
  bool in_order = sort == SortMode::kNoSort || (sort == SortMode::kDefault && ordered);
  if (!in_order) {
    SortRows(expected, type_chars);
    SortRows(actual, type_chars);
  }
  std::string where =
      in_order || std::max(expected.size(), actual.size()) <= 1 ? "row " : "row (after sorting) ";
  size_t n = std::min(expected.size(), actual.size());
  for (size_t r = 0; r < n; r++) {
    if (expected[r].size() != actual[r].size()) {
      return where + std::to_string(r + 1) + ": expected " + Count(expected[r].size(), "column") + ", got " +
             std::to_string(actual[r].size());
    }
    for (size_t c = 0; c < expected[r].size(); c++) {
      if (!ValuesMatch(TypeCharAt(type_chars, c), expected[r][c], actual[r][c])) {
        std::string problem = where + std::to_string(r + 1) + ", column " + std::to_string(c + 1) +
                              ": expected " + Quote(expected[r][c]) + ", got " + Quote(actual[r][c]);
        if (expected.size() != actual.size()) {
          problem = "expected " + Count(expected.size(), "row") + ", got " + std::to_string(actual.size()) +
                    "; first difference: " + problem;
        }
        return problem;
      }
    }
  }
  if (expected.size() != actual.size()) {
    return "expected " + Count(expected.size(), "row") + ", got " + std::to_string(actual.size());
  }
  return "";
}

char TypeCharFor(const std::string& type_name) {
  if (type_name == "smallint" || type_name == "integer" || type_name == "bigint" || type_name == "oid")
    return 'I';
  if (type_name == "real" || type_name == "double precision") return 'R';
  if (type_name == "numeric") return 'N';
  if (type_name == "boolean") return 'B';
  if (type_name == "date" || type_name == "timestamp without time zone" ||
      type_name == "timestamp with time zone" || type_name == "time without time zone" ||
      type_name == "time with time zone" || type_name == "interval") {
    return 'D';
  }
  return 'T';
}

bool TypeCharAccepts(char c, const std::string& type_name) {
  char natural = TypeCharFor(type_name);
  if (c == 'T' || c == natural) return true;
  // R may compare any numeric column with tolerance.
  return c == 'R' && (natural == 'I' || natural == 'N');
}

}  // namespace stockroom
