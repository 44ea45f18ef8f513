#pragma once

#include <memory>

#include "optimizer/statistics/cardinality_estimator.hpp"
#include "planner/logical_operator.hpp"

namespace stockroom {

// Reorders each maximal tree of inner joins and cross products: dynamic programming over
// connected subsets (up to 12 relations; greedy beyond) minimizing the sum of intermediate
// result sizes, with the smaller input of each join on the build (right) side. Predicates
// land at the lowest join that has all their columns.
class JoinOrderOptimizer {
 public:
  explicit JoinOrderOptimizer(DataTable::ParallelFor parallel_for = nullptr) : estimator_(std::move(parallel_for)) {}
  std::unique_ptr<LogicalOperator> Optimize(std::unique_ptr<LogicalOperator> op);

 private:
  CardinalityEstimator estimator_;
};

}  // namespace stockroom
