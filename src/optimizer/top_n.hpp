#pragma once

#include <memory>

#include "planner/logical_operator.hpp"

namespace stockroom {

// Replaces LIMIT over ORDER BY with a top-N, which keeps only the rows it can return.
std::unique_ptr<LogicalOperator> RewriteTopN(std::unique_ptr<LogicalOperator> op);

}  // namespace stockroom
