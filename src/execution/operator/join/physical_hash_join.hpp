#pragma once

#include <atomic>

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace stockroom {

class ColumnDataCollection;
class MemoryTracker;
struct HashJoinBuild;
struct HashJoinTable;
struct HashJoinProbe;
struct HashJoinSource;
struct HashJoinSourceLocal;
struct HashJoinSpillTask;

// One equality key of a hash join: probe-side and build-side expressions (same type).
// `nulls_equal` makes NULL match NULL (IS NOT DISTINCT FROM, used by decorrelation).
struct HashJoinKey {
  std::unique_ptr<BoundExpression> probe;
  std::unique_ptr<BoundExpression> build;
  bool nulls_equal = false;
};

// Hash join: children[0] is the probe side (streams through this operator), children[1] the
// build side (a sink: materialized, then hashed in Finalize). Equality keys find candidate
// pairs; `residual` (over probe columns followed by build columns) filters them. With no keys
// every build row is a candidate, which makes this the nested-loop join for cross products
// and non-equi joins too. Right and full joins emit unmatched build rows from a follow-up
// pipeline that reads this operator as a source.
//
// Output: probe columns, then build columns (inner/left/right/full/single); probe columns
// only (semi/anti); probe columns and a boolean mark (mark).
//
// A semi or anti join whose filtering side is much larger than the side it filters runs
// "build-side output" (right semi/anti): the filtered side is hashed, the large side streams
// through marking matched build rows, and a follow-up pipeline emits the build rows that
// were matched (semi) or not (anti). Then only the small side is ever materialized.
//
// A join with keys spills when its build side does not fit in the query's memory budget
// (grace / hybrid hash join): build rows are split by key hash into partitions on disk
// (JoinPartitions), the partitions that fit are loaded back into the in-memory table, and
// probe rows of the others are written to disk as they arrive. After the probe pipeline, the
// follow-up pipeline (this operator as a source) joins the spilled partitions one per thread
// at a time, splitting again by other hash bits a partition that still does not fit.
class PhysicalHashJoin : public PhysicalOperator {
 public:
  PhysicalHashJoin(std::vector<LogicalType> types, JoinType join_type, std::vector<HashJoinKey> keys,
                   std::unique_ptr<BoundExpression> residual, std::unique_ptr<BoundExpression> mark_condition,
                   bool mark_key_null_aware, std::unique_ptr<PhysicalOperator> probe,
                   std::unique_ptr<PhysicalOperator> build, double estimated_rows, bool build_side_output = false);

  // Build side.
  bool IsSink() const override { return true; }
  std::unique_ptr<GlobalSinkState> GetGlobalSinkState(ClientContext& context) const override;
  std::unique_ptr<LocalSinkState> GetLocalSinkState(ExecutionContext& context) const override;
  void Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
            LocalSinkState& lstate) const override;
  void Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const override;
  void Finalize(ExecutionContext& context, GlobalSinkState& gstate) const override;

  // Probe side.
  std::unique_ptr<OperatorState> GetOperatorState(ExecutionContext& context) const override;
  OperatorResult Execute(ExecutionContext& context, DataChunk& input, DataChunk& output, GlobalOperatorState& gstate,
                         OperatorState& state) const override;

  // Unmatched build rows of right/full joins (matched or unmatched ones of build-side
  // output), then the rows of spilled partitions.
  bool IsSource() const override { return EmitsBuildRows() || CanSpill(); }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  std::unique_ptr<LocalSourceState> GetLocalSourceState(ExecutionContext& context,
                                                        GlobalSourceState& gstate) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;

  void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) override;
  std::string ParamsToString() const override;
  // "spilled 40MB (1000000 rows) to 32 temporary files" when the join spilled.
  std::string AnalyzeDetails() const override;

  JoinType join_type() const { return join_type_; }

 private:
  // Whether build rows are emitted after the probe: unmatched ones (right/full joins, anti
  // build-side output) or matched ones (semi build-side output).
  bool EmitsBuildRows() const {
    return join_type_ == JoinType::kRight || join_type_ == JoinType::kFull || build_side_output_;
  }
  // Whether the join emits nothing without build rows (inner, semi, right, build-side output).
  bool NeedsBuildRows() const {
    return join_type_ == JoinType::kInner || join_type_ == JoinType::kSemi || join_type_ == JoinType::kRight ||
           build_side_output_;
  }
  // A join without keys (nested loop) has nothing to partition by.
  bool CanSpill() const { return !keys_.empty(); }
  // Memory a table of `rows` build rows takes besides the rows themselves.
  uint64_t TableBytes(idx_t rows) const;

  // Build side.
  void SpillBuildRows(const DataChunk& stored, HashJoinBuild& build, uint64_t* hashes) const;
  // Spills `rows` and replaces them with an empty collection.
  void SpillBuildRows(std::unique_ptr<ColumnDataCollection>& rows, HashJoinBuild& build, MemoryTracker& memory) const;
  void LoadResidentPartitions(ClientContext& context, HashJoinBuild& build) const;
  void BuildTable(ExecutionContext& context, HashJoinTable& table, idx_t threads) const;

  // Probe side.
  void HashProbeKeys(HashJoinProbe& state, DataChunk& input) const;
  OperatorResult Probe(const HashJoinTable& table, const HashJoinBuild& build, DataChunk& input, DataChunk& output,
                       HashJoinProbe& state) const;

  // Source: build rows to emit and spilled partitions.
  bool ScanBuildRows(const HashJoinTable& table, std::atomic<idx_t>& next_chunk, DataChunk& chunk) const;
  bool StartSpilledPartition(ExecutionContext& context, HashJoinSource& source, HashJoinSourceLocal& local) const;
  void SplitPartition(ExecutionContext& context, HashJoinSource& source, HashJoinSourceLocal& local,
                      const HashJoinSpillTask& task) const;

  JoinType join_type_;
  std::vector<HashJoinKey> keys_;
  std::unique_ptr<BoundExpression> residual_;
  std::unique_ptr<BoundExpression> mark_condition_;
  bool mark_key_null_aware_;
  bool build_side_output_;  // right semi/anti: output the (un)matched build rows
  std::vector<LogicalType> probe_types_;
  std::vector<LogicalType> build_types_;
  std::vector<LogicalType> stored_types_;  // build keys, then build columns
  idx_t row_width_;                         // of a build row in the hash table (JoinRows)
};

}  // namespace stockroom
