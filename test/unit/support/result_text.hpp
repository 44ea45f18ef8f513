#pragma once

#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
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

// The rows `sql` returns on `con`, as ResultText writes them.
inline std::string QueryText(Connection& con, const std::string& sql) { return ResultText(*con.Query(sql)); }

// "SQLSTATE message" of the error `sql` raises on `con`, or "no error".
inline std::string ErrorState(Connection& con, const std::string& sql) {
  try {
    con.Query(sql);
  } catch (const SqlError& e) {
    return std::string(e.sqlstate()) + " " + e.what();
  }
  return "no error";
}

// The "row groups: R read, S skipped by zone maps" note of the table scan in EXPLAIN
// ANALYZE of `query`, or the whole plan if there is none.
inline std::string ScanRowGroups(Connection& con, const std::string& query) {
  std::string plan = QueryText(con, "EXPLAIN ANALYZE " + query);
  size_t at = plan.find("[row groups: ");
  return at == std::string::npos ? plan : plan.substr(at + 1, plan.find(']', at) - at - 1);
}

// The first line of EXPLAIN ANALYZE of `query` that contains `op` (an operator's name, with
// the start of its parameters where two must be told apart), or the whole plan if none does.
inline std::string ExplainAnalyzeLine(Connection& con, const std::string& query, const std::string& op) {
  std::string plan = ResultText(*con.Query("EXPLAIN ANALYZE " + query));
  size_t at = plan.find(op);
  if (at == std::string::npos) return plan;
  size_t start = plan.rfind('\n', at);
  start = start == std::string::npos ? 0 : start + 1;
  size_t end = plan.find('\n', at);
  return plan.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace stockroom
