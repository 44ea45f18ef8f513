#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// Keeps the rows for which the predicate is true, by slicing (no copy).
class PhysicalFilter : public PhysicalOperator {
 public:
  PhysicalFilter(std::vector<LogicalType> types, std::unique_ptr<BoundExpression> predicate, double estimated_rows);
  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output, GlobalOperatorState& gstate,
                         OperatorState& state) const override;
  std::string ParamsToString() const override { return predicate_->ToString(); }

 private:
  std::unique_ptr<BoundExpression> predicate_;
};

}  // namespace stockroom
