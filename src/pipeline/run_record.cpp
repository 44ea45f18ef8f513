#include "pipeline/run_record.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace stockroom::pipeline {

namespace {

constexpr const char* kTables[] = {
    "CREATE TABLE IF NOT EXISTS pipeline.runs (run_id bigint, started_at timestamptz, finished_at timestamptz, "
    "status text, failed_step text, landing text, project text, resumed_from bigint, message text)",
    "CREATE TABLE IF NOT EXISTS pipeline.steps (run_id bigint, step text, kind text, status text, "
    "started_at timestamptz, seconds double precision, rows_in bigint, rows_out bigint, rows_rejected bigint, "
    "rows_deduplicated bigint, message text, checksum text)",
    "CREATE TABLE IF NOT EXISTS pipeline.loaded_files (file text, raw_table text, run_id bigint, "
    "loaded_at timestamptz, bytes bigint, rows_loaded bigint, rows_rejected bigint)",
    "CREATE TABLE IF NOT EXISTS pipeline.load_errors (run_id bigint, file text, line_number bigint, "
    "column_name text, error_code text, reason text, raw_line text)",
    "CREATE TABLE IF NOT EXISTS pipeline.source_watermarks (system text, source_table text, raw_table text, "
    "watermark text, run_id bigint, extracted_at timestamptz, rows bigint, file text)",
    "CREATE TABLE IF NOT EXISTS pipeline.test_results (run_id bigint, test_name text, model text, "
    "column_name text, severity text, status text, failing_rows bigint, sql text)",
};

}  // namespace

std::string NowText() {
  auto now = std::chrono::system_clock::now();
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count();
  std::time_t seconds = micros / 1000000;
  std::tm utc;
  gmtime_r(&seconds, &utc);
  char text[64];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02d %02d:%02d:%02d.%06lld+00", utc.tm_year + 1900, utc.tm_mon + 1,
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, static_cast<long long>(micros % 1000000));
  return text;
}

std::string SqlInt(const std::optional<int64_t>& value) { return value ? std::to_string(*value) : "NULL"; }

RunRecord::RunRecord(std::unique_ptr<Warehouse> session) : session_(std::move(session)) {}

void RunRecord::CreateSchemas(const std::vector<std::string>& model_schemas) {
  std::lock_guard<std::mutex> lock(mutex_);
  session_->Execute("CREATE SCHEMA IF NOT EXISTS raw");
  session_->Execute("CREATE SCHEMA IF NOT EXISTS pipeline");
  for (auto& schema : model_schemas) session_->Execute("CREATE SCHEMA IF NOT EXISTS " + schema);
  for (auto* sql : kTables) session_->Execute(sql);
}

int64_t RunRecord::StartRun(const std::string& landing, const std::string& project,
                            std::optional<int64_t> resumed_from) {
  std::lock_guard<std::mutex> lock(mutex_);
  run_id_ = session_->Query("SELECT coalesce(max(run_id), 0) + 1 FROM pipeline.runs").Int(0, 0);
  session_->Execute("INSERT INTO pipeline.runs VALUES (" + std::to_string(run_id_) + ", " + SqlLiteral(NowText()) +
                    ", NULL, 'running', NULL, " + SqlLiteral(landing) + ", " + SqlLiteral(project) + ", " +
                    SqlInt(resumed_from) + ", NULL)");
  return run_id_;
}

void RunRecord::FinishRun(const std::string& status, const std::string& failed_step, const std::string& message) {
  std::lock_guard<std::mutex> lock(mutex_);
  session_->Execute("UPDATE pipeline.runs SET finished_at = " + SqlLiteral(NowText()) +
                    ", status = " + SqlLiteral(status) +
                    ", failed_step = " + (failed_step.empty() ? "NULL" : SqlLiteral(failed_step)) +
                    ", message = " + (message.empty() ? "NULL" : SqlLiteral(message)) +
                    " WHERE run_id = " + std::to_string(run_id_));
}

void RunRecord::AddStep(const StepRecord& step) {
  char seconds[32];
  std::snprintf(seconds, sizeof(seconds), "%.3f", step.seconds);
  std::lock_guard<std::mutex> lock(mutex_);
  session_->Execute("INSERT INTO pipeline.steps VALUES (" + std::to_string(run_id_) + ", " + SqlLiteral(step.step) +
                    ", " + SqlLiteral(step.kind) + ", " + SqlLiteral(step.status) + ", " +
                    SqlLiteral(step.started_at) + ", " + seconds + ", " + SqlInt(step.rows_in) + ", " +
                    SqlInt(step.rows_out) + ", " + SqlInt(step.rows_rejected) + ", " +
                    SqlInt(step.rows_deduplicated) + ", " + (step.message.empty() ? "NULL" : SqlLiteral(step.message)) +
                    ", " + (step.checksum.empty() ? "NULL" : SqlLiteral(step.checksum)) + ")");
}

void RunRecord::AddTest(const TestRecord& test) {
  std::lock_guard<std::mutex> lock(mutex_);
  session_->Execute("INSERT INTO pipeline.test_results VALUES (" + std::to_string(run_id_) + ", " +
                    SqlLiteral(test.test_name) + ", " + SqlLiteral(test.model) + ", " +
                    (test.column_name.empty() ? "NULL" : SqlLiteral(test.column_name)) + ", " +
                    SqlLiteral(test.severity) + ", " + SqlLiteral(test.status) + ", " +
                    std::to_string(test.failing_rows) + ", " + SqlLiteral(test.sql) + ")");
}

}  // namespace stockroom::pipeline

namespace stockroom::pipeline {

void PrintStep(FILE* out, const StepRecord& step) {
  if (!out) return;
  std::string rows;
  if (step.rows_out) rows = std::to_string(*step.rows_out) + (step.kind == "test" ? " failing" : " rows");
  if (step.rows_rejected && *step.rows_rejected > 0) rows += " (" + std::to_string(*step.rows_rejected) + " rejected)";
  std::fprintf(out, "%-60s %-9s %-22s %7.2f s%s%s\n", step.step.c_str(), step.status.c_str(), rows.c_str(),
               step.seconds, step.message.empty() ? "" : "  ", step.message.c_str());
  std::fflush(out);
}

}  // namespace stockroom::pipeline
