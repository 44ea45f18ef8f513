#pragma once

// What the pipeline runner's tests share: a copy of the tiny hand project and its landing
// zone (test/data/pipeline/tiny) in a temporary directory, which each test may change, and
// ways to write landing files and read relations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/embedded_warehouse.hpp"
#include "pipeline/pipeline.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {

// The relation's rows without the lineage columns (names starting with "_"), one line a
// row ("|" after each value, NULL as NULL), sorted: what two builds must agree on, read
// through any warehouse so that the embedded and PostgreSQL builds compare as text. Floats
// are cut to 12 significant digits (sums of doubles may differ in their last bits between
// engines), in UTC.
inline std::string RelationRows(pipeline::Warehouse& warehouse, const std::string& relation) {
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
  std::string out;
  for (auto& line : lines) out += line + "\n";
  return out;
}

// The same on the embedded database of `con`.
inline std::string RelationRows(Connection& con, const std::string& relation) {
  pipeline::EmbeddedWarehouse warehouse(con.db());
  return RelationRows(warehouse, relation);
}

class PipelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::copy(std::string(SR_TEST_DATA) + "/pipeline/tiny", dir_.path(),
                          std::filesystem::copy_options::recursive);
  }

  std::string landing() const { return dir_ / "landing"; }
  std::string project() const { return dir_ / "project"; }

  pipeline::RunResult Run(Database& db, bool resume = false) {
    pipeline::RunOptions options;
    options.landing = landing();
    options.project = project();
    options.resume = resume;
    return pipeline::RunPipeline(db, options);
  }

  // Writes `text` to `relative` under the project or the landing zone, creating folders.
  void Write(const std::string& relative, const std::string& text) {
    std::filesystem::path path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }

  static std::string Scalar(Connection& con, const std::string& sql) { return QueryText(con, sql); }

  TempDirectory dir_;
};

// A day's increment of orders: order 11 delivered (a later update) and a new order 14.
inline constexpr const char* kOrdersIncrement =
    R"({"order_id": 11, "customer_id": 2, "amount": 20.00, "status": "shipped", "meta": {"source": "app"}, "updated_at": "2025-01-03T08:00:00-05:00"})"
    "\n"
    R"({"order_id": 14, "customer_id": 1, "amount": 7.75, "status": "placed", "meta": {"source": "web"}, "updated_at": "2025-01-03T09:00:00-05:00"})"
    "\n";

}  // namespace stockroom
