#pragma once

#include "binder/expression/bound_expression.hpp"
#include "execution/physical_operator.hpp"
#include "planner/logical_operator.hpp"

namespace stockroom {

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

  // Unmatched build rows of right/full joins.
  bool IsSource() const override {
    return join_type_ == JoinType::kRight || join_type_ == JoinType::kFull || build_side_output_;
  }
  std::unique_ptr<GlobalSourceState> GetGlobalSourceState(ClientContext& context) const override;
  SourceResult GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                       LocalSourceState& lstate) const override;

  void BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) override;
  std::string ParamsToString() const override;

  JoinType join_type() const { return join_type_; }

 private:
  friend struct HashJoinProbe;
  JoinType join_type_;
  std::vector<HashJoinKey> keys_;
  std::unique_ptr<BoundExpression> residual_;
  std::unique_ptr<BoundExpression> mark_condition_;
  bool mark_key_null_aware_;
  bool build_side_output_;  // right semi/anti: output the (un)matched build rows
  std::vector<LogicalType> probe_types_;
  std::vector<LogicalType> build_types_;
  std::vector<LogicalType> stored_types_;  // build keys, then build columns
};

}  // namespace stockroom
