#pragma once

#include "execution/physical_operator.hpp"

namespace stockroom {

// UNION ALL: both children sink into it (two pipelines); emits everything collected.
class PhysicalUnionAll : public PhysicalOperator {
 public:
  PhysicalUnionAll(std::vector<LogicalType> types, std::unique_ptr<PhysicalOperator> left,
                   std::unique_ptr<PhysicalOperator> right, double estimated_rows);
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) override;
};

// INTERSECT [ALL] / EXCEPT [ALL]: each input row carries a last column saying which side it
// came from (0 left, 1 right); rows are counted per side by value (NULLs equal), then each
// distinct row is emitted min(l, r) / max(l - r, 0) times (ALL) or once.
class PhysicalIntersectExcept : public PhysicalOperator {
 public:
  PhysicalIntersectExcept(std::vector<LogicalType> types, bool intersect, bool all,
                          std::unique_ptr<PhysicalOperator> left, std::unique_ptr<PhysicalOperator> right,
                          double estimated_rows);
  bool IsSink() const override { return true; }
  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) override;

 private:
  bool intersect_;
  bool all_;
};

}  // namespace stockroom
