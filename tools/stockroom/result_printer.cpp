#include "result_printer.hpp"

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "display_width.hpp"
#include "main/query_result.hpp"

namespace stockroom {

namespace {

struct CellLine {
  std::string text;
  int width = 0;
};

// Splits a value into display lines as psql does: a newline starts a new line, a tab
// expands to the next multiple of 8 columns, CR shows as "\r" and other control
// characters as "\xNN".
std::vector<CellLine> FormatCell(std::string_view value) {
  std::vector<CellLine> lines(1);
  size_t i = 0;
  while (i < value.size()) {
    uint32_t cp;
    size_t len = DecodeUtf8(value, i, &cp);
    CellLine& line = lines.back();
    if (cp == '\n') {
      lines.emplace_back();
    } else if (cp == '\r') {
      line.text += "\\r";
      line.width += 2;
    } else if (cp == '\t') {
      do {
        line.text += ' ';
        line.width++;
      } while (line.width % 8 != 0);
    } else if (int w = CodepointWidth(cp); w < 0) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02X", static_cast<unsigned>(cp & 0xFF));
      line.text += buf;
      line.width += 4;
    } else {
      line.text.append(value.substr(i, len));
      line.width += w;
    }
    i += len;
  }
  return lines;
}

void AppendSpaces(std::string& out, int n) {
  if (n > 0) out.append(static_cast<size_t>(n), ' ');
}

void AppendCsvField(std::string& out, std::string_view field) {
  bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos || field == "\\.";
  if (!quote) {
    out.append(field);
    return;
  }
  out += '"';
  for (char c : field) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

}  // namespace

TextTable TableFromResult(const QueryResult& result) {
  TextTable table;
  table.headers = result.names;
  for (const auto& type : result.types) table.right_align.push_back(type.IsNumericFamily());
  table.right_align.resize(table.headers.size(), false);
  idx_t rows = result.RowCount();
  size_t columns = table.headers.size();
  table.row_count_without_columns = columns == 0 ? rows : 0;
  table.cells.reserve(rows * columns);
  for (idx_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < columns; c++) {
      bool is_null = false;
      std::string text = result.GetText(c, r, &is_null);
      table.cells.push_back(is_null ? std::string() : std::move(text));
    }
  }
  return table;
}

void PrintAligned(const TextTable& table, const PrintOptions& options, std::string& out) {
  size_t columns = table.ColumnCount();
  size_t rows = table.RowCount();
  std::vector<std::vector<CellLine>> headers(columns);
  std::vector<int> widths(columns, 0);
  for (size_t c = 0; c < columns; c++) {
    headers[c] = FormatCell(table.headers[c]);
    for (const auto& line : headers[c]) widths[c] = std::max(widths[c], line.width);
  }
  std::vector<std::vector<CellLine>> cells(columns == 0 ? 0 : table.cells.size());
  for (size_t i = 0; i < cells.size(); i++) {
    cells[i] = FormatCell(table.cells[i]);
    for (const auto& line : cells[i]) widths[i % columns] = std::max(widths[i % columns], line.width);
  }

  if (!options.tuples_only && !options.title.empty()) {
    int total = columns == 0 ? 0 : static_cast<int>(columns) * 3 - 1;
    for (int w : widths) total += w;
    int title_width = DisplayWidth(options.title);
    if (title_width < total) AppendSpaces(out, (total - title_width) / 2);
    out += options.title;
    out += '\n';
  }

  if (!options.tuples_only) {
    size_t header_lines = 0;
    for (const auto& h : headers) header_lines = std::max(header_lines, h.size());
    for (size_t k = 0; k < header_lines; k++) {
      for (size_t c = 0; c < columns; c++) {
        out += ' ';
        if (k < headers[c].size()) {
          int pad = widths[c] - headers[c][k].width;
          AppendSpaces(out, pad / 2);
          out += headers[c][k].text;
          AppendSpaces(out, (pad + 1) / 2);
          out += k + 1 < headers[c].size() ? '+' : ' ';
        } else {
          AppendSpaces(out, widths[c] + 1);
        }
        if (c + 1 < columns) out += '|';
      }
      out += '\n';
    }
    out += '-';
    for (size_t c = 0; c < columns; c++) {
      out.append(static_cast<size_t>(widths[c]), '-');
      if (c + 1 < columns) out += "-+-";
    }
    out += "-\n";
  }

  for (size_t r = 0; columns > 0 && r < rows; r++) {
    const std::vector<CellLine>* row = &cells[r * columns];
    size_t row_lines = 1;
    for (size_t c = 0; c < columns; c++) row_lines = std::max(row_lines, row[c].size());
    for (size_t k = 0; k < row_lines; k++) {
      for (size_t c = 0; c < columns; c++) {
        bool last = c + 1 == columns;
        out += ' ';
        bool more = k + 1 < row[c].size();
        if (k < row[c].size()) {
          const CellLine& line = row[c][k];
          if (table.right_align[c]) {
            AppendSpaces(out, widths[c] - line.width);
            out += line.text;
          } else {
            out += line.text;
            if (!last || more) AppendSpaces(out, widths[c] - line.width);
          }
        } else if (!last) {
          AppendSpaces(out, widths[c]);
        }
        if (more) {
          out += '+';
        } else if (!last) {
          out += ' ';
        }
        if (!last) out += '|';
      }
      out += '\n';
    }
  }

  if (!options.tuples_only && options.footer) {
    char buf[64];
    std::snprintf(buf, sizeof(buf), rows == 1 ? "(%zu row)\n" : "(%zu rows)\n", rows);
    out += buf;
  }
  out += '\n';
}

void PrintCsv(const TextTable& table, const PrintOptions& options, std::string& out) {
  size_t columns = table.ColumnCount();
  if (!options.tuples_only) {
    for (size_t c = 0; c < columns; c++) {
      if (c > 0) out += ',';
      AppendCsvField(out, table.headers[c]);
    }
    out += '\n';
  }
  size_t rows = table.RowCount();
  for (size_t r = 0; r < rows; r++) {
    for (size_t c = 0; c < columns; c++) {
      if (c > 0) out += ',';
      AppendCsvField(out, table.cells[r * columns + c]);
    }
    out += '\n';
  }
}

}  // namespace stockroom
