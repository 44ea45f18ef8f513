#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/operator/aggregate/aggregate_hash_table.hpp"
#include "execution/physical_operator.hpp"

namespace stockroom {

// GROUP BY (with grouping sets) and aggregates, also DISTINCT (groups without aggregates).
// Each thread aggregates into its own hash tables, split into partitions by hash; Finalize
// merges the partitions in parallel. Aggregates with DISTINCT or ORDER BY are computed in
// Finalize from the collected rows (deduplicated / sorted per group) so that parallel
// threads cannot double-count or reorder them. Output: group columns (NULL where a
// grouping set leaves one out), aggregates, and the grouping-set id when there are sets.
class PhysicalHashAggregate : public PhysicalOperator {
 public:
  PhysicalHashAggregate(std::vector<LogicalType> types, BoundExpressionList groups, BoundExpressionList aggregates,
                        std::vector<std::vector<idx_t>> grouping_sets, double estimated_rows);
  // The hash tables in the sink state point at this operator's aggregates: free them first.
  ~PhysicalHashAggregate() override { sink_state.reset(); }

  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& gstate) const override;

  bool IsSource() const override { return true; }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                        GlobalSourceState& gstate) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;
  std::string ParamsToString() const override;

  struct AggregateInfo {
    const BoundAggregate* expr;
    idx_t state_offset;
    std::vector<idx_t> input_columns;  // positions in the payload chunk
    int64_t filter_column = -1;
    std::vector<idx_t> order_columns;  // ORDER BY keys in the payload (order-sensitive aggs)
    bool deferred;                     // DISTINCT or ordered: computed in Finalize
  };

 private:
  BoundExpressionList groups_;
  BoundExpressionList aggregates_;
  std::vector<std::vector<idx_t>> sets_;  // one set of all groups when no GROUPING SETS
  bool emit_grouping_id_;
  std::vector<AggregateInfo> infos_;
  std::vector<AggregateLayout> layouts_;
  idx_t state_size_ = 0;
  std::vector<const BoundExpression*> payload_exprs_;  // groups, then aggregate inputs
  std::vector<LogicalType> payload_types_;
  idx_t partition_bits_;
};

}  // namespace stockroom
