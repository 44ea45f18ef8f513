#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"
#include "execution/spill/spill_file.hpp"

namespace stockroom {

// Window functions: materializes its input, sorts it by partition and order keys, computes
// each BoundWindow expression per partition (ranking functions, offsets, and aggregates
// over ROWS/RANGE/GROUPS frames), and emits the input columns followed by one column per
// window expression. Window expressions' children, partitions, orders and frame offsets
// are resolved against the input columns (BoundReference).
// When every window has a PARTITION BY and they share a column, the operator spills: once
// the query holds three quarters of its memory_limit, rows go to temporary files by a hash
// of the shared partition columns (window_partitions.hpp), and the source computes and
// emits one file ("part") at a time, so memory holds about one part. Other windows fail
// with 53200 past the limit. Output order is the sort order within each part.
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
  // "spilled 12MB (300000 rows) to 16 temporary files" when the input spilled.
  std::string AnalyzeDetails() const override;

 private:
  BoundExpressionList windows_;
  mutable SpillStats spill_stats_;
};

}  // namespace stockroom
