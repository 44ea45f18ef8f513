#pragma once

// What the PostgreSQL-target tests share: a private database on the PostgreSQL 15 test
// server (support/postgres_test_database.hpp; ctest starts the server: test/CMakeLists.txt,
// pgdiff/pipeline/*), and a relation's rows read through any Warehouse, so the embedded and
// the PostgreSQL builds compare as text.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "pipeline/postgres_warehouse.hpp"
#include "pipeline/warehouse.hpp"
#include "support/postgres_test_database.hpp"

namespace stockroom {

// The rows of `relation` read through `warehouse`, without the lineage columns (names
// starting with "_"), one line a row ("|" after each value, NULL as NULL), sorted. Floating
// point values print with 12 significant digits: sums of doubles may differ in their last
// bits between engines (and between plans), which is not a difference in the data. The
// session's TimeZone is UTC, so instants print the same on both.
inline std::string WarehouseRows(pipeline::Warehouse& warehouse, const std::string& relation) {
  warehouse.Execute("SET TimeZone = 'UTC'");
  pipeline::RelationInfo info = warehouse.Describe(relation);
  if (info.kind.empty()) return "(" + relation + " does not exist)\n";
  std::string columns;
  std::vector<bool> is_float;
  for (auto& [name, type] : info.columns) {
    if (name.empty() || name[0] == '_') continue;
    columns += (columns.empty() ? "\"" : ", \"") + name + "\"";
    is_float.push_back(type == "double precision" || type == "real");
  }
  pipeline::TextRows rows = warehouse.Query("SELECT " + columns + " FROM " + relation);
  std::vector<std::string> lines;
  for (auto& row : rows.rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); c++) {
      if (!row[c]) {
        line += "NULL|";
      } else if (is_float[c]) {
        char text[64];
        std::snprintf(text, sizeof(text), "%.12g", std::strtod(row[c]->c_str(), nullptr));
        line += std::string(text) + "|";
      } else {
        line += *row[c] + "|";
      }
    }
    lines.push_back(std::move(line));
  }
  std::sort(lines.begin(), lines.end());
  std::string out = columns + "\n";
  for (auto& line : lines) out += line + "\n";
  return out;
}

// The first line where two texts differ, for a readable failure.
inline std::string FirstDifference(const std::string& expected, const std::string& actual) {
  auto split = [](const std::string& text) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < text.size()) {
      size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      lines.push_back(text.substr(start, end - start));
      start = end + 1;
    }
    return lines;
  };
  auto e = split(expected), a = split(actual);
  for (size_t i = 0; i < std::max(e.size(), a.size()); i++) {
    std::string el = i < e.size() ? e[i] : "(none)", al = i < a.size() ? a[i] : "(none)";
    if (el != al) return "line " + std::to_string(i + 1) + "\n  embedded:   " + el + "\n  postgresql: " + al;
  }
  return "no difference";
}

}  // namespace stockroom
