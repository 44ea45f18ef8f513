#pragma once

// What the pipeline runner's tests share: a copy of the tiny hand project and its landing
// zone (test/data/pipeline/tiny) in a temporary directory, which each test may change, and
// ways to write landing files and read relations.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/pipeline.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {

// The relation's rows without the lineage columns (names starting with "_"), sorted: what
// two builds must agree on.
inline std::string RelationRows(Connection& con, const std::string& relation) {
  auto result = con.Query("SELECT * FROM " + relation);
  std::vector<std::string> rows;
  for (idx_t r = 0; r < result->RowCount(); r++) {
    std::string row;
    for (idx_t c = 0; c < result->names.size(); c++) {
      if (result->names[c][0] == '_') continue;
      bool is_null = false;
      std::string text = result->GetText(c, r, &is_null);
      row += (is_null ? "NULL" : text) + "|";
    }
    rows.push_back(row);
  }
  std::sort(rows.begin(), rows.end());
  std::string out;
  for (auto& row : rows) out += row + "\n";
  return out;
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
