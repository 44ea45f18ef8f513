#include "execution/operator/window/physical_window.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>

#include "common/error/exception.hpp"
#include "common/memory/memory_tracker.hpp"
#include "common/types/column_data_collection.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/window/window_part.hpp"
#include "execution/operator/window/window_partitions.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

struct WindowGlobal : GlobalSinkState {
  WindowLayout layout;
  std::vector<FrameDefinition> frames;  // per window
  std::mutex mutex;                     // guards rows and the start of spilling
  std::unique_ptr<ColumnDataCollection> rows;
  std::unique_ptr<WindowPart> part;  // the computed input, unless it spilled
  // Set (under mutex) once the query passed three quarters of its limit: every row sunk
  // since, and the rows held before, go to `spilled` by their spill keys.
  std::atomic<bool> spilling{false};
  std::unique_ptr<WindowPartitions> spilled;
  std::atomic<idx_t> rows_sunk{0};
};

struct WindowLocal : LocalSinkState {
  explicit WindowLocal(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
  DataChunk payload;
  std::unique_ptr<ColumnDataCollection> rows;
};

// Bytes a row of a part takes while it is computed, besides the row itself: sort entries and
// order, peer groups, gathered columns and results (a rough upper bound for a few windows).
constexpr uint64_t kComputeBytesPerRow = 128;
// Levels a spilled part may be split to when it is still too large to compute.
constexpr idx_t kSplitLevels = 3;

bool IsOutOfMemory(const SqlError& error) { return error.code() == ErrorCode::kOutOfMemory; }

// The 53200 of a window operator that could not spill, saying why.
SqlError CannotSpill(const SqlError& error) {
  return SqlError(ErrorCode::kOutOfMemory,
                  "out of memory: window functions without a PARTITION BY cannot spill to disk")
      .WithDetail(error.detail() +
                  " Only windows that all share a PARTITION BY column can be computed a part at a time.")
      .WithHint("Raise memory_limit (SET memory_limit), or partition the window.");
}

// The 53200 of a spilled part that still does not fit.
SqlError PartTooLarge(const SqlError& error, idx_t rows) {
  return SqlError(ErrorCode::kOutOfMemory,
                  "out of memory: a window partition is too large to compute within memory_limit")
      .WithDetail(error.detail() + " A spilled part of " + std::to_string(rows) +
                  " rows, which could not be split further by its PARTITION BY values, did not fit.")
      .WithHint("Raise memory_limit (SET memory_limit), or partition the window by more columns.");
}

// Starts spilling, once: chooses the number of parts from what was sunk so far and the
// planner's estimate, and writes the rows already combined.
void StartSpilling(ClientContext& client, WindowGlobal& global, double estimated_rows, SpillStats& stats) {
  std::lock_guard<std::mutex> lock(global.mutex);
  if (global.spilling) return;
  MemoryTracker& memory = client.memory();
  idx_t seen = std::max<idx_t>(global.rows_sunk.load(), 1);
  // What the query holds is mostly these rows; counting all of it errs toward more parts.
  uint64_t row_bytes = memory.used() / seen + 1;
  idx_t expected = std::max<idx_t>(seen, static_cast<idx_t>(std::min(estimated_rows, 1e12)));
  idx_t parts = WindowPartitions::PartsFor(row_bytes * expected, expected, kComputeBytesPerRow, memory.limit(),
                                           WindowPartitions::kMinParts);
  global.spilled = std::make_unique<WindowPartitions>(client, global.layout.payload_types, global.layout.spill_keys,
                                                      parts, 0, stats);
  global.spilled->Append(*global.rows);
  global.rows = std::make_unique<ColumnDataCollection>(global.layout.payload_types, &memory);
  global.spilling = true;
}

// Reads the spilled parts back for the source, one at a time.
struct WindowSource : GlobalSourceState {
  struct Pending {
    std::unique_ptr<SpillFile> file;
    idx_t level;
    bool splittable;  // false once a split left all its rows together (one key value)
  };
  idx_t next = 0;                    // next output position in the part being emitted
  std::vector<Pending> pending;      // spilled parts still to compute, the next one last
  std::unique_ptr<WindowPart> part;  // the spilled part being emitted
};

// Takes the next pending part: splits it again when it is too large to compute and can be
// split, else reads it back and computes it into source.part.
void LoadNextPart(ExecutionContext& context, const WindowGlobal& global, WindowSource& source, SpillStats& stats) {
  ClientContext& client = context.client;
  MemoryTracker& memory = client.memory();
  const WindowLayout& layout = global.layout;
  WindowSource::Pending next = std::move(source.pending.back());
  source.pending.pop_back();
  SpillFile& file = *next.file;
  idx_t rows = file.Count();
  uint64_t bytes = file.SizeInBytes();
  if (next.splittable && next.level < kSplitLevels && bytes + rows * kComputeBytesPerRow > memory.limit() / 4) {
    WindowPartitions split(client, layout.payload_types, layout.spill_keys,
                           WindowPartitions::PartsFor(bytes, rows, kComputeBytesPerRow, memory.limit(), 2),
                           next.level + 1, stats);
    DataChunk chunk;
    while (file.Read(chunk)) split.Append(chunk);
    next.file.reset();
    for (idx_t p = split.count(); p-- > 0;) {
      std::unique_ptr<SpillFile> child = split.Take(p);
      if (!child) continue;
      bool splittable = child->Count() < rows;
      source.pending.push_back({std::move(child), next.level + 1, splittable});
    }
    return;
  }
  auto part = std::make_unique<WindowPart>(&memory);
  try {
    part->rows = std::make_unique<ColumnDataCollection>(layout.payload_types, &memory);
    DataChunk chunk;
    while (file.Read(chunk)) part->rows->Append(chunk);
    next.file.reset();
    ComputeWindowPart(context, layout, global.frames, *part);
  } catch (const SqlError& error) {
    if (IsOutOfMemory(error)) throw PartTooLarge(error, rows);
    throw;
  }
  source.part = std::move(part);
  source.next = 0;
}

}  // namespace

