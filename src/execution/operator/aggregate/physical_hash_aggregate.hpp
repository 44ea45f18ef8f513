#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/operator/aggregate/aggregate_hash_table.hpp"
#include "execution/physical_operator.hpp"
#include "execution/spill/spill_file.hpp"

namespace stockroom {

struct SpilledRows;

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
  // "spilled 120MB (4000000 rows) to 32 temporary files" when the query passed its memory
  // budget while grouping.
  std::string AnalyzeDetails() const override;

  struct AggregateInfo {
    const BoundAggregate* expr;
    idx_t state_offset;
    std::vector<idx_t> input_columns;  // positions in the payload chunk
    int64_t filter_column = -1;
    std::vector<idx_t> order_columns;  // ORDER BY keys in the payload (order-sensitive aggs)
    bool deferred;                     // ordered (DISTINCT or not): computed in Finalize from all rows
    bool distinct_pairs;               // DISTINCT without ORDER BY: from DistinctInputs in Finalize
  };

 private:
  // Updates the states of `payload`'s rows (`states[i]` is row i's group) with every
  // aggregate not computed in Finalize. `ungrouped`: all rows share one state.
  void UpdateStates(ClientContext& client, DataChunk& payload, const data_ptr_t* states, bool ungrouped) const;
  // Updates the groups of rows whose state was found (`states[i]` not nullptr) and writes
  // the other rows of grouping set `set` to `spilled`, by their hash bits of `level`.
  // DISTINCT aggregates without ORDER BY: merges the threads' DistinctInputs and updates
  // the merged groups' states with each distinct pair once.
  void AggregateDistinctPairs(ExecutionContext& context, GlobalSinkState& gstate) const;
  void UpdateOrSpill(ClientContext& client, DataChunk& payload, data_ptr_t* states, const uint64_t* hashes,
                     idx_t level, idx_t set, std::vector<SpilledRows>& spilled) const;
  // Aggregates the rows spilled during Sink (see the .cpp) into result files.
  void AggregateSpilled(ExecutionContext& context, GlobalSinkState& gstate) const;
  // Aggregates the spilled rows in `files` (one partition of grouping set `s` at `level`)
  // into `table` (a new one when null), appends its groups' result rows to `results` and
  // frees it, then does the same a level deeper with the rows of groups that did not fit.
  void AggregatePartition(ClientContext& client, idx_t s, std::unique_ptr<AggregateHashTable> table,
                          const std::vector<SpillFile*>& files, idx_t level, SpillFile& results) const;
  // Writes groups [offset, offset + n) of grouping set `s`'s `table` as output rows; returns n.
  idx_t EmitGroups(ClientContext& client, idx_t s, const AggregateHashTable& table, idx_t offset,
                   DataChunk& chunk) const;

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
  bool has_deferred_;  // some aggregate has an ORDER BY (computed in Finalize)
  // The aggregates with distinct_pairs, by index in infos_: each collects DistinctInputs per
  // grouping set (unit d * sets_.size() + s).
  std::vector<idx_t> distinct_infos_;
  bool can_spill_;  // grouped, no deferred or DISTINCT aggregates (their rows or pairs stay in memory)
  mutable SpillStats spill_stats_;
};

}  // namespace stockroom
