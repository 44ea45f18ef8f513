#include "execution/operator/order/physical_order.hpp"

#include <algorithm>
#include <limits>
#include <mutex>

#include "common/memory/memory_tracker.hpp"
#include "common/types/column_data_collection.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

namespace {

// Rows a top-N keeps: offset + limit, saturated (LIMIT and OFFSET can each be INT64_MAX).
idx_t RowsToKeep(int64_t limit, int64_t offset) {
  return limit > std::numeric_limits<int64_t>::max() - offset ? std::numeric_limits<int64_t>::max()
                                                               : static_cast<idx_t>(limit + offset);
}

// One sorted run: in memory (`rows` in the order `order` gives), or spilled (`file` holds
// the rows in sorted order; `rows` and `order` are empty).
struct SortedRun {
  std::unique_ptr<ColumnDataCollection> rows;
  std::vector<idx_t> order;
  std::unique_ptr<SpillFile> file;
};

// Copies row `row` of `src` to row `at` of `out`, columns 0 to columns - 1.
void CopyRow(const DataChunk& src, idx_t row, DataChunk& out, idx_t at, idx_t columns) {
  sel_t index = static_cast<sel_t>(row);
  SelectionVector one(&index);
  for (idx_t c = 0; c < columns; c++) out.column(c).CopyFrom(src.column(c), one, 1, at);
}

// Calls emit(chunk) on the first `count` rows of run.order, a chunk of up to kVectorSize
// rows at a time.
template <class Emit>
void EmitInOrder(const SortedRun& run, idx_t count, Emit&& emit) {
  DataChunk batch(run.rows->types());
  for (idx_t begin = 0; begin < count; begin += kVectorSize) {
    batch.Reset();
    idx_t n = std::min(kVectorSize, count - begin);
    for (idx_t i = 0; i < n; i++) {
      idx_t row = run.order[begin + i];
      CopyRow(run.rows->GetChunk(row / kVectorSize), row % kVectorSize, batch, i, batch.ColumnCount());
    }
    batch.SetCardinality(n);
    emit(batch);
  }
}

// The last row of `rows` as a one-row chunk of its own.
std::unique_ptr<DataChunk> LastRow(const ColumnDataCollection& rows, const std::vector<LogicalType>& types) {
  auto row = std::make_unique<DataChunk>();
  row->Initialize(types);
  idx_t last = rows.Count() - 1;
  const DataChunk& chunk = rows.GetChunk(last / kVectorSize);
  SelectionVector one(1);
  one.Set(0, last % kVectorSize);
  for (idx_t c = 0; c < types.size(); c++) row->column(c).CopyFrom(chunk.column(c), one, 1, 0);
  row->SetCardinality(1);
  return row;
}

// Keeps only the best `keep` rows of a run (top-N): sort, then copy the prefix.
void Truncate(SortedRun& run, idx_t keep, const std::vector<LogicalType>& types, MemoryTracker* tracker,
              const std::vector<SortKey>& keys) {
  run.order = SortRows(*run.rows, keys);
  if (run.order.size() <= keep) return;
  auto kept = std::make_unique<ColumnDataCollection>(types, tracker);
  EmitInOrder(run, keep, [&](const DataChunk& batch) { kept->Append(batch); });
  run.rows = std::move(kept);
  run.order.resize(keep);
  for (idx_t i = 0; i < keep; i++) run.order[i] = i;
}

// Writes a sorted in-memory run to a spill file in its order and frees its rows (the
// collection returns its reservation; the caller returns what it reserved for the order).
void WriteRun(SortedRun& run, const std::string& directory, SpillStats* stats, MemoryTracker* tracker) {
  MemoryReservation write_buffer(tracker);
  write_buffer.Add(SpillFile::kBufferBytes);
  run.file = std::make_unique<SpillFile>(directory, run.rows->types(), stats);
  EmitInOrder(run, run.order.size(), [&](const DataChunk& batch) { run.file->Append(batch); });
  // Flushes and frees the write buffer now rather than when the merge starts: many runs may
  // wait for it.
  run.file->Rewind();
  run.rows.reset();
  run.order = {};
}

// Bytes the merge holds for the spilled runs: each file's read buffer and the chunk read
// from it (fixed-width vectors plus string bytes, estimated from the file's bytes per row).
uint64_t MergeBytes(const std::vector<SortedRun>& runs) {
  uint64_t bytes = 0;
  for (auto& run : runs) {
    if (!run.file || run.file->Count() == 0) continue;
    uint64_t row_width = run.file->SizeInBytes() / run.file->Count() + 1;
    for (auto& type : run.file->types()) row_width += PhysicalSize(type.physical());
    bytes += SpillFile::kBufferBytes + row_width * kVectorSize;
  }
  return bytes;
}

struct OrderLocal : LocalSinkState {
  explicit OrderLocal(ClientContext* context) : executor(context), sort_memory(&context->memory()) {}

