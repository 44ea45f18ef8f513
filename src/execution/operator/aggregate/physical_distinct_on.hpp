#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// DISTINCT ON: passes the first row of each key in arrival order (its input is sorted by
// the ORDER BY, and runs on one thread).
class PhysicalDistinctOn : public PhysicalOperator {
 public:
  PhysicalDistinctOn(std::vector<LogicalType> types, BoundExpressionList keys, double estimated_rows);
  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output, GlobalOperatorState& gstate,
                         OperatorState& state) const override;

 private:
  BoundExpressionList keys_;
};

}  // namespace stockroom
