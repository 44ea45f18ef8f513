#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// Window functions: materializes its input, sorts it by partition and order keys, computes
// each BoundWindow expression per partition (ranking functions, offsets, and aggregates
// over ROWS/RANGE/GROUPS frames), and emits the input columns followed by one column per
// window expression. Window expressions' children, partitions, orders and frame offsets
// are resolved against the input columns (BoundReference).
class PhysicalWindow : public PhysicalOperator {
 public:
  PhysicalWindow(std::vector<LogicalType> types, BoundExpressionList windows, double estimated_rows);

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& gstate) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  std::string ParamsToString() const override;

 private:
  BoundExpressionList windows_;
};

}  // namespace stockroom