PhysicalWindow::PhysicalWindow(std::vector<LogicalType> types, BoundExpressionList windows, double estimated_rows)
    : PhysicalOperator("WINDOW", std::move(types), estimated_rows), windows_(std::move(windows)) {
  // Checks the window clauses now, as PostgreSQL does while parsing.
  BuildWindowLayout(windows_, this->types);
}

std::unique_ptr<GlobalSinkState> PhysicalWindow::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<WindowGlobal>();
  state->layout = BuildWindowLayout(windows_, types);
  state->rows = std::make_unique<ColumnDataCollection>(state->layout.payload_types, &context.memory());
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalWindow::GetLocalSinkState(ExecutionContext& context) const {
  auto& global = static_cast<WindowGlobal&>(*sink_state);
  auto state = std::make_unique<WindowLocal>(&context.client);
  for (auto* e : global.layout.computed) state->executor.AddExpression(*e);
  state->payload.Initialize(global.layout.payload_types);
  state->rows = std::make_unique<ColumnDataCollection>(global.layout.payload_types, &context.client.memory());
  return state;
}

void PhysicalWindow::Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
                          LocalSinkState& lstate) const {
  auto& global = static_cast<WindowGlobal&>(gstate);
  auto& local = static_cast<WindowLocal&>(lstate);
  idx_t inputs = global.layout.input_count;
  local.payload.Reset();
  for (idx_t c = 0; c < inputs; c++) local.payload.column(c).Reference(chunk.column(c));
  for (idx_t k = 0; k < global.layout.computed.size(); k++) {
    local.executor.ExecuteExpression(k, chunk, local.payload.column(inputs + k));
  }
  local.payload.SetCardinality(chunk.size());
  if (global.layout.spill_keys.empty()) {
    try {
      local.rows->Append(local.payload);
    } catch (const SqlError& error) {
      if (IsOutOfMemory(error)) throw CannotSpill(error);
      throw;
    }
    return;
  }
  global.rows_sunk += chunk.size();
  MemoryTracker& memory = context.client.memory();
  if (!global.spilling) {
    local.rows->Append(local.payload);
    if (!memory.ShouldSpill()) return;
    StartSpilling(context.client, global, estimated_rows, spill_stats_);
    global.spilled->Append(*local.rows);
    local.rows = std::make_unique<ColumnDataCollection>(global.layout.payload_types, &memory);
    return;
  }
  // Spilling: the rows this thread held from before go out first, then each chunk as it comes.
  if (local.rows->Count() > 0) {
    global.spilled->Append(*local.rows);
    local.rows = std::make_unique<ColumnDataCollection>(global.layout.payload_types, &memory);
  }
  global.spilled->Append(local.payload);
}

