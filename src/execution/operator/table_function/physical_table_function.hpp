#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// A set-returning function: a source when its arguments are constant, or (LATERAL use)
// a streaming operator that calls the function once per input row and emits the input
// row's columns followed by each function row (and the ordinality column when asked).
class PhysicalTableFunction : public PhysicalOperator {
 public:
  PhysicalTableFunction(std::vector<LogicalType> types, TableFunction function, BoundExpressionList arguments,
                        bool with_ordinality, double estimated_rows);

  bool IsSource() const override { return children.empty(); }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;

  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output, GlobalOperatorState& gstate,
                         OperatorState& state) const override;
  std::string ParamsToString() const override { return function_.name; }

 private:
  TableFunction function_;
  BoundExpressionList arguments_;
  bool with_ordinality_;
  std::vector<LogicalType> function_types_;
};

}  // namespace stockroom
