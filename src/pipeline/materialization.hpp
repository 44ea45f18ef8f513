#pragma once

#include <cstdint>
#include <string>

#include "pipeline/project.hpp"
#include "pipeline/warehouse.hpp"

namespace stockroom::pipeline {

struct BuildOutcome {
  std::string action;     // what was done: created, replaced, rebuilt, incremental, refreshed
  int64_t rows_in = -1;   // rows of the stored relations it reads (-1: not counted)
  int64_t rows_out = -1;  // rows written (-1 for a view)
};

// Builds `model` as its header says (docs/ecommerce-warehouse.md, "Materializations").
// `definition_changed`: the model's SQL differs from the last successful build (a
// materialized view or an incremental model is then created again rather than refreshed
// or merged into). Throws WarehouseError.
BuildOutcome BuildModel(Warehouse& warehouse, const Project& project, const Model& model, bool definition_changed);

}  // namespace stockroom::pipeline
