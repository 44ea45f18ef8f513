#include "pipeline/pipeline.hpp"

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>

#include "pipeline/embedded_warehouse.hpp"
#include "pipeline/materialization.hpp"
#include "pipeline/postgres_warehouse.hpp"
#include "pipeline/model_graph.hpp"
#include "pipeline/project.hpp"
#include "pipeline/raw_loader.hpp"
#include "pipeline/run_record.hpp"

namespace stockroom::pipeline {

namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// FNV-1a of what defines a model's build and tests: a change means the model is built again
// on --resume, and a materialized view is created again rather than refreshed.
std::string Checksum(const Model& model, const Project& project) {
  uint64_t hash = 1469598103934665603ull;
  auto add = [&](const std::string& text) {
    for (unsigned char c : text + '\x1f') {
      hash ^= c;
      hash *= 1099511628211ull;
    }
  };
  add(model.sql);
  for (auto& test : project.tests) {
    if (test.model == model.relation) add(test.severity + test.sql);
  }
  char text[17];
  std::snprintf(text, sizeof(text), "%016llx", static_cast<unsigned long long>(hash));
  return text;
}

// What a finished node means to the nodes downstream.
struct NodeState {
  bool ok = false;       // built (or kept on --resume) and its error tests passed
  bool changed = false;  // its rows or definition changed in this run
  std::string blocked;   // why downstream nodes are skipped
  std::string failed_step;
  std::string message;
};

// Sessions for the build threads: one each, opened on first use.
class SessionPool {
 public:
  SessionPool(Warehouse& origin, std::string setup) : origin_(origin), setup_(std::move(setup)) {}
  std::unique_ptr<Warehouse> Take() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (!free_.empty()) {
      auto session = std::move(free_.back());
      free_.pop_back();
      return session;
    }
    lock.unlock();
    auto session = origin_.NewSession();
    if (!setup_.empty()) session->Execute(setup_);
    return session;
  }
  void Give(std::unique_ptr<Warehouse> session) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(session));
  }

 private:
  Warehouse& origin_;
  std::string setup_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Warehouse>> free_;
};

class Runner {
 public:
  Runner(Warehouse& warehouse, const RunOptions& options) : warehouse_(warehouse), options_(options) {}

  RunResult Run() {
    RunResult result;
    ModelGraph graph;
    try {
      project_ = ReadProject(options_.project);
      graph = BuildModelGraph(project_);
    } catch (const std::exception& e) {
      result.failed_step = "project";
      result.message = e.what();
      return result;
    }
    if (!std::filesystem::is_directory(options_.landing)) {
      result.failed_step = "landing";
      result.message = options_.landing + ": no such landing folder";
      return result;
    }
    std::string setup = project_.time_zone.empty() ? "" : "SET TimeZone = " + SqlLiteral(project_.time_zone);
    if (!setup.empty()) warehouse_.Execute(setup);
    RunRecord record(warehouse_.NewSession());
    record_ = &record;
    std::set<std::string> schemas;
    for (auto& model : project_.models) schemas.insert(model.schema);
    record.CreateSchemas({schemas.begin(), schemas.end()});
    std::optional<int64_t> resumed_from = options_.resume ? LastFailedRun() : std::nullopt;
    if (options_.resume && !resumed_from && options_.progress) {
      std::fprintf(options_.progress, "resume: the last run did not fail; running everything\n");
    }
    if (resumed_from) ReadResumable(*resumed_from);
    ReadLastChecksums();
    result.run_id = record.StartRun(options_.landing, options_.project, resumed_from);
    try {
      load_ = LoadLandingZone(warehouse_, record, project_, options_.landing, ExtractDirectory(), options_.progress);
      SessionPool pool(warehouse_, setup);
      states_.assign(graph.nodes.size(), NodeState());
      RunGraph(graph, options_.threads, [&](size_t node) {
        auto session = pool.Take();
        RunNode(graph, node, *session);
        pool.Give(std::move(session));
      });
    } catch (const std::exception& e) {
      // The machinery failed (not a step): record it as the run's failure.
      if (load_.failed_step.empty()) load_.failed_step = "run";
      load_.message = e.what();
    }
    result.failed_step = load_.failed_step;
    result.message = load_.message;
    for (auto& state : states_) {
      if (result.failed_step.empty() && !state.failed_step.empty()) {
        result.failed_step = state.failed_step;
        result.message = state.message;
      }
    }
    result.ok = result.failed_step.empty();
    record.FinishRun(result.ok ? "succeeded" : "failed", result.failed_step, result.message);
    if (options_.progress) {
      std::fprintf(options_.progress, "run %lld %s%s%s\n", static_cast<long long>(result.run_id),
                   result.ok ? "succeeded" : "failed: ", result.failed_step.c_str(),
                   result.message.empty() ? "" : (": " + result.message).c_str());
    }
    RemoveTemporaryExtracts();
    return result;
  }

