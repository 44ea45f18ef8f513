#include "execution/operator/aggregate/physical_distinct_on.hpp"

#include "common/types/hash.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/aggregate/aggregate_hash_table.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {
struct DistinctOnState : OperatorState {
  DistinctOnState(ClientContext* context, std::vector<LogicalType> types)
      : executor(context), seen(std::move(types), {}, 0, &context->memory(), context) {}
  ExpressionExecutor executor;
  AggregateHashTable seen;
};
}  // namespace

PhysicalDistinctOn::PhysicalDistinctOn(std::vector<LogicalType> types, BoundExpressionList keys, double estimated_rows)
    : PhysicalOperator("DISTINCT_ON", std::move(types), estimated_rows), keys_(std::move(keys)) {}

std::unique_ptr<OperatorState> PhysicalDistinctOn::GetOperatorState(ExecutionContext& context) const {
  std::vector<LogicalType> key_types;
  for (auto& k : keys_) key_types.push_back(k->type);
  auto state = std::make_unique<DistinctOnState>(&context.client, key_types);
  for (auto& k : keys_) state->executor.AddExpression(*k);
  return state;
}

OperatorResult PhysicalDistinctOn::Execute(ExecutionContext&, DataChunk& input, DataChunk& output,
                                           GlobalOperatorState&, OperatorState& ostate) const {
  auto& state = static_cast<DistinctOnState&>(ostate);
  idx_t n = input.size();
  std::vector<LogicalType> key_types;
  for (auto& k : keys_) key_types.push_back(k->type);
  DataChunk keys(key_types);
  state.executor.Execute(input, keys);
  std::vector<uint64_t> hashes(n);
  HashVector(keys.column(0), n, hashes.data());
  for (idx_t c = 1; c < keys.ColumnCount(); c++) CombineHashVector(keys.column(c), n, hashes.data());
  std::vector<data_ptr_t> states(n);
  std::unique_ptr<bool[]> is_new(new bool[n]);
  state.seen.FindOrCreate(keys, hashes.data(), states.data(), is_new.get());
  SelectionVector sel(n);
  idx_t m = 0;
  for (idx_t i = 0; i < n; i++) {
    if (is_new[i]) sel.Set(m++, i);
  }
  if (m > 0) {
    output.Reference(input);
    if (m < n) output.Slice(sel, m);
  }
  return OperatorResult::kNeedMoreInput;
}

}  // namespace stockroom
