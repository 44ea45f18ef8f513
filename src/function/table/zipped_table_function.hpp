#pragma once

#include <vector>

#include "function/function.hpp"

namespace stockroom {

// ROWS FROM (f(...), g(...)): one table function that runs several side by side and returns
// their columns next to each other, row i of each in row i, the shorter ones padded with
// NULLs until the longest ends (PostgreSQL's rule; it is also how set-returning functions
// in a select list combine). `argument_types[i]` are part i's argument types; the zipped
// function takes all parts' arguments one after the other. A part with a NULL argument
// returns no rows (strict), the others still do.
TableFunction ZipTableFunctions(std::vector<TableFunction> parts, std::vector<std::vector<LogicalType>> argument_types);

}  // namespace stockroom
