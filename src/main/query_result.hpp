#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/types/column_data_collection.hpp"
#include "planner/column_origins.hpp"

namespace stockroom {

class TimeZone;

// The outcome of one statement: rows (for queries and SHOW/EXPLAIN) and a command tag as
// PostgreSQL reports it ("SELECT 3", "INSERT 0 5", "CREATE TABLE").
class QueryResult {
 public:
  std::vector<std::string> names;
  std::vector<LogicalType> types;
  std::vector<ColumnOrigin> origins;  // per column for a query's rows (empty: none known)
  std::unique_ptr<ColumnDataCollection> rows;  // null for commands without rows
  std::string command_tag;
  bool ordered = false;  // rows follow a top-level ORDER BY
  std::shared_ptr<const TimeZone> time_zone;  // session zone for timestamptz text

  idx_t RowCount() const { return rows ? rows->Count() : 0; }
  Value GetValue(idx_t column, idx_t row) const { return rows->GetValue(column, row); }
  // Returns the value as PostgreSQL's text output, or nullopt-like empty + is_null.
  std::string GetText(idx_t column, idx_t row, bool* is_null = nullptr) const;
};

}  // namespace stockroom
