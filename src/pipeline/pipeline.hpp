#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

namespace stockroom {
class Database;
}

namespace stockroom::pipeline {

class Warehouse;

struct RunOptions {
  std::string landing;                    // the landing zone (stockroom generate --out)
  std::string project = "models/ecommerce";
  bool resume = false;                    // rerun what failed or did not run in the last (failed) run
  int threads = 2;                        // models built at once
  FILE* progress = nullptr;               // one line per finished step; nullptr = quiet
  // An external PostgreSQL-protocol warehouse (postgresql://user[:password]@host[:port]/db
  // or a libpq keyword string) to build instead of an embedded database; "" = embedded.
  std::string target;
  // Where the extracts of the project's database sources are written before they load
  // (the CLI: <data directory>/source_extracts); "" = a temporary directory of the run.
  std::string extract_dir;
};

struct RunResult {
  int64_t run_id = 0;       // 0 when the project could not be read (nothing ran)
  bool ok = false;
  std::string failed_step;  // "load raw.x", "build s.m", "test ...", "project" or "landing"
  std::string message;
};

// Runs the pipeline (docs/ecommerce-warehouse.md, "The pipeline run") on an embedded
// database: load the new landing files, build and test the models, record the run in
// schema pipeline. Failures are reported in the result, not thrown.
RunResult RunPipeline(Database& db, const RunOptions& options);
// The same on any warehouse: `warehouse` is the session that loads; builds open their own.
RunResult RunPipeline(Warehouse& warehouse, const RunOptions& options);
// The same on the PostgreSQL target `options.target`. When it cannot be reached, nothing
// runs and the result's failed_step is "target" (the message hides the URL's password).
RunResult RunPipelineOnTarget(const RunOptions& options);

}  // namespace stockroom::pipeline
