#pragma once

#include <cstdint>
#include <string>

#include "pipeline/project.hpp"
#include "pipeline/warehouse.hpp"

namespace stockroom::pipeline {

struct SourceLoad {
  int64_t files = 0;  // 1 when an extract was loaded, else 0
  int64_t rows_loaded = 0;
  int64_t rows_rejected = 0;
  std::string message;  // for the load step: what was extracted and from where
};

// Loads raw table `raw` from its database source (docs/ecommerce-warehouse.md, "Database
// sources"): reads the URL from the environment variable the source names, the last
// watermark from pipeline.source_watermarks, extracts the rows changed since it into
// <extract_dir>/<system>/<table>/extract-<run>.csv, and loads that file exactly like a
// landing file (LoadFileInTransaction: same COPY, ledger and load_errors), with
// `_source_file` = <postgresql|mysql>:<source table>@<new watermark> and the new watermark
// stored in the same transaction. A table without a watermark is extracted whole and loaded
// only when its content changed since the last load. Nothing changed: nothing is loaded.
// The file is removed once loaded and kept when the load failed. Throws WarehouseError
// (the URL's password hidden) when the source cannot be read or the file cannot load.
SourceLoad LoadFromDatabaseSource(Warehouse& warehouse, const Project& project, const RawTable& raw,
                                  const DatabaseSource& source, const SourceTableConfig& table,
                                  const std::string& extract_dir, int64_t run_id);

}  // namespace stockroom::pipeline
