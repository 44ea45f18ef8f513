#pragma once

#include <cstdio>
#include <set>
#include <string>

#include "pipeline/project.hpp"
#include "pipeline/run_record.hpp"
#include "pipeline/warehouse.hpp"

namespace stockroom::pipeline {

struct LoadResult {
  std::set<std::string> changed;  // raw tables that gained rows in this run
  std::set<std::string> failed;   // raw tables with a file that could not load
  std::string failed_step;        // the first failed step ("load raw.x"), empty if none
  std::string message;            // and why
};

// Creates the missing raw tables (with the lineage columns) and loads every landing file
// the ledger (pipeline.loaded_files) does not hold, table by table, each table's files in
// date then name order, one transaction per file with its ledger and load_errors rows.
// A file that fails stops its table's later files (they would load out of order); other
// tables go on. Records one step per raw table; folders no raw table reads are warned of.
LoadResult LoadLandingZone(Warehouse& warehouse, RunRecord& record, const Project& project,
                           const std::string& landing, FILE* progress);

}  // namespace stockroom::pipeline