  ExpressionExecutor executor;
  DataChunk stored;
  std::unique_ptr<ColumnDataCollection> rows;
  // Full sorts: reserved for sorting `rows` (SortRowsBytes), as they are appended.
  MemoryReservation sort_memory;
  // This thread's spilled runs, in the order they were written.
  std::vector<SortedRun> spilled;
  bool sinking = false;  // counted in OrderGlobal::sinking_threads
  // Top-N: the last row kept by the latest truncation (one row, flat). A row that sorts
  // after it cannot be among the first `keep`, so it is not stored at all.
  std::unique_ptr<DataChunk> boundary;
};

struct OrderGlobal : GlobalSinkState {
  OrderGlobal(ClientContext& context, const std::vector<SortKey>& keys, SpillStats* stats)
      : tracker(&context.memory()),
        directory(context.db().spill_directory()),
        keys(keys),
        stats(stats),
        order_memory(tracker) {}

  // Called when the query is past three quarters of its limit during a full sort. Writes out
  // the largest part of the sort's rows in memory, so that runs stay large and few: the runs
  // finished threads kept in memory, or this thread's rows. A thread holding less than half
  // an average thread's rows leaves it to a larger thread's next Sink, unless the query is
  // past seven eighths of its limit (the larger thread may be slow to come).
  void SpillLargest(OrderLocal& local) {
    // One spill at a time: a thread that waited here finds the room the other one made.
    std::lock_guard<std::mutex> spill_lock(spill_mutex);
    if (!tracker->ShouldSpill()) return;
    idx_t own = local.rows->Count();
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (rows_in_memory > own) {
        SpillRunsInMemory();
        return;
      }
    }
    bool small = own * 2 * sinking_threads.load() < sinking_rows.load();
    if (small && tracker->used() <= tracker->limit() / 8 * 7) return;
    SortedRun run{std::move(local.rows), {}, nullptr};
    run.order = SortRows(*run.rows, keys);
    WriteRun(run, directory, stats, tracker);
    local.rows = std::make_unique<ColumnDataCollection>(run.file->types(), tracker);
    local.spilled.push_back(std::move(run));
    local.sort_memory.Release(local.sort_memory.bytes());
    sinking_rows -= own;
  }

  // Writes the in-memory runs to spill files. Caller holds `mutex` or is the only thread.
  void SpillRunsInMemory() {
    for (auto& run : runs) {
      if (run.file || run.order.empty()) continue;
      uint64_t bytes = run.order.size() * sizeof(idx_t);
      rows_in_memory -= run.order.size();
      WriteRun(run, directory, stats, tracker);
      order_memory.Release(bytes);
    }
  }

  MemoryTracker* tracker;
  std::string directory;
  const std::vector<SortKey>& keys;
  SpillStats* stats;

  std::mutex mutex;  // guards the members up to spill_mutex
  // The runs in merge order. A thread adds all its runs at once, in the order its rows came
  // (spilled runs first), so a merge that takes ties in run order keeps each thread's input
  // order.
  std::vector<SortedRun> runs;
  MemoryReservation order_memory;  // for the `order` of the in-memory runs of a full sort
  idx_t rows_in_memory = 0;        // rows of the in-memory runs of a full sort

  std::mutex spill_mutex;
  // Threads still sinking and the rows their collections hold (full sorts).
  std::atomic<idx_t> sinking_threads{0};
  std::atomic<idx_t> sinking_rows{0};
};

// Reads a sorted run row by row for the merge: an in-memory run through its order, a
// spilled run one chunk at a time.
class RunReader {
 public:
  explicit RunReader(SortedRun& run) : run_(&run) {
    if (run.file) {
      run.file->Rewind();
      valid_ = run.file->Read(buffer_);
    } else {
      valid_ = !run.order.empty();
    }
  }

