#include "execution/operator/set/physical_set_operation.hpp"

#include <mutex>

#include "common/types/column_data_collection.hpp"
#include "common/types/hash.hpp"
#include "execution/operator/aggregate/aggregate_hash_table.hpp"
#include "execution/pipeline/pipeline.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {
struct CollectGlobal : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<ColumnDataCollection> rows;
};
struct CollectLocal : LocalSinkState {
  std::unique_ptr<ColumnDataCollection> rows;
};
struct ChunkScan : GlobalSourceState {
  idx_t next = 0;
};
}  // namespace

PhysicalUnionAll::PhysicalUnionAll(std::vector<LogicalType> types, std::unique_ptr<PhysicalOperator> left,
                                   std::unique_ptr<PhysicalOperator> right, double estimated_rows)
    : PhysicalOperator("UNION_ALL", std::move(types), estimated_rows) {
  children.push_back(std::move(left));
  children.push_back(std::move(right));
}

void PhysicalUnionAll::BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) {
  pipeline.source = this;
  pipeline.dependencies.push_back(builder.BuildChildPipeline(*this, *children[0]));
  pipeline.dependencies.push_back(builder.BuildChildPipeline(*this, *children[1]));
}

std::unique_ptr<GlobalSinkState> PhysicalUnionAll::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<CollectGlobal>();
  state->rows = std::make_unique<ColumnDataCollection>(types, &context.memory());
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalUnionAll::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<CollectLocal>();
  state->rows = std::make_unique<ColumnDataCollection>(types, &context.client.memory());
  return state;
}

void PhysicalUnionAll::Sink(ExecutionContext&, DataChunk& chunk, GlobalSinkState&, LocalSinkState& lstate) const {
  static_cast<CollectLocal&>(lstate).rows->Append(chunk);
}

void PhysicalUnionAll::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<CollectGlobal&>(gstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  global.rows->Combine(*static_cast<CollectLocal&>(lstate).rows);
}

std::unique_ptr<GlobalSourceState> PhysicalUnionAll::GetGlobalSourceState(ClientContext&) const {
  return std::make_unique<ChunkScan>();
}

SourceResult PhysicalUnionAll::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                       LocalSourceState&) const {
  auto& scan = static_cast<ChunkScan&>(gstate);
  auto& rows = *static_cast<CollectGlobal&>(*sink_state).rows;
  if (scan.next >= rows.ChunkCount()) return SourceResult::kFinished;
  chunk.Reference(rows.GetChunk(scan.next++));
  return scan.next >= rows.ChunkCount() ? SourceResult::kFinished : SourceResult::kHaveMoreOutput;
}

namespace {

struct Counts {
  int64_t left;
  int64_t right;
};

struct CountGlobal : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<AggregateHashTable> table;
};
struct CountLocal : LocalSinkState {
  std::unique_ptr<AggregateHashTable> table;
};

void AddRows(AggregateHashTable& table, DataChunk& keys, const int64_t* left, const int64_t* right) {
  idx_t n = keys.size();
  std::vector<uint64_t> hashes(n);
  if (keys.ColumnCount() > 0) {
    HashVector(keys.column(0), n, hashes.data());
    for (idx_t c = 1; c < keys.ColumnCount(); c++) CombineHashVector(keys.column(c), n, hashes.data());
  }
  std::vector<data_ptr_t> states(n);
  std::unique_ptr<bool[]> is_new(new bool[n]);
  table.FindOrCreate(keys, hashes.data(), states.data(), is_new.get());
  for (idx_t i = 0; i < n; i++) {
    auto* c = reinterpret_cast<Counts*>(states[i]);
    if (is_new[i]) *c = Counts{0, 0};
    c->left += left[i];
    c->right += right[i];
  }
}

}  // namespace

PhysicalIntersectExcept::PhysicalIntersectExcept(std::vector<LogicalType> types, bool intersect, bool all,
                                                 std::unique_ptr<PhysicalOperator> left,
                                                 std::unique_ptr<PhysicalOperator> right, double estimated_rows)
    : PhysicalOperator(intersect ? "INTERSECT" : "EXCEPT", std::move(types), estimated_rows),
      intersect_(intersect),
      all_(all) {
  children.push_back(std::move(left));
  children.push_back(std::move(right));
}

