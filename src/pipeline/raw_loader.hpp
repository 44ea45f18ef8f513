#pragma once

#include <cstdint>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

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
// tables go on. Raw tables of a database source are extracted from it instead, into files
// under `extract_dir` (source_loader.hpp), and that system's landing folders are not read.
// Records one step per raw table; folders no raw table reads are warned of.
LoadResult LoadLandingZone(Warehouse& warehouse, RunRecord& record, const Project& project,
                           const std::string& landing, const std::string& extract_dir, FILE* progress);

// One file to load into a raw table: where it is, and the name the ledger, the load errors
// and the rows' `_source_file` give it.
struct FileToLoad {
  std::string path;         // absolute
  std::string source_file;  // landing files: the path under the landing zone
  uint64_t bytes = 0;
};

// Loads `file` into `raw` in one transaction with its pipeline.load_errors rows, its ledger
// row and the statements `also` (a database source's new watermark), so that all of it is
// stored or none. Throws WarehouseError, naming the file, when the file cannot load or has
// more bad rows than the project's limit (nothing of it is then loaded).
CopyOutcome LoadFileInTransaction(Warehouse& warehouse, const Project& project, const RawTable& raw,
                                  const FileToLoad& file, int64_t run_id, const std::vector<std::string>& also = {});

}  // namespace stockroom::pipeline