 private:
  // options_.extract_dir, or a temporary directory made on first use and removed at the
  // end of the run (an extract is removed once loaded; a failed one would go with it).
  std::string ExtractDirectory() {
    if (!options_.extract_dir.empty() || project_.database_sources.empty()) return options_.extract_dir;
    std::string pattern = (std::filesystem::temp_directory_path() / "stockroom-extracts-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a directory for the database extracts");
    temporary_extracts_ = pattern;
    return temporary_extracts_;
  }
  void RemoveTemporaryExtracts() {
    if (temporary_extracts_.empty()) return;
    std::error_code ignored;
    std::filesystem::remove_all(temporary_extracts_, ignored);
  }

  std::optional<int64_t> LastFailedRun() {
    TextRows last = warehouse_.Query("SELECT run_id, status FROM pipeline.runs ORDER BY run_id DESC LIMIT 1");
    if (last.rows.empty() || last.Text(0, 1) != "failed") return std::nullopt;
    return last.Int(0, 0);
  }

  // Models whose build succeeded in run `run` with all their error tests passing, by the
  // checksum they were built with.
  void ReadResumable(int64_t run) {
    std::string id = std::to_string(run);
    TextRows built = warehouse_.Query(
        "SELECT step, checksum FROM pipeline.steps WHERE run_id = " + id +
        " AND kind IN ('build', 'refresh') AND status = 'succeeded' AND checksum IS NOT NULL");
    TextRows failed = warehouse_.Query("SELECT DISTINCT model FROM pipeline.test_results WHERE run_id = " + id +
                                       " AND severity = 'error' AND status <> 'pass'");
    std::set<std::string> failed_models;
    for (size_t r = 0; r < failed.rows.size(); r++) failed_models.insert(failed.Text(r, 0));
    for (size_t r = 0; r < built.rows.size(); r++) {
      std::string relation = built.Text(r, 0).substr(built.Text(r, 0).find(' ') + 1);
      if (!failed_models.count(relation)) resumable_[relation] = built.Text(r, 1);
    }
    resumed_run_ = run;
  }

  void ReadLastChecksums() {
    TextRows rows = warehouse_.Query(
        "SELECT step, checksum FROM pipeline.steps WHERE kind IN ('build', 'refresh') AND status = 'succeeded' "
        "AND checksum IS NOT NULL ORDER BY run_id");
    for (size_t r = 0; r < rows.rows.size(); r++) {
      last_checksum_[rows.Text(r, 0).substr(rows.Text(r, 0).find(' ') + 1)] = rows.Text(r, 1);
    }
  }

  void Record(StepRecord& step) {
    record_->AddStep(step);
    std::lock_guard<std::mutex> lock(progress_mutex_);
    PrintStep(options_.progress, step);
  }

