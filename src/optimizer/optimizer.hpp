#pragma once

#include <memory>

#include "planner/logical_operator.hpp"

namespace stockroom {

class ClientContext;

// Rewrites a logical plan into a cheaper equivalent, rule by rule (each in its own file):
// constant folding, filter pushdown (into joins and scans), join condition extraction,
// join ordering from cardinality estimates, top-N, column pruning.
class Optimizer {
 public:
  static std::unique_ptr<LogicalOperator> Optimize(ClientContext& context, std::unique_ptr<LogicalOperator> plan);
};

}  // namespace stockroom
