#pragma once

#include <string>

#include "pipeline/warehouse.hpp"

namespace stockroom {
class Connection;
class SqlError;
}

namespace stockroom::pipeline {

// Runs the engine's COPY of the landing file `request.path` into `into` (a table of the
// request's data columns) on `connection`, with the request's format, MAXERROR and
// options, and reads its rejected rows from stl_load_errors into `outcome`. Returns false
// (and sets outcome->over_limit and first_error) when the file has more bad rows than the
// limit, in which case nothing was loaded. Both warehouses parse files this way, so a file
// is accepted or rejected, row by row, the same on every target. Throws WarehouseError.
bool CopyLandingFile(Connection& connection, const CopyRequest& request, const std::string& into,
                     CopyOutcome* outcome);

// Throws the engine error `e` as a WarehouseError carrying its detail.
[[noreturn]] void RethrowAsWarehouseError(const SqlError& e);

// The data columns of `request`, quoted and comma-separated.
std::string DataColumnList(const CopyRequest& request);

}  // namespace stockroom::pipeline