  void RunNode(const ModelGraph& graph, size_t node, Warehouse& session) {
    const Model& model = *graph.nodes[node];
    NodeState& state = states_[node];
    StepRecord step;
    step.kind = "build";
    step.step = "build " + model.relation;
    step.started_at = NowText();
    step.checksum = Checksum(model, project_);

    // Skipped when something it reads failed; the reason is the first failure upstream.
    bool inputs_changed = false;
    for (auto& relation : model.references) {
      if (load_.failed.count(relation)) state.blocked = "load of " + relation + " failed";
      if (load_.changed.count(relation)) inputs_changed = true;
    }
    for (size_t up : graph.upstream[node]) {
      if (!states_[up].ok && state.blocked.empty()) state.blocked = states_[up].blocked;
      if (states_[up].changed) inputs_changed = true;
    }
    if (!state.blocked.empty()) {
      step.status = "skipped";
      step.message = "skipped: " + state.blocked;
      Record(step);
      return;
    }
    auto resumable = resumable_.find(model.relation);
    if (resumable != resumable_.end() && resumable->second == step.checksum && !inputs_changed) {
      state.ok = true;
      step.status = "skipped";
      step.message = "resume: built in run " + std::to_string(resumed_run_) + ", inputs unchanged";
      Record(step);
      return;
    }

    auto start = std::chrono::steady_clock::now();
    try {
      auto last = last_checksum_.find(model.relation);
      bool definition_changed = last == last_checksum_.end() || last->second != step.checksum;
      BuildOutcome outcome = BuildModel(session, project_, model, definition_changed);
      if (outcome.action == "refreshed") {
        step.kind = "refresh";
        step.step = "refresh " + model.relation;
      }
      if (model.materialized != Materialization::kView) session.Written(model.relation);
      if (outcome.rows_in >= 0) step.rows_in = outcome.rows_in;
      if (outcome.rows_out >= 0) step.rows_out = outcome.rows_out;
      step.message = outcome.action;
    } catch (const std::exception& e) {
      step.status = "failed";
      step.message = e.what();
      state.blocked = "build of " + model.relation + " failed";
      state.failed_step = step.step;
      state.message = e.what();
    }
    step.seconds = SecondsSince(start);
    Record(step);
    if (step.status == "failed") return;
    state.changed = true;
    state.ok = RunTests(model, session, state);
  }

  // Runs the model's tests; returns false when an error-severity test failed.
  bool RunTests(const Model& model, Warehouse& session, NodeState& state) {
    bool ok = true;
    for (auto& test : project_.tests) {
      if (test.model != model.relation) continue;
      StepRecord step;
      step.kind = "test";
      step.step = "test " + test.name;
      step.started_at = NowText();
      auto start = std::chrono::steady_clock::now();
      TestRecord result{test.name, test.model, test.column, test.severity, "pass", 0, test.sql};
      try {
        result.failing_rows = session.Query("SELECT count(*) FROM (" + test.sql + "\n) AS failing").Int(0, 0);
        if (result.failing_rows > 0) result.status = "fail";
      } catch (const std::exception& e) {
        result.status = "error";
        step.message = e.what();
      }
      step.seconds = SecondsSince(start);
      step.rows_out = result.failing_rows;
      if (result.status != "pass") {
        std::string what = result.status == "fail" ? std::to_string(result.failing_rows) + " failing rows" : step.message;
        if (test.severity == "warn") {
          step.message = "warning: " + what;
        } else {
          step.status = "failed";
          step.message = what;
          if (ok) {
            state.blocked = "test " + test.name + " failed";
            state.failed_step = step.step;
            state.message = what;
          }
          ok = false;
        }
      }
      record_->AddTest(result);
      Record(step);
    }
    return ok;
  }

  Warehouse& warehouse_;
  const RunOptions& options_;
  Project project_;
  RunRecord* record_ = nullptr;
  LoadResult load_;
  std::vector<NodeState> states_;
  std::map<std::string, std::string> resumable_;      // relation -> checksum
  std::map<std::string, std::string> last_checksum_;  // relation -> checksum of its last build
  int64_t resumed_run_ = 0;
  std::string temporary_extracts_;
  std::mutex progress_mutex_;
};

}  // namespace

RunResult RunPipeline(Warehouse& warehouse, const RunOptions& options) { return Runner(warehouse, options).Run(); }

RunResult RunPipelineOnTarget(const RunOptions& options) {
  std::unique_ptr<PostgresWarehouse> warehouse;
  try {
    warehouse = std::make_unique<PostgresWarehouse>(options.target);
  } catch (const WarehouseError& e) {
    RunResult result;
    result.failed_step = "target";
    result.message = e.what();
    return result;
  }
  return RunPipeline(*warehouse, options);
}

RunResult RunPipeline(Database& db, const RunOptions& options) {
  EmbeddedWarehouse warehouse(db);
  return RunPipeline(warehouse, options);
}

}  // namespace stockroom::pipeline
