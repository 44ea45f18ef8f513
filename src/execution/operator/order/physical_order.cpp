#include "execution/operator/order/physical_order.hpp"

#include <algorithm>
#include <limits>
#include <mutex>

#include "common/types/column_data_collection.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// Rows a top-N keeps: offset + limit, saturated (LIMIT and OFFSET can each be INT64_MAX).
idx_t RowsToKeep(int64_t limit, int64_t offset) {
  return limit > std::numeric_limits<int64_t>::max() - offset ? std::numeric_limits<int64_t>::max()
                                                               : static_cast<idx_t>(limit + offset);
}

struct SortedRun {
  std::unique_ptr<ColumnDataCollection> rows;
  std::vector<idx_t> order;
};

struct OrderGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<SortedRun> runs;
  // After Finalize: the merged order as (run, row) pairs.
  std::vector<std::pair<uint32_t, idx_t>> merged;
};

struct OrderLocal : LocalSinkState {
  explicit OrderLocal(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
  DataChunk stored;
  std::unique_ptr<ColumnDataCollection> rows;
};

// Keeps only the best `keep` rows of a run (top-N): sort, then copy the prefix.
void Truncate(SortedRun& run, idx_t keep, const std::vector<LogicalType>& types, MemoryTracker* tracker,
              const std::vector<SortKey>& keys) {
  run.order = SortRows(*run.rows, keys);
  if (run.order.size() <= keep) return;
  auto kept = std::make_unique<ColumnDataCollection>(types, tracker);
  DataChunk batch(types);
  for (idx_t i = 0; i < keep; i++) {
    idx_t row = run.order[i];
    SelectionVector one(1);
    one.Set(0, row % kVectorSize);
    const DataChunk& src = run.rows->GetChunk(row / kVectorSize);
    for (idx_t c = 0; c < types.size(); c++) batch.column(c).CopyFrom(src.column(c), one, 1, batch.size());
    batch.SetCardinality(batch.size() + 1);
    if (batch.size() == kVectorSize) {
      kept->Append(batch);
      batch.Reset();
    }
  }
  if (batch.size() > 0) kept->Append(batch);
  run.rows = std::move(kept);
  run.order.resize(keep);
  for (idx_t i = 0; i < keep; i++) run.order[i] = i;
}

}  // namespace

PhysicalOrder::PhysicalOrder(std::vector<LogicalType> types, std::vector<BoundOrderItem> orders, int64_t limit,
                             int64_t offset, double estimated_rows)
    : PhysicalOperator(limit >= 0 ? "TOP_N" : "ORDER_BY", std::move(types), estimated_rows),
      orders_(std::move(orders)),
      limit_(limit),
      offset_(offset) {
  stored_types_ = this->types;
  for (auto& o : orders_) {
    keys_.push_back({stored_types_.size(), o.descending, o.nulls_first});
    stored_types_.push_back(o.expr->type);
  }
}

std::unique_ptr<GlobalSinkState> PhysicalOrder::GetGlobalSinkState(ClientContext&) const {
  return std::make_unique<OrderGlobal>();
}

std::unique_ptr<LocalSinkState> PhysicalOrder::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<OrderLocal>(&context.client);
  for (auto& o : orders_) state->executor.AddExpression(*o.expr);
  state->stored.Initialize(stored_types_);
  state->rows = std::make_unique<ColumnDataCollection>(stored_types_, &context.client.memory());
  return state;
}

void PhysicalOrder::Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState&, LocalSinkState& lstate) const {
  auto& local = static_cast<OrderLocal&>(lstate);
  local.stored.Reset();
  idx_t width = types.size();
  for (idx_t c = 0; c < width; c++) local.stored.column(c).Reference(chunk.column(c));
  for (idx_t k = 0; k < orders_.size(); k++) local.executor.ExecuteExpression(k, chunk, local.stored.column(width + k));
  local.stored.SetCardinality(chunk.size());
  local.rows->Append(local.stored);
  // Top-N: prune when the run grows well past what can be returned.
  if (limit_ >= 0) {
    idx_t keep = RowsToKeep(limit_, offset_);
    idx_t slack = keep > std::numeric_limits<idx_t>::max() / 4 ? std::numeric_limits<idx_t>::max() : 4 * keep;
    if (local.rows->Count() > std::max<idx_t>(slack, 8 * kVectorSize)) {
      SortedRun run{std::move(local.rows), {}};
      Truncate(run, keep, stored_types_, &context.client.memory(), keys_);
      local.rows = std::move(run.rows);
    }
  }
}

