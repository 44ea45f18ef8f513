#pragma once

#include "execution/physical_plan/physical_plan_generator.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// Materializes a CTE (children[0]) into shared rows once, then acts as children[1] (the
// query that reads it): it only shapes the pipelines, the rows flow from children[1].
class PhysicalCteMaterialize : public PhysicalOperator {
 public:
  PhysicalCteMaterialize(std::shared_ptr<CteData> data, std::unique_ptr<PhysicalOperator> cte,
                         std::unique_ptr<PhysicalOperator> query);
  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) override;

 private:
  std::shared_ptr<CteData> data_;
};

// WITH RECURSIVE: runs the non-recursive term, then the recursive term repeatedly over the
// previous iteration's rows (UNION: only rows not seen before) until no new rows appear;
// emits all rows. The terms run on nested executors on this thread.
class PhysicalRecursiveCte : public PhysicalOperator {
 public:
  PhysicalRecursiveCte(std::vector<LogicalType> types, std::shared_ptr<CteData> data, bool union_all,
                       std::unique_ptr<PhysicalOperator> anchor, std::unique_ptr<PhysicalOperator> recursive);
  bool IsSource() const override { return true; }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) override;

 private:
  std::shared_ptr<CteData> data_;
  bool union_all_;
};

}  // namespace stockroom
