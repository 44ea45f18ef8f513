#pragma once

#include <string>

#include "main/query_result.hpp"

namespace stockroom {

// Returns the rows of `result` as the tests' expectations write them: one line per row,
// columns in PostgreSQL's text output joined by `separator`, NULL as "NULL".
inline std::string ResultText(const QueryResult& result, const char* separator = "|") {
  std::string out;
  for (idx_t r = 0; r < result.RowCount(); r++) {
    if (r) out += "\n";
    for (idx_t c = 0; c < result.names.size(); c++) {
      if (c) out += separator;
      bool is_null = false;
      std::string text = result.GetText(c, r, &is_null);
      out += is_null ? "NULL" : text;
    }
  }
  return out;
}

}  // namespace stockroom