void PhysicalWindow::Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<WindowGlobal&>(gstate);
  auto& local = static_cast<WindowLocal&>(lstate);
  // Combining may copy this thread's rows (when the rows combined before end in a partial
  // chunk): spill instead if the copy would take the query past the threshold.
  bool spillable = !global.layout.spill_keys.empty();
  if (spillable && !global.spilling && context.client.memory().ShouldSpill(local.rows->ReservedBytes())) {
    StartSpilling(context.client, global, estimated_rows, spill_stats_);
  }
  std::lock_guard<std::mutex> lock(global.mutex);
  if (global.spilling) {
    global.spilled->Append(*local.rows);
    local.rows.reset();
    return;
  }
  try {
    global.rows->Combine(*local.rows);
  } catch (const SqlError& error) {
    if (IsOutOfMemory(error) && !spillable) throw CannotSpill(error);
    throw;
  }
}

void PhysicalWindow::Finalize(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<WindowGlobal&>(gstate);
  global.frames = EvaluateWindowFrames(context.client, global.layout);
  // Rows that fit, but whose sort and results would take the query past three quarters of
  // its limit, spill now (the input is known: no estimate).
  idx_t count = global.rows->Count();
  bool spillable = !global.layout.spill_keys.empty();
  if (spillable && !global.spilling && context.client.memory().ShouldSpill(count * kComputeBytesPerRow)) {
    StartSpilling(context.client, global, 0, spill_stats_);
  }
  // A spilled input is computed a part at a time as the source reads it.
  if (global.spilling) return;
  global.part = std::make_unique<WindowPart>(&context.client.memory());
  global.part->rows = std::move(global.rows);
  try {
    ComputeWindowPart(context, global.layout, global.frames, *global.part);
  } catch (const SqlError& error) {
    if (IsOutOfMemory(error) && !spillable) throw CannotSpill(error);
    throw;
  }
}

std::unique_ptr<GlobalSourceState> PhysicalWindow::GetGlobalSourceState(ClientContext&) const {
  auto& global = static_cast<WindowGlobal&>(*sink_state);
  auto source = std::make_unique<WindowSource>();
  if (global.spilling) {
    // Part 0 is computed first: pending is taken from the back.
    for (idx_t p = global.spilled->count(); p-- > 0;) {
      std::unique_ptr<SpillFile> file = global.spilled->Take(p);
      if (file) source->pending.push_back({std::move(file), 0, true});
    }
    global.spilled.reset();
  }
  return source;
}

SourceResult PhysicalWindow::GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                                     LocalSourceState&) const {
  auto& source = static_cast<WindowSource&>(gstate);
  auto& global = static_cast<WindowGlobal&>(*sink_state);
  if (!global.spilling) {
    idx_t count = global.part->rows->Count();
    if (source.next >= count) return SourceResult::kFinished;
    source.next += EmitWindowRows(global.layout, *global.part, source.next, chunk);
    return source.next >= count ? SourceResult::kFinished : SourceResult::kHaveMoreOutput;
  }
  // Spilled: emit the current part, then free it and compute the next.
  while (!source.part || source.next >= source.part->rows->Count()) {
    source.part.reset();
    if (source.pending.empty()) return SourceResult::kFinished;
    LoadNextPart(context, global, source, spill_stats_);
  }
  source.next += EmitWindowRows(global.layout, *source.part, source.next, chunk);
  bool last = source.pending.empty() && source.next >= source.part->rows->Count();
  return last ? SourceResult::kFinished : SourceResult::kHaveMoreOutput;
}

std::string PhysicalWindow::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < windows_.size(); i++) out += (i ? ", " : "") + windows_[i]->ToString();
  return out;
}

std::string PhysicalWindow::AnalyzeDetails() const { return spill_stats_.ToString(); }

}  // namespace stockroom
