#pragma once

#include <memory>

#include "common/types/column_data_collection.hpp"
#include "execution/physical_operator.hpp"
#include "execution/physical_plan/physical_plan_generator.hpp"

namespace stockroom {

// Emits the rows of a materialized collection: VALUES lists, the single row of a SELECT
// without FROM, empty results, and materialized CTEs (`cte`: the rows, or the previous
// iteration's rows of a recursive CTE, filled by another pipeline this one waits for).
// Rows come out in collection order (a single thread).
class PhysicalColumnDataScan : public PhysicalOperator {
 public:
  PhysicalColumnDataScan(std::string name, std::vector<LogicalType> types, double estimated_rows,
                         std::shared_ptr<ColumnDataCollection> rows);
  PhysicalColumnDataScan(std::string name, std::vector<LogicalType> types, double estimated_rows,
                         std::shared_ptr<CteData> cte, bool working);

  bool IsSource() const override { return true; }
  bool IsOrderedSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;

  void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) override;
  // The pipeline materializing the CTE this scans (not a recursive CTE's working rows).
  Pipeline* cte_producer() const { return cte_ && !working_ ? cte_->producer : nullptr; }

 private:
  std::shared_ptr<ColumnDataCollection> rows_;
  std::shared_ptr<CteData> cte_;
  bool working_ = false;
};

// Passes at most `limit` rows after skipping `offset` (shared across threads).
class PhysicalLimit : public PhysicalOperator {
 public:
  PhysicalLimit(std::vector<LogicalType> types, int64_t limit, int64_t offset, double estimated_rows);
  std::unique_ptr<GlobalOperatorState> GetGlobalOperatorState(ClientContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output, GlobalOperatorState& gstate,
                         OperatorState& state) const override;
  std::string ParamsToString() const override;

 private:
  int64_t limit_;
  int64_t offset_;
};

}  // namespace stockroom
