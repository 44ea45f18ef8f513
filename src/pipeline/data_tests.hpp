#pragma once

#include <string>
#include <vector>

namespace stockroom::pipeline {

// One data test from a tests.yml, compiled to a query that returns its failing rows.
struct DataTest {
  std::string name;      // e.g. "unique(fact_sales.order_item_id)" or a check's name
  std::string model;     // schema.name of the model it runs after
  std::string column;    // empty for model-level tests and checks
  std::string severity;  // error | warn
  std::string sql;       // returns the failing rows
  std::string file;      // the tests.yml it came from
  std::vector<std::string> references;  // relations its SQL reads besides the model (set by ReadProject)
};

// Reads a folder's tests.yml (`schema` is the folder: model names are relative to it).
// Throws std::runtime_error naming the file and the entry at fault.
std::vector<DataTest> ReadTests(const std::string& path, const std::string& schema);

}  // namespace stockroom::pipeline
