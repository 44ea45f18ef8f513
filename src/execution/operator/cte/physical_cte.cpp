#include "execution/operator/cte/physical_cte.hpp"

#include <mutex>

#include "common/error/exception.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/hash.hpp"
#include "execution/executor.hpp"
#include "execution/operator/aggregate/aggregate_hash_table.hpp"
#include "execution/operator/helper/physical_column_data_scan.hpp"
#include "execution/operator/helper/physical_result_collector.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {
struct CteGlobal : GlobalSinkState {
  std::mutex mutex;
};
struct CteLocal : LocalSinkState {
  std::unique_ptr<ColumnDataCollection> rows;
};
}  // namespace

PhysicalCteMaterialize::PhysicalCteMaterialize(std::shared_ptr<CteData> data, std::unique_ptr<PhysicalOperator> cte,
                                               std::unique_ptr<PhysicalOperator> query)
    : PhysicalOperator("CTE", query->types, query->estimated_rows), data_(std::move(data)) {
  children.push_back(std::move(cte));
  children.push_back(std::move(query));
}

void PhysicalCteMaterialize::BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) {
  data_->producer = builder.BuildChildPipeline(*this, *children[0]);
  children[1]->BuildPipelines(builder, pipeline);
}

std::unique_ptr<GlobalSinkState> PhysicalCteMaterialize::GetGlobalSinkState(ClientContext& context) const {
  data_->rows = std::make_unique<ColumnDataCollection>(children[0]->types, &context.memory());
  return std::make_unique<CteGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalCteMaterialize::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<CteLocal>();
  state->rows = std::make_unique<ColumnDataCollection>(children[0]->types, &context.client.memory());
  return state;
}

void PhysicalCteMaterialize::Sink(ExecutionContext&, DataChunk& chunk, GlobalSinkState&, LocalSinkState& lstate) const {
  static_cast<CteLocal&>(lstate).rows->Append(chunk);
}

void PhysicalCteMaterialize::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<CteGlobal&>(gstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  data_->rows->Combine(*static_cast<CteLocal&>(lstate).rows);
}

PhysicalRecursiveCte::PhysicalRecursiveCte(std::vector<LogicalType> types, std::shared_ptr<CteData> data,
                                           bool union_all, std::unique_ptr<PhysicalOperator> anchor,
                                           std::unique_ptr<PhysicalOperator> recursive)
    : PhysicalOperator("RECURSIVE_CTE", std::move(types), 0), data_(std::move(data)), union_all_(union_all) {
  children.push_back(std::move(anchor));
  children.push_back(std::move(recursive));
}

namespace {

// Adds the producers of the CTEs `op`'s subtree scans: the subtrees run later on a nested
// executor, so this pipeline must wait for those CTEs to be materialized.
void AddCteDependencies(const PhysicalOperator& op, Pipeline& pipeline) {
  if (auto* scan = dynamic_cast<const PhysicalColumnDataScan*>(&op)) {
    if (Pipeline* producer = scan->cte_producer()) pipeline.dependencies.push_back(producer);
  }
  for (auto& c : op.children) AddCteDependencies(*c, pipeline);
}

}  // namespace

void PhysicalRecursiveCte::BuildPipelines(PipelineBuilder&, Pipeline& pipeline) {
  pipeline.source = this;
  for (auto& c : children) AddCteDependencies(*c, pipeline);
}

namespace {

// Rows are produced one iteration at a time, as the consumer pulls them (like
// PostgreSQL's WorkTableScan), so `SELECT ... FROM r LIMIT n` stops an unbounded recursion.
struct RecursiveState : GlobalSourceState {
  std::unique_ptr<AggregateHashTable> seen;  // UNION: every row produced so far
  std::unique_ptr<ColumnDataCollection> working;  // the iteration being emitted
  bool started = false;
  int iterations = 0;
  idx_t next = 0;  // next chunk of `working` to emit
};

void ResetSinkStates(PhysicalOperator& op) {
  op.sink_state.reset();
  for (auto& c : op.children) ResetSinkStates(*c);
}

// Runs a physical subtree to completion on a nested single-threaded executor.
std::unique_ptr<ColumnDataCollection> RunSubtree(ClientContext& context, PhysicalOperator& plan) {
  ResetSinkStates(plan);
  // Wrap without taking ownership: a collector whose child slot is borrowed.
  std::unique_ptr<PhysicalOperator> borrowed(&plan);
  PhysicalResultCollector collector(std::move(borrowed));
  Executor executor(context, true);
  try {
    executor.Execute(collector);
  } catch (...) {
    collector.children[0].release();
    throw;
  }
  auto rows = collector.TakeResult();
  collector.children[0].release();
  return rows;
}

// Keeps the rows of `rows` not yet in `seen` (UNION semantics), adding them to `seen`.
std::unique_ptr<ColumnDataCollection> NewRows(ClientContext& context, ColumnDataCollection& rows,
                                              AggregateHashTable& seen) {
  auto fresh = std::make_unique<ColumnDataCollection>(rows.types(), &context.memory());
  for (idx_t c = 0; c < rows.ChunkCount(); c++) {
    DataChunk& chunk = rows.GetChunk(c);
    idx_t n = chunk.size();
    std::vector<uint64_t> hashes(n);
    HashVector(chunk.column(0), n, hashes.data());
    for (idx_t k = 1; k < chunk.ColumnCount(); k++) CombineHashVector(chunk.column(k), n, hashes.data());
    std::vector<data_ptr_t> states(n);
    std::unique_ptr<bool[]> is_new(new bool[n]);
    seen.FindOrCreate(chunk, hashes.data(), states.data(), is_new.get());
    SelectionVector sel(n);
    idx_t m = 0;
    for (idx_t i = 0; i < n; i++) {
      if (is_new[i]) sel.Set(m++, i);
    }
    if (m == 0) continue;
    DataChunk part;
    part.columns().resize(chunk.ColumnCount());
    for (idx_t k = 0; k < chunk.ColumnCount(); k++) part.column(k).Slice(chunk.column(k), sel, m);
    part.SetCardinality(m);
    fresh->Append(part);
  }
  return fresh;
}

}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalRecursiveCte::GetGlobalSourceState(ClientContext&) const {
  return std::make_unique<RecursiveState>();
}

SourceResult PhysicalRecursiveCte::GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                                           LocalSourceState&) const {
  auto& state = static_cast<RecursiveState&>(gstate);
  ClientContext& client = context.client;
  if (!state.started) {
    state.started = true;
    if (!union_all_) state.seen = std::make_unique<AggregateHashTable>(types, std::vector<AggregateLayout>{}, 0,
                                                                       &client.memory(), &client);
    state.working = RunSubtree(client, *children[0]);
    if (!union_all_) state.working = NewRows(client, *state.working, *state.seen);
  }
  constexpr int kMaxIterations = 1000000;
  while (state.next >= state.working->ChunkCount()) {
    // This iteration is fully emitted: it becomes the working table of the next one. The
    // chunks handed out so far stay valid, as data_->working keeps them alive.
    if (state.working->Count() == 0) return SourceResult::kFinished;
    if (++state.iterations >= kMaxIterations) {
      throw SqlError(ErrorCode::kProgramLimitExceeded, "recursive query did not finish after 1000000 iterations");
    }
    client.CheckCancelled();
    data_->working = std::move(state.working);
    auto next = RunSubtree(client, *children[1]);
    state.working = union_all_ ? std::move(next) : NewRows(client, *next, *state.seen);
    state.next = 0;
  }
  chunk.Reference(state.working->GetChunk(state.next++));
  return SourceResult::kHaveMoreOutput;
}

}  // namespace stockroom