  // Whether the reader is on a row; false once the run is exhausted.
  bool valid() const { return valid_; }
  const DataChunk& chunk() const {
    return run_->file ? buffer_ : run_->rows->GetChunk(run_->order[next_] / kVectorSize);
  }
  idx_t row() const { return run_->file ? next_ : run_->order[next_] % kVectorSize; }

  void Advance() {
    next_++;
    if (!run_->file) {
      valid_ = next_ < run_->order.size();
    } else if (next_ == buffer_.size()) {
      next_ = 0;
      valid_ = run_->file->Read(buffer_);
    }
  }

 private:
  SortedRun* run_;
  DataChunk buffer_;  // the spilled run's current chunk
  idx_t next_ = 0;    // position in the order, or row of buffer_
  bool valid_ = false;
};

// The merge of all runs: a heap of the readers that have rows left, ordered by their
// current rows, then by run number (so ties keep run order). Memory for the spilled runs'
// readers is reserved while it lives.
struct OrderSource : GlobalSourceState {
  OrderSource(MemoryTracker* tracker, const std::vector<SortKey>& keys) : keys(keys), merge_memory(tracker) {}

  // Whether reader a's row comes after reader b's.
  bool After(uint32_t a, uint32_t b) const {
    int c = CompareChunkRows(readers[a].chunk(), readers[a].row(), readers[b].chunk(), readers[b].row(), keys);
    return c > 0 || (c == 0 && a > b);
  }

  const std::vector<SortKey>& keys;
  MemoryReservation merge_memory;
  std::vector<RunReader> readers;
  std::vector<uint32_t> heap;  // indexes of readers; the next row to emit on top
  idx_t skip = 0;              // rows of OFFSET still to skip (top-N)
  idx_t left = 0;              // rows still to emit
};

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

std::unique_ptr<GlobalSinkState> PhysicalOrder::GetGlobalSinkState(ClientContext& context) const {
  return std::make_unique<OrderGlobal>(context, keys_, &spill_stats_);
}

std::unique_ptr<LocalSinkState> PhysicalOrder::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<OrderLocal>(&context.client);
  for (auto& o : orders_) state->executor.AddExpression(*o.expr);
  state->stored.Initialize(stored_types_);
  state->rows = std::make_unique<ColumnDataCollection>(stored_types_, &context.client.memory());
  return state;
}

void PhysicalOrder::Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
                         LocalSinkState& lstate) const {
  auto& local = static_cast<OrderLocal&>(lstate);
  local.stored.Reset();
  idx_t width = types.size();
  for (idx_t c = 0; c < width; c++) local.stored.column(c).Reference(chunk.column(c));
  for (idx_t k = 0; k < orders_.size(); k++) local.executor.ExecuteExpression(k, chunk, local.stored.column(width + k));
  local.stored.SetCardinality(chunk.size());
  if (limit_ >= 0 && local.boundary && !KeepBeforeBoundary(local.stored, *local.boundary)) return;
  local.rows->Append(local.stored);
  MemoryTracker& memory = context.client.memory();
  // Top-N: prune when the run grows well past what can be returned.
  if (limit_ >= 0) {
    idx_t keep = RowsToKeep(limit_, offset_);
    idx_t slack = keep > std::numeric_limits<idx_t>::max() / 4 ? std::numeric_limits<idx_t>::max() : 4 * keep;
    if (local.rows->Count() > std::max<idx_t>(slack, 8 * kVectorSize)) {
      SortedRun run{std::move(local.rows), {}, nullptr};
      Truncate(run, keep, stored_types_, &memory, keys_);
      local.rows = std::move(run.rows);
      local.boundary = LastRow(*local.rows, stored_types_);
    }
    return;
  }
  // Full sort: budget the sort of these rows with them, so that a spill (which sorts) has
  // its memory.
  local.sort_memory.Add(SortRowsBytes(chunk.size()));
  auto& global = static_cast<OrderGlobal&>(gstate);
  if (!local.sinking) {
    local.sinking = true;
    global.sinking_threads++;
  }
  global.sinking_rows += chunk.size();
  if (memory.ShouldSpill()) global.SpillLargest(local);
}

bool PhysicalOrder::KeepBeforeBoundary(DataChunk& stored, const DataChunk& boundary) const {
  idx_t n = stored.size();
  for (auto& key : keys_) stored.column(key.column).Flatten(n);
  SelectionVector sel(n);
  idx_t kept = 0;
  // Ties with the boundary are kept: which of equal rows a LIMIT returns is up to the sort.
  for (idx_t i = 0; i < n; i++) {
    if (CompareChunkRows(stored, i, boundary, 0, keys_) <= 0) sel.Set(kept++, i);
  }
  if (kept < n) stored.Slice(sel, kept);
  return kept > 0;
}

