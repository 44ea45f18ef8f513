#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace stockroom {

class QueryResult;

// Rows of text cells ready to print: query results and the shell's own listings (\d) both
// become one. Cells are row-major; NULL is an empty cell, as psql shows it.
struct TextTable {
  std::vector<std::string> headers;
  std::vector<bool> right_align;  // per column: numbers are right-aligned in psql
  std::vector<std::string> cells;

  size_t ColumnCount() const { return headers.size(); }
  size_t RowCount() const {
    return headers.empty() ? row_count_without_columns : cells.size() / headers.size();
  }
  size_t row_count_without_columns = 0;  // SELECT with no target list still has rows
};

struct PrintOptions {
  bool tuples_only = false;  // no header, no footer (psql -t)
  bool footer = true;        // "(N rows)"
  std::string title;         // centered above the table (\d listings)
};

// Converts a result's rows to text the way PostgreSQL outputs values.
TextTable TableFromResult(const QueryResult& result);

// Appends `table` in psql's aligned format (border 1): centered headers, a "-+-" rule,
// numbers right-aligned, '+' marks on multi-line values, then "(N rows)" and a blank line.
void PrintAligned(const TextTable& table, const PrintOptions& options, std::string& out);

// Appends `table` as psql --csv does: a header row, then rows; a field is quoted when it
// contains a comma, a quote, CR or LF, or is exactly "\.".
void PrintCsv(const TextTable& table, const PrintOptions& options, std::string& out);

}  // namespace stockroom
