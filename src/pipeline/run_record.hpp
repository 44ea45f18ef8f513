#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "pipeline/warehouse.hpp"

namespace stockroom::pipeline {

// One row of pipeline.steps.
struct StepRecord {
  std::string step;  // "load raw.shop_orders", "build facts.fact_sales", "test ...", "refresh ..."
  std::string kind;  // load | build | test | refresh
  std::string status = "succeeded";  // succeeded | failed | skipped
  std::string started_at;            // timestamptz text
  double seconds = 0;
  std::optional<int64_t> rows_in, rows_out, rows_rejected, rows_deduplicated;
  std::string message;
  std::string checksum;  // build/refresh: the model's definition (SQL, header, tests)
};

struct TestRecord {
  std::string test_name, model, column_name, severity;
  std::string status;  // pass | fail | error
  int64_t failing_rows = 0;
  std::string sql;
};

// The run record in schema pipeline (docs/ecommerce-warehouse.md, "The run record"): one
// session of its own, guarded by a mutex, so that parallel builds record through it.
class RunRecord {
 public:
  explicit RunRecord(std::unique_ptr<Warehouse> session);

  // Creates the schemas the project builds into and pipeline's tables, when missing.
  void CreateSchemas(const std::vector<std::string>& model_schemas);
  // Starts a run; returns its id.
  int64_t StartRun(const std::string& landing, const std::string& project, std::optional<int64_t> resumed_from);
  void FinishRun(const std::string& status, const std::string& failed_step, const std::string& message);
  void AddStep(const StepRecord& step);
  void AddTest(const TestRecord& test);

  int64_t run_id() const { return run_id_; }
  Warehouse& session() { return *session_; }

 private:
  std::mutex mutex_;
  std::unique_ptr<Warehouse> session_;
  int64_t run_id_ = 0;
};

// The current time as timestamptz text (UTC).
std::string NowText();
// Optional integer as SQL.
std::string SqlInt(const std::optional<int64_t>& value);

}  // namespace stockroom::pipeline

namespace stockroom::pipeline {

// Prints the progress line of a finished step ("build facts.fact_sales  ok  1200 rows  0.31 s");
// nothing when `out` is null.
void PrintStep(FILE* out, const StepRecord& step);

}  // namespace stockroom::pipeline