void PhysicalOrder::Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& local = static_cast<OrderLocal&>(lstate);
  auto& global = static_cast<OrderGlobal&>(gstate);
  MemoryTracker& memory = context.client.memory();
  SortedRun run{std::move(local.rows), {}, nullptr};
  // Sorting the run here runs in parallel: each thread sorts its own.
  if (limit_ >= 0) {
    Truncate(run, RowsToKeep(limit_, offset_), stored_types_, &memory, keys_);
  } else {
    if (local.sinking) {
      global.sinking_threads--;
      global.sinking_rows -= run.rows->Count();
    }
    run.order = SortRows(*run.rows, keys_);
    // Still past three quarters of the limit (other threads' rows grew): spill this run too.
    if (!run.order.empty() && memory.ShouldSpill()) WriteRun(run, global.directory, global.stats, &memory);
    // The order of a run kept in memory keeps its share of the sort's reservation.
    local.sort_memory.MoveTo(global.order_memory, run.order.size() * sizeof(idx_t));
    local.sort_memory.Release(local.sort_memory.bytes());
  }
  std::lock_guard<std::mutex> lock(global.mutex);
  for (auto& spilled : local.spilled) global.runs.push_back(std::move(spilled));
  if (limit_ < 0) global.rows_in_memory += run.order.size();
  global.runs.push_back(std::move(run));
}

void PhysicalOrder::Finalize(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<OrderGlobal&>(gstate);
  MemoryTracker& memory = context.client.memory();
  // Once the sort spilled, the merge keeps the in-memory runs only while they and its buffers
  // (a read buffer and a chunk per spilled run) take at most half the limit; else it writes
  // them out too, leaving room to the operators that consume the sorted rows (a window, the
  // query's result), which cannot spill.
  uint64_t merge_bytes = MergeBytes(global.runs);
  if (merge_bytes > 0 && memory.used() + merge_bytes > memory.limit() / 2) global.SpillRunsInMemory();
}

std::unique_ptr<GlobalSourceState> PhysicalOrder::GetGlobalSourceState(ClientContext& context) const {
  auto& global = static_cast<OrderGlobal&>(*sink_state);
  auto state = std::make_unique<OrderSource>(&context.memory(), keys_);
  state->merge_memory.Add(MergeBytes(global.runs));
  state->readers.reserve(global.runs.size());
  for (auto& run : global.runs) {
    state->readers.emplace_back(run);
    if (state->readers.back().valid()) state->heap.push_back(static_cast<uint32_t>(state->readers.size() - 1));
  }
  auto after = [&s = *state](uint32_t a, uint32_t b) { return s.After(a, b); };
  std::make_heap(state->heap.begin(), state->heap.end(), after);
  state->skip = static_cast<idx_t>(offset_);
  state->left = limit_ >= 0 ? static_cast<idx_t>(limit_) : std::numeric_limits<idx_t>::max();
  return state;
}

SourceResult PhysicalOrder::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                    LocalSourceState&) const {
  auto& source = static_cast<OrderSource&>(gstate);
  auto after = [&source](uint32_t a, uint32_t b) { return source.After(a, b); };
  auto& heap = source.heap;
  chunk.Reset();
  idx_t n = 0;
  while (n < kVectorSize && source.left > 0 && !heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), after);
    RunReader& reader = source.readers[heap.back()];
    if (source.skip > 0) {
      source.skip--;
    } else {
      CopyRow(reader.chunk(), reader.row(), chunk, n++, types.size());
      source.left--;
    }
    reader.Advance();
    if (reader.valid()) {
      std::push_heap(heap.begin(), heap.end(), after);
    } else {
      heap.pop_back();
    }
  }
  chunk.SetCardinality(n);
  return source.left == 0 || heap.empty() ? SourceResult::kFinished : SourceResult::kHaveMoreOutput;
}

std::string PhysicalOrder::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < orders_.size(); i++) out += (i ? ", " : "") + orders_[i].ToString();
  if (limit_ >= 0) out += "; limit " + std::to_string(limit_);
  return out;
}

std::string PhysicalOrder::AnalyzeDetails() const { return spill_stats_.ToString(); }

}  // namespace stockroom