void PhysicalIntersectExcept::BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) {
  pipeline.source = this;
  pipeline.dependencies.push_back(builder.BuildChildPipeline(*this, *children[0]));
  pipeline.dependencies.push_back(builder.BuildChildPipeline(*this, *children[1]));
}

std::unique_ptr<GlobalSinkState> PhysicalIntersectExcept::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<CountGlobal>();
  state->table = std::make_unique<AggregateHashTable>(types, std::vector<AggregateLayout>{}, sizeof(Counts),
                                                      &context.memory(), &context);
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalIntersectExcept::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<CountLocal>();
  state->table = std::make_unique<AggregateHashTable>(types, std::vector<AggregateLayout>{}, sizeof(Counts),
                                                      &context.client.memory(), &context.client);
  return state;
}

void PhysicalIntersectExcept::Sink(ExecutionContext&, DataChunk& chunk, GlobalSinkState&, LocalSinkState& lstate) const {
  idx_t n = chunk.size();
  DataChunk keys;
  keys.columns().resize(types.size());
  for (idx_t c = 0; c < types.size(); c++) keys.column(c).Reference(chunk.column(c));
  keys.SetCardinality(n);
  UnifiedVectorFormat side;
  chunk.column(types.size()).ToUnified(n, side);
  std::vector<int64_t> left(n), right(n);
  for (idx_t i = 0; i < n; i++) {
    bool is_right = side.Data<int64_t>()[side.Index(i)] != 0;
    left[i] = !is_right;
    right[i] = is_right;
  }
  AddRows(*static_cast<CountLocal&>(lstate).table, keys, left.data(), right.data());
}

void PhysicalIntersectExcept::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<CountGlobal&>(gstate);
  auto& local = *static_cast<CountLocal&>(lstate).table;
  std::lock_guard<std::mutex> lock(global.mutex);
  DataChunk keys;
  keys.Initialize(types);
  std::vector<data_ptr_t> states(kVectorSize);
  for (idx_t offset = 0; offset < local.Count(); offset += kVectorSize) {
    idx_t n = local.Scan(offset, keys, states.data());
    std::vector<int64_t> left(n), right(n);
    for (idx_t i = 0; i < n; i++) {
      left[i] = reinterpret_cast<Counts*>(states[i])->left;
      right[i] = reinterpret_cast<Counts*>(states[i])->right;
    }
    AddRows(*global.table, keys, left.data(), right.data());
  }
}

namespace {
struct CountScan : GlobalSourceState {
  idx_t offset = 0;
  DataChunk keys;
  std::vector<sel_t> picks;  // rows of `keys` to emit, repeated as the counts say
  idx_t position = 0;
};
}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalIntersectExcept::GetGlobalSourceState(ClientContext&) const {
  auto state = std::make_unique<CountScan>();
  state->keys.Initialize(types);
  return state;
}

SourceResult PhysicalIntersectExcept::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                              LocalSourceState&) const {
  auto& scan = static_cast<CountScan&>(gstate);
  auto& table = *static_cast<CountGlobal&>(*sink_state).table;
  while (scan.position >= scan.picks.size()) {
    if (scan.offset >= table.Count()) return SourceResult::kFinished;
    std::vector<data_ptr_t> states(kVectorSize);
    idx_t n = table.Scan(scan.offset, scan.keys, states.data());
    scan.offset += n;
    scan.picks.clear();
    scan.position = 0;
    for (idx_t i = 0; i < n; i++) {
      auto* c = reinterpret_cast<Counts*>(states[i]);
      int64_t copies = intersect_ ? std::min(c->left, c->right) : std::max<int64_t>(c->left - c->right, 0);
      if (!all_) copies = intersect_ ? (c->left > 0 && c->right > 0) : (c->left > 0 && c->right == 0);
      for (int64_t k = 0; k < copies; k++) scan.picks.push_back(static_cast<sel_t>(i));
    }
  }
  idx_t total = std::min(kVectorSize, scan.picks.size() - scan.position);
  SelectionVector sel(total);
  for (idx_t i = 0; i < total; i++) sel.Set(i, scan.picks[scan.position + i]);
  scan.position += total;
  for (idx_t c = 0; c < types.size(); c++) chunk.column(c).Slice(scan.keys.column(c), sel, total);
  chunk.SetCardinality(total);
  return SourceResult::kHaveMoreOutput;
}

}  // namespace stockroom