void PhysicalOrder::Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& local = static_cast<OrderLocal&>(lstate);
  SortedRun run{std::move(local.rows), {}};
  // Sorting the run here runs in parallel: each thread sorts its own.
  if (limit_ >= 0) {
    Truncate(run, RowsToKeep(limit_, offset_), stored_types_, &context.client.memory(), keys_);
  } else {
    run.order = SortRows(*run.rows, keys_);
  }
  auto& global = static_cast<OrderGlobal&>(gstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  global.runs.push_back(std::move(run));
}

void PhysicalOrder::Finalize(ExecutionContext&, GlobalSinkState& gstate) const {
  auto& global = static_cast<OrderGlobal&>(gstate);
  // K-way merge of the sorted runs; ties keep run order (stable within a thread).
  std::vector<idx_t> position(global.runs.size(), 0);
  idx_t total = 0;
  for (auto& r : global.runs) total += r.order.size();
  idx_t wanted = limit_ >= 0 ? std::min<idx_t>(total, RowsToKeep(limit_, offset_)) : total;
  global.merged.reserve(wanted);
  while (global.merged.size() < wanted) {
    int best = -1;
    for (size_t r = 0; r < global.runs.size(); r++) {
      if (position[r] >= global.runs[r].order.size()) continue;
      if (best < 0) {
        best = static_cast<int>(r);
        continue;
      }
      // Compare rows across two collections by copying one into a 2-row collection would be
      // slow; compare cell-wise through a small shim instead.
      const SortedRun& a = global.runs[r];
      const SortedRun& b = global.runs[best];
      idx_t ra = a.order[position[r]], rb = b.order[position[best]];
      int c = 0;
      for (auto& key : keys_) {
        Value va = a.rows->GetValue(key.column, ra), vb = b.rows->GetValue(key.column, rb);
        if (va.IsNull() || vb.IsNull()) {
          if (va.IsNull() && vb.IsNull()) continue;
          c = va.IsNull() ? (key.nulls_first ? -1 : 1) : (key.nulls_first ? 1 : -1);
          break;
        }
        c = va.Compare(vb);
        if (key.descending) c = -c;
        if (c != 0) break;
      }
      if (c < 0) best = static_cast<int>(r);
    }
    global.merged.emplace_back(best, global.runs[best].order[position[best]]);
    position[best]++;
  }
}

namespace {
struct OrderSource : GlobalSourceState {
  idx_t next = 0;
};
}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalOrder::GetGlobalSourceState(ClientContext&) const {
  auto state = std::make_unique<OrderSource>();
  state->next = static_cast<idx_t>(offset_);
  return state;
}

SourceResult PhysicalOrder::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                    LocalSourceState&) const {
  auto& source = static_cast<OrderSource&>(gstate);
  auto& global = static_cast<OrderGlobal&>(*sink_state);
  idx_t total = global.merged.size();
  if (source.next >= total) return SourceResult::kFinished;
  idx_t n = std::min(kVectorSize, total - source.next);
  for (idx_t c = 0; c < types.size(); c++) {
    Vector& out = chunk.column(c);
    out.Reset();
    for (idx_t i = 0; i < n; i++) {
      auto [run, row] = global.merged[source.next + i];
      const DataChunk& src = global.runs[run].rows->GetChunk(row / kVectorSize);
      SelectionVector one(1);
      one.Set(0, row % kVectorSize);
      out.CopyFrom(src.column(c), one, 1, i);
    }
  }
  chunk.SetCardinality(n);
  source.next += n;
  return source.next >= total ? SourceResult::kFinished : SourceResult::kHaveMoreOutput;
}

std::string PhysicalOrder::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < orders_.size(); i++) out += (i ? ", " : "") + orders_[i].ToString();
  if (limit_ >= 0) out += "; limit " + std::to_string(limit_);
  return out;
}

}  // namespace stockroom
