#include "execution/operator/window/physical_window.hpp"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <mutex>

#include "common/error/exception.hpp"
#include "common/memory/memory_tracker.hpp"
#include "common/types/column_data_collection.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/window/window_aggregator.hpp"
#include "execution/operator/window/window_frame.hpp"
#include "execution/operator/window/window_partitions.hpp"
#include "execution/operator/window/window_sort.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

// One window expression, resolved to columns of the stored rows.
struct WindowColumn {
  const BoundWindow* expr;
  std::vector<idx_t> args;
  int64_t filter = -1;
  idx_t spec = 0;
  idx_t slot = 0;  // position among its spec's windows
};

// Windows with the same PARTITION BY and ORDER BY share peer groups and tasks.
struct SpecLayout {
  std::vector<idx_t> partitions;
  std::vector<SortKey> orders;
  idx_t group = 0;
  std::vector<idx_t> windows;
};

// Stored rows are the input columns followed by the computed (non-column) expressions the
// windows use. Specs whose sort keys are a prefix of a group's keys share that group's sort.
struct Layout {
  idx_t input_count = 0;
  std::vector<LogicalType> payload_types;
  std::vector<const BoundExpression*> computed;
  std::vector<WindowColumn> windows;
  std::vector<SpecLayout> specs;
  std::vector<std::vector<SortKey>> groups;
  // Partition columns every window has, ascending; empty when some window has none. Rows
  // equal on them are in one partition of every window, so a spill splits the input by them.
  std::vector<idx_t> spill_keys;
};

bool SameKey(const SortKey& a, const SortKey& b) {
  return a.column == b.column && a.descending == b.descending && a.nulls_first == b.nulls_first;
}

std::vector<SortKey> SpecSortKeys(const SpecLayout& spec) {
  std::vector<SortKey> keys;
  for (idx_t c : spec.partitions) keys.push_back({c, false, false});
  keys.insert(keys.end(), spec.orders.begin(), spec.orders.end());
  return keys;
}

Layout BuildLayout(const BoundExpressionList& windows, const std::vector<LogicalType>& types) {
  Layout layout;
  layout.input_count = types.size() - windows.size();
  layout.payload_types.assign(types.begin(), types.begin() + layout.input_count);
  auto column_of = [&](const BoundExpression& e) -> idx_t {
    if (e.kind == BoundExprKind::kReference) {
      idx_t index = static_cast<const BoundReference&>(e).index;
      if (index < layout.input_count) return index;
    }
    for (size_t i = 0; i < layout.computed.size(); i++) {
      if (layout.computed[i]->Equals(e)) return layout.input_count + i;
    }
    layout.computed.push_back(&e);
    layout.payload_types.push_back(e.type);
    return layout.payload_types.size() - 1;
  };
  for (auto& w : windows) {
    if (w->kind != BoundExprKind::kWindow) throw InternalError("window operator given a non-window expression");
    const auto& window = static_cast<const BoundWindow&>(*w);
    WindowColumn column;
    column.expr = &window;
    SpecLayout spec;
    for (auto& p : window.partitions) spec.partitions.push_back(column_of(*p));
    for (auto& o : window.orders) spec.orders.push_back({column_of(*o.expr), o.descending, o.nulls_first});
    for (auto& c : window.children) column.args.push_back(column_of(*c));
    if (window.filter) column.filter = static_cast<int64_t>(column_of(*window.filter));
    const BoundFrame& frame = window.frame;
    if (frame.mode == FrameMode::kGroups && window.orders.empty()) {
      throw SqlError(ErrorCode::kWindowingError, "GROUPS mode requires an ORDER BY clause",
                     window.location >= 0 ? window.location + 1 : 0);
    }
    if (frame.mode == FrameMode::kRange && (frame.start_offset || frame.end_offset) && !window.orders.empty()) {
      for (auto* offset : {frame.start_offset.get(), frame.end_offset.get()}) {
        if (offset) RangeOffset::CheckTypes(window.orders[0].expr->type, offset->type, offset->location);
      }
    }
    idx_t found = layout.specs.size();
    for (idx_t s = 0; s < layout.specs.size(); s++) {
      const SpecLayout& other = layout.specs[s];
      if (other.partitions != spec.partitions || other.orders.size() != spec.orders.size()) continue;
      bool same = true;
      for (size_t k = 0; k < spec.orders.size(); k++) same = same && SameKey(other.orders[k], spec.orders[k]);
      if (same) {
        found = s;
        break;
      }
    }
    if (found == layout.specs.size()) layout.specs.push_back(std::move(spec));
    column.spec = found;
    column.slot = layout.specs[found].windows.size();
    layout.specs[found].windows.push_back(layout.windows.size());
    layout.windows.push_back(std::move(column));
  }
  // Sort groups: the specs with the most keys first, each joining a group it is a prefix of.
  std::vector<idx_t> by_keys(layout.specs.size());
  for (idx_t s = 0; s < by_keys.size(); s++) by_keys[s] = s;
  std::stable_sort(by_keys.begin(), by_keys.end(), [&](idx_t a, idx_t b) {
    return SpecSortKeys(layout.specs[a]).size() > SpecSortKeys(layout.specs[b]).size();
  });
  for (idx_t s : by_keys) {
    std::vector<SortKey> keys = SpecSortKeys(layout.specs[s]);
    idx_t group = layout.groups.size();
    for (idx_t g = 0; g < layout.groups.size(); g++) {
      const auto& have = layout.groups[g];
      bool prefix = keys.size() <= have.size();
      for (size_t k = 0; prefix && k < keys.size(); k++) prefix = SameKey(keys[k], have[k]);
      if (prefix) {
        group = g;
        break;
      }
    }
    if (group == layout.groups.size()) layout.groups.push_back(keys);
    layout.specs[s].group = group;
  }
  for (idx_t s = 0; s < layout.specs.size(); s++) {
    std::vector<idx_t> keys = layout.specs[s].partitions;
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    if (s == 0) {
      layout.spill_keys = std::move(keys);
      continue;
    }
    std::vector<idx_t> common;
    std::set_intersection(layout.spill_keys.begin(), layout.spill_keys.end(), keys.begin(), keys.end(),
                          std::back_inserter(common));
    layout.spill_keys = std::move(common);
  }
  return layout;
}

// A run of whole partitions of one spec, computed by one thread: results[slot] holds its
// windows' values for sorted positions [begin, end) of the spec's group.
struct Task {
  idx_t spec;
  idx_t begin;
  idx_t end;
  idx_t first_partition;  // index into the spec's partition starts
  idx_t last_partition;
  std::vector<Vector> results;
};

struct SpecState {
  std::vector<idx_t> partition_starts;  // sorted positions
  std::vector<idx_t> tasks;             // ascending positions
  std::vector<idx_t> task_begins;
};

// Rows with every window computed: the whole input, or one spilled part of it. Owns the
// rows and the memory reserved for sorting and results; freeing it frees them.
struct WindowPart {
  explicit WindowPart(MemoryTracker* tracker) : reserved(tracker) {}
  std::unique_ptr<ColumnDataCollection> rows;
  std::vector<SortedRows> sorted;             // per group
  std::vector<std::vector<idx_t>> positions;  // per group (except the output one): row -> position
  std::vector<SpecState> specs;
  std::vector<Task> tasks;
  idx_t output_group = 0;
  MemoryReservation reserved;
};

struct WindowGlobal : GlobalSinkState {
  Layout layout;
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

template <class F>
void ForPhysical(PhysicalType type, F&& f) {
  switch (type) {
    case PhysicalType::kBool:
      return f.template operator()<bool>();
    case PhysicalType::kInt16:
      return f.template operator()<int16_t>();
    case PhysicalType::kInt32:
      return f.template operator()<int32_t>();
    case PhysicalType::kInt64:
      return f.template operator()<int64_t>();
    case PhysicalType::kInt128:
      return f.template operator()<int128_t>();
    case PhysicalType::kFloat:
      return f.template operator()<float>();
    case PhysicalType::kDouble:
      return f.template operator()<double>();
    case PhysicalType::kString:
      return f.template operator()<StringRef>();
    case PhysicalType::kInterval:
      return f.template operator()<Interval>();
    case PhysicalType::kVarNumeric:
      return f.template operator()<VarNumeric>();
  }
}

// Copies one value between flat vectors; string bytes go into dst's heap.
template <class T>
inline void CopyValue(const Vector& src, idx_t from, Vector& dst, idx_t to) {
  if (!src.validity().RowIsValid(from)) {
    dst.validity().SetInvalid(to);
    return;
  }
  if constexpr (std::is_same_v<T, StringRef>) {
    dst.Data<StringRef>()[to] = dst.heap().Copy(src.Data<StringRef>()[from]);
  } else {
    dst.Data<T>()[to] = src.Data<T>()[from];
  }
}

// Copies rows ids[0..n) of column `column` of `rows` to out[offset..offset+n).
void GatherRows(const ColumnDataCollection& rows, idx_t column, const idx_t* ids, idx_t n, Vector& out,
                idx_t offset) {
  // Rows are scattered: fetch a few ahead so the cache misses overlap.
  constexpr idx_t kAhead = 16;
  ForPhysical(out.type().physical(), [&]<class T>() {
    for (idx_t i = 0; i < n; i++) {
      if (i + kAhead < n) {
        idx_t ahead = ids[i + kAhead];
        __builtin_prefetch(rows.GetChunk(ahead / kVectorSize).column(column).Data<T>() + ahead % kVectorSize);
      }
      idx_t row = ids[i];
      CopyValue<T>(rows.GetChunk(row / kVectorSize).column(column), row % kVectorSize, out, offset + i);
    }
  });
}

bool IsTrue(const Vector& v, idx_t row) { return v.validity().RowIsValid(row) && v.Data<bool>()[row]; }

// Rows of one partition below which its work is not split between threads.
constexpr idx_t kParallelRows = 16 * kVectorSize;

// Splits rows [first, last) into `pieces` ranges whose inner bounds are multiples of 64, so
// threads writing different ranges of one vector never share a validity bitmap word.
idx_t PieceBound(idx_t first, idx_t last, idx_t piece, idx_t pieces) {
  if (piece == 0) return first;
  if (piece >= pieces) return last;
  idx_t bound = (first + (last - first) * piece / pieces) / 64 * 64;
  return std::clamp(bound, first, last);
}

// Gives `v` its validity bitmap now, so threads may clear bits in it without one of them
// allocating it. Without a bitmap every row is valid, so setting row 0 back is right.
void MakeValidityWritable(Vector& v) {
  if (!v.validity().AllValid()) return;
  v.validity().SetInvalid(0);
  v.validity().SetValid(0);
}

// Everything one task needs while it computes its partitions.
class TaskRunner {
 public:
  TaskRunner(ExecutionContext& context, const Layout& layout, const std::vector<FrameDefinition>& frames,
             const WindowPart& part, Task& task)
      : context_(context),
        layout_(layout),
        frames_(frames),
        part_(part),
        task_(task),
        reserved_(&context.client.memory()) {}

  void Run() {
    const Layout& layout = layout_;
    const SpecLayout& spec = layout.specs[task_.spec];
    const SortedRows& sorted = part_.sorted[spec.group];
    const ColumnDataCollection& rows = *part_.rows;
    idx_t n = task_.end - task_.begin;
    const idx_t* ids = sorted.order.data() + task_.begin;
    // Gather the columns the spec's windows read, in sorted order.
    std::vector<idx_t> needed;
    for (idx_t w : spec.windows) {
      const WindowColumn& window = layout.windows[w];
      needed.insert(needed.end(), window.args.begin(), window.args.end());
      if (window.filter >= 0) needed.push_back(window.filter);
      if (frames_[w].start_range || frames_[w].end_range) needed.push_back(spec.orders[0].column);
    }
    std::sort(needed.begin(), needed.end());
    needed.erase(std::unique(needed.begin(), needed.end()), needed.end());
    uint64_t bytes = n * (sizeof(idx_t) * 5);
    for (idx_t c : needed) bytes += n * PhysicalSize(layout.payload_types[c].physical());
    for (idx_t w : spec.windows) bytes += n * PhysicalSize(layout.windows[w].expr->type.physical());
    reserved_.Add(bytes);
    columns_.assign(layout.payload_types.size(), Vector());
    for (idx_t c : needed) {
      columns_[c] = Vector(layout.payload_types[c], std::max<idx_t>(n, 1));
      Gather(rows, c, ids, n, columns_[c]);
    }
    // Peer groups: a new group at each partition start and each change of the ORDER BY keys.
    const SpecState& spec_state = part_.specs[task_.spec];
    const auto& starts = spec_state.partition_starts;
    peers_.group_of.resize(n);
    idx_t next_partition = task_.first_partition;
    const uint8_t* common = sorted.common.data() + task_.begin;
    idx_t peer_keys = spec.partitions.size() + spec.orders.size();
    for (idx_t i = 0; i < n; i++) {
      bool partition_start = next_partition < task_.last_partition && starts[next_partition] == task_.begin + i;
      if (partition_start) next_partition++;
      if (i == 0 || partition_start || (!spec.orders.empty() && common[i] < peer_keys)) {
        if (i > 0) peers_.end.push_back(i);
        peers_.begin.push_back(i);
      }
      peers_.group_of[i] = peers_.begin.size() - 1;
    }
    peers_.end.push_back(n);
    frame_begin_.resize(n);
    frame_end_.resize(n);
    // Results and per-window helpers.
    task_.results.clear();
    aggregators_.clear();
    filters_.clear();
    for (idx_t w : spec.windows) {
      const WindowColumn& window = layout.windows[w];
      task_.results.emplace_back(window.expr->type, std::max<idx_t>(n, 1));
      filters_.emplace_back();
      if (window.filter >= 0) {
        auto& pass = filters_.back();
        pass.resize(n);
        const Vector& f = columns_[window.filter];
        for (idx_t i = 0; i < n; i++) pass[i] = IsTrue(f, i);
      }
      if (window.expr->is_aggregate) {
        std::vector<const Vector*> inputs;
        for (idx_t a : window.args) inputs.push_back(&columns_[a]);
        aggregators_.push_back(std::make_unique<WindowAggregator>(
            window.expr->aggregate, window.expr->bind_data.get(), context_.client, std::move(inputs),
            window.filter >= 0 ? filters_.back().data() : nullptr));
      } else {
        aggregators_.push_back(nullptr);
      }
    }
    for (idx_t p = task_.first_partition; p < task_.last_partition; p++) {
      if ((p & 255) == 0) context_.client.CheckCancelled();
      idx_t first = starts[p] - task_.begin;
      idx_t last = (p + 1 < task_.last_partition ? starts[p + 1] : task_.end) - task_.begin;
      for (idx_t k = 0; k < spec.windows.size(); k++) EvaluateWindow(spec.windows[k], k, first, last);
    }
  }

 private:
  void EvaluateWindow(idx_t w, idx_t slot, idx_t first, idx_t last) {
    const WindowColumn& window = layout_.windows[w];
    const BoundWindow& expr = *window.expr;
    const FrameDefinition& frame = frames_[w];
    const SpecLayout& spec = layout_.specs[window.spec];
    Vector& out = task_.results[slot];
    const Vector* key = nullptr;
    if (frame.start_range || frame.end_range) {
      key = &columns_[spec.orders[0].column];
      // PostgreSQL moves RANGE offset frames for every row, whatever the function, so a bad
      // offset fails as soon as one non-NULL key is compared.
      bool invalid = (frame.start_range && frame.start_range->Invalid()) ||
                     (frame.end_range && frame.end_range->Invalid());
      if (invalid) {
        for (idx_t r = first; r < last; r++) {
          if (key->validity().RowIsValid(r)) ThrowInvalidRangeOffset();
        }
      }
    }
    const idx_t* group_of = peers_.group_of.data();
    idx_t rows_in_partition = last - first;
    if (expr.is_aggregate) {
      ComputeFrames(frame, peers_, key, first, last, frame_begin_.data(), frame_end_.data());
      bool growing = frame.start == FrameBoundKind::kUnboundedPreceding && frame.exclude == FrameExclude::kNoOthers;
      idx_t pieces = AggregatePieces(last - first, growing, out.type());
      if (pieces <= 1) {
        aggregators_[slot]->Evaluate(first, last, first, last, frame_begin_.data(), frame_end_.data(), frame.exclude,
                                     growing, peers_, out, 0);
        return;
      }
      // A large partition: threads evaluate row ranges with aggregators of their own. A
      // running aggregate's later ranges first add the rows before them in bulk (cheaper
      // per row than finalizing each row), which is what lets them start at once.
      MakeValidityWritable(out);
      std::vector<const Vector*> inputs;
      for (idx_t a : window.args) inputs.push_back(&columns_[a]);
      const uint8_t* filter = window.filter >= 0 ? filters_[slot].data() : nullptr;
      context_.executor.RunParallel(pieces, [&](idx_t piece) {
        WindowAggregator aggregator(expr.aggregate, expr.bind_data.get(), context_.client, inputs, filter);
        aggregator.Evaluate(first, last, PieceBound(first, last, piece, pieces),
                            PieceBound(first, last, piece + 1, pieces), frame_begin_.data(), frame_end_.data(),
                            frame.exclude, growing, peers_, out, 0);
      });
      return;
    }
    switch (expr.window_kind) {
      case WindowFunctionKind::kRowNumber: {
        auto* data = out.Data<int64_t>();
        for (idx_t r = first; r < last; r++) data[r] = static_cast<int64_t>(r - first + 1);
        return;
      }
      case WindowFunctionKind::kRank: {
        auto* data = out.Data<int64_t>();
        for (idx_t r = first; r < last; r++) data[r] = static_cast<int64_t>(peers_.begin[group_of[r]] - first + 1);
        return;
      }
      case WindowFunctionKind::kDenseRank: {
        auto* data = out.Data<int64_t>();
        for (idx_t r = first; r < last; r++) data[r] = static_cast<int64_t>(group_of[r] - group_of[first] + 1);
        return;
      }
      case WindowFunctionKind::kPercentRank: {
        auto* data = out.Data<double>();
        for (idx_t r = first; r < last; r++) {
          double rank = static_cast<double>(peers_.begin[group_of[r]] - first + 1);
          data[r] = rows_in_partition > 1 ? (rank - 1) / static_cast<double>(rows_in_partition - 1) : 0.0;
        }
        return;
      }
      case WindowFunctionKind::kCumeDist: {
        auto* data = out.Data<double>();
        for (idx_t r = first; r < last; r++) {
          data[r] = static_cast<double>(peers_.end[group_of[r]] - first) / static_cast<double>(rows_in_partition);
        }
        return;
      }
      case WindowFunctionKind::kNtile:
        Ntile(columns_[window.args[0]], first, last, out);
        return;
      case WindowFunctionKind::kLag:
      case WindowFunctionKind::kLead:
        LagLead(window, expr.window_kind == WindowFunctionKind::kLead, first, last, out);
        return;
      case WindowFunctionKind::kFirstValue:
      case WindowFunctionKind::kLastValue:
      case WindowFunctionKind::kNthValue:
        ComputeFrames(frame, peers_, key, first, last, frame_begin_.data(), frame_end_.data());
        FrameValue(window, frame, first, last, out);
        return;
    }
  }

  // How many threads should share an aggregate over a partition of `rows` rows. Results with
  // a string heap are written by one thread.
  idx_t AggregatePieces(idx_t rows, bool growing, const LogicalType& type) const {
    idx_t threads = context_.executor.threads();
    if (threads <= 1 || rows < kParallelRows || type.physical() == PhysicalType::kString) return 1;
    // Ranges of a running aggregate redo the rows before them in bulk: one per thread.
    if (growing) return threads;
    return std::min<idx_t>(threads * 4, rows / (4 * kVectorSize));
  }

  // Gathers column `column` of rows ids[0..n) into out[0..n), on several threads for a long
  // fixed-width column.
  void Gather(const ColumnDataCollection& rows, idx_t column, const idx_t* ids, idx_t n, Vector& out) {
    idx_t threads = context_.executor.threads();
    if (threads <= 1 || n < kParallelRows || out.type().physical() == PhysicalType::kString) {
      GatherRows(rows, column, ids, n, out, 0);
      return;
    }
    for (idx_t c = 0; c < rows.ChunkCount(); c++) {
      if (!rows.GetChunk(c).column(column).validity().AllValid()) {
        MakeValidityWritable(out);
        break;
      }
    }
    idx_t pieces = std::min<idx_t>(threads * 2, n / kVectorSize);
    context_.executor.RunParallel(pieces, [&](idx_t piece) {
      idx_t from = PieceBound(0, n, piece, pieces), to = PieceBound(0, n, piece + 1, pieces);
      GatherRows(rows, column, ids + from, to - from, out, from);
    });
  }

  // PostgreSQL's window_ntile: the bucket count is read at the partition's first row whose
  // argument is not NULL; earlier rows get NULL.
  void Ntile(const Vector& buckets, idx_t first, idx_t last, Vector& out) {
    auto* data = out.Data<int32_t>();
    const auto* arg = buckets.Data<int32_t>();
    int64_t total = static_cast<int64_t>(last - first);
    int32_t ntile = 0;
    int64_t rows_per_bucket = 0, boundary = 0, remainder = 0;
    for (idx_t r = first; r < last; r++) {
      if (ntile == 0) {
        if (!buckets.validity().RowIsValid(r)) {
          out.validity().SetInvalid(r);
          continue;
        }
        int32_t count = arg[r];
        if (count <= 0) {
          throw SqlError(ErrorCode::kInvalidArgumentForNtile, "argument of ntile must be greater than zero");
        }
        ntile = 1;
        rows_per_bucket = 0;
        boundary = total / count;
        if (boundary <= 0) {
          boundary = 1;
        } else {
          remainder = total % count;
          if (remainder != 0) boundary++;
        }
      }
      rows_per_bucket++;
      if (boundary < rows_per_bucket) {
        if (remainder != 0 && ntile == remainder) {
          remainder = 0;
          boundary -= 1;
        }
        ntile++;
        rows_per_bucket = 1;
      }
      data[r] = ntile;
    }
  }

  void LagLead(const WindowColumn& window, bool lead, idx_t first, idx_t last, Vector& out) {
    const Vector& value = columns_[window.args[0]];
    const Vector* offset = window.args.size() > 1 ? &columns_[window.args[1]] : nullptr;
    const Vector* fallback = window.args.size() > 2 ? &columns_[window.args[2]] : nullptr;
    ForPhysical(out.type().physical(), [&]<class T>() {
      for (idx_t r = first; r < last; r++) {
        int64_t distance = 1;
        if (offset) {
          if (!offset->validity().RowIsValid(r)) {
            out.validity().SetInvalid(r);
            continue;
          }
          distance = offset->Data<int32_t>()[r];
        }
        int64_t target = static_cast<int64_t>(r) + (lead ? distance : -distance);
        if (target >= static_cast<int64_t>(first) && target < static_cast<int64_t>(last)) {
          CopyValue<T>(value, static_cast<idx_t>(target), out, r);
        } else if (fallback) {
          CopyValue<T>(*fallback, r, out, r);
        } else {
          out.validity().SetInvalid(r);
        }
      }
    });
  }

  void FrameValue(const WindowColumn& window, const FrameDefinition& frame, idx_t first, idx_t last, Vector& out) {
    WindowFunctionKind kind = window.expr->window_kind;
    const Vector& value = columns_[window.args[0]];
    const Vector* nth = kind == WindowFunctionKind::kNthValue ? &columns_[window.args[1]] : nullptr;
    ForPhysical(out.type().physical(), [&]<class T>() {
      for (idx_t r = first; r < last; r++) {
        idx_t k = r - first;
        idx_t g = peers_.group_of[r];
        RowRange pieces[3];
        idx_t count =
            FramePieces(r, frame_begin_[k], frame_end_[k], frame.exclude, peers_.begin[g], peers_.end[g], pieces);
        bool found = false;
        idx_t source = 0;
        if (kind == WindowFunctionKind::kFirstValue) {
          found = count > 0;
          if (found) source = pieces[0].begin;
        } else if (kind == WindowFunctionKind::kLastValue) {
          found = count > 0;
          if (found) source = pieces[count - 1].end - 1;
        } else {
          if (!nth->validity().RowIsValid(r)) {
            out.validity().SetInvalid(r);
            continue;
          }
          int32_t n = nth->Data<int32_t>()[r];
          if (n <= 0) {
            throw SqlError(ErrorCode::kInvalidArgumentForNthValue, "argument of nth_value must be greater than zero");
          }
          idx_t skip = static_cast<idx_t>(n - 1);
          for (idx_t p = 0; p < count && !found; p++) {
            idx_t length = pieces[p].end - pieces[p].begin;
            if (skip < length) {
              found = true;
              source = pieces[p].begin + skip;
            } else {
              skip -= length;
            }
          }
        }
        if (found) {
          CopyValue<T>(value, source, out, r);
        } else {
          out.validity().SetInvalid(r);
        }
      }
    });
  }

  ExecutionContext& context_;
  const Layout& layout_;
  const std::vector<FrameDefinition>& frames_;
  const WindowPart& part_;
  Task& task_;
  MemoryReservation reserved_;
  std::vector<Vector> columns_;  // by payload column; only the needed ones are filled
  PeerGroups peers_;
  std::vector<idx_t> frame_begin_;
  std::vector<idx_t> frame_end_;
  std::vector<std::vector<uint8_t>> filters_;
  std::vector<std::unique_ptr<WindowAggregator>> aggregators_;
};

// Evaluates a frame offset once, with PostgreSQL's checks (calculate_frame_offsets).
Value FrameOffset(ClientContext& context, const BoundExpression& expr, bool start, FrameMode mode) {
  Value v = ExpressionExecutor::EvaluateConstant(context, expr);
  const char* which = start ? "starting" : "ending";
  if (v.IsNull()) {
    throw SqlError(ErrorCode::kNullValueNotAllowed, std::string("frame ") + which + " offset must not be null");
  }
  if (mode != FrameMode::kRange && v.GetAsInt64() < 0) {
    throw SqlError(ErrorCode::kInvalidPrecedingOrFollowingSize,
                   std::string("frame ") + which + " offset must not be negative");
  }
  return v;
}

// Evaluates every window's frame offsets once, with PostgreSQL's checks, even for empty input.
std::vector<FrameDefinition> EvaluateFrames(ClientContext& client, const Layout& layout) {
  std::vector<FrameDefinition> frames(layout.windows.size());
  for (idx_t w = 0; w < layout.windows.size(); w++) {
    const BoundWindow& expr = *layout.windows[w].expr;
    const BoundFrame& bound = expr.frame;
    FrameDefinition& frame = frames[w];
    frame.mode = bound.mode;
    frame.start = bound.start;
    frame.end = bound.end;
    frame.exclude = bound.exclude;
    if (!expr.orders.empty()) {
      frame.ascending = !expr.orders[0].descending;
      frame.nulls_first = expr.orders[0].nulls_first;
    }
    bool start_offset =
        bound.start == FrameBoundKind::kOffsetPreceding || bound.start == FrameBoundKind::kOffsetFollowing;
    bool end_offset = bound.end == FrameBoundKind::kOffsetPreceding || bound.end == FrameBoundKind::kOffsetFollowing;
    if (start_offset && bound.start_offset) {
      Value v = FrameOffset(client, *bound.start_offset, true, bound.mode);
      if (bound.mode == FrameMode::kRange) {
        frame.start_range = RangeOffset::Create(expr.orders[0].expr->type, v, client);
      } else {
        frame.start_rows = v.GetAsInt64();
      }
    }
    if (end_offset && bound.end_offset) {
      Value v = FrameOffset(client, *bound.end_offset, false, bound.mode);
      if (bound.mode == FrameMode::kRange) {
        frame.end_range = RangeOffset::Create(expr.orders[0].expr->type, v, client);
      } else {
        frame.end_rows = v.GetAsInt64();
      }
    }
  }
  return frames;
}

// Computes every window over part.rows: sorts them for each group, finds the partitions and
// computes runs of whole partitions as tasks on the executor's threads.
void ComputePart(ExecutionContext& context, const Layout& layout, const std::vector<FrameDefinition>& frames,
                 WindowPart& part) {
  ClientContext& client = context.client;
  Executor& executor = context.executor;
  idx_t count = part.rows->Count();
  if (count == 0) return;
  idx_t threads = std::max<idx_t>(1, executor.threads());
  // Sort each group.
  part.sorted.resize(layout.groups.size());
  for (idx_t g = 0; g < layout.groups.size(); g++) {
    MemoryReservation sorting(&client.memory());
    sorting.Add(count * (2 * sizeof(uint64_t) + sizeof(idx_t)) * 2);
    part.reserved.Add(count * (sizeof(idx_t) + 1));
    part.sorted[g] = ParallelSortRows(executor, *part.rows, layout.groups[g]);
  }
  // Partitions of each spec, then tasks of whole partitions.
  part.specs.resize(layout.specs.size());
  idx_t target = std::max<idx_t>(kVectorSize, count / (threads * 8));
  for (idx_t s = 0; s < layout.specs.size(); s++) {
    const SpecLayout& spec = layout.specs[s];
    SpecState& state = part.specs[s];
    const uint8_t* common = part.sorted[spec.group].common.data();
    idx_t partition_keys = spec.partitions.size();
    state.partition_starts = {0};
    if (partition_keys > 0) {
      idx_t pieces = std::min<idx_t>(threads * 4, std::max<idx_t>(1, count / kVectorSize));
      std::vector<std::vector<idx_t>> found(pieces);
      executor.RunParallel(pieces, [&](idx_t piece) {
        idx_t from = std::max<idx_t>(1, count * piece / pieces), to = count * (piece + 1) / pieces;
        for (idx_t p = from; p < to; p++) {
          if (common[p] < partition_keys) found[piece].push_back(p);
        }
      });
      for (auto& f : found) state.partition_starts.insert(state.partition_starts.end(), f.begin(), f.end());
    }
    part.reserved.Add(state.partition_starts.size() * sizeof(idx_t));
    const auto& starts = state.partition_starts;
    for (idx_t p = 0; p < starts.size();) {
      idx_t q = p + 1;
      while (q < starts.size() && starts[q] - starts[p] < target) q++;
      Task task;
      task.spec = s;
      task.begin = starts[p];
      task.end = q < starts.size() ? starts[q] : count;
      task.first_partition = p;
      task.last_partition = q;
      state.tasks.push_back(part.tasks.size());
      state.task_begins.push_back(task.begin);
      part.tasks.push_back(std::move(task));
      p = q;
    }
  }
  // Larger tasks first so a big partition does not start last.
  std::vector<idx_t> schedule(part.tasks.size());
  for (idx_t t = 0; t < schedule.size(); t++) schedule[t] = t;
  std::stable_sort(schedule.begin(), schedule.end(), [&](idx_t a, idx_t b) {
    return part.tasks[a].end - part.tasks[a].begin > part.tasks[b].end - part.tasks[b].begin;
  });
  executor.RunParallel(schedule.size(), [&](idx_t i) {
    Task& task = part.tasks[schedule[i]];
    TaskRunner runner(context, layout, frames, part, task);
    runner.Run();
    uint64_t bytes = 0;
    for (auto& v : task.results) bytes += (task.end - task.begin) * PhysicalSize(v.type().physical());
    part.reserved.Add(bytes);
  });
  // Output follows group 0 (the most keys); other groups' results are found by row.
  part.output_group = 0;
  part.positions.resize(layout.groups.size());
  for (idx_t g = 0; g < layout.groups.size(); g++) {
    if (g == part.output_group) continue;
    part.reserved.Add(count * sizeof(idx_t));
    auto& position = part.positions[g];
    position.resize(count);
    const auto& order = part.sorted[g].order;
    executor.RunParallel(threads, [&](idx_t t) {
      for (idx_t p = count * t / threads; p < count * (t + 1) / threads; p++) position[order[p]] = p;
    });
  }
}

// Writes the next up to kVectorSize rows of a computed part from output position `start`
// to `chunk`: the input columns, then the windows' values. Returns how many.
idx_t EmitRows(const Layout& layout, const WindowPart& part, idx_t start, DataChunk& chunk) {
  const ColumnDataCollection& rows = *part.rows;
  idx_t n = std::min(kVectorSize, rows.Count() - start);
  const std::vector<idx_t>& order = part.sorted[part.output_group].order;
  bool identity = layout.groups[part.output_group].empty();
  for (idx_t c = 0; c < layout.input_count; c++) {
    Vector& out = chunk.column(c);
    if (identity && start % kVectorSize == 0) {
      // Unsorted output: the stored chunk is the output chunk.
      out.Reference(rows.GetChunk(start / kVectorSize).column(c));
      continue;
    }
    out.Reset();
    GatherRows(rows, c, order.data() + start, n, out, 0);
  }
  std::vector<idx_t> positions(n);
  for (idx_t w = 0; w < layout.windows.size(); w++) {
    const WindowColumn& window = layout.windows[w];
    const SpecLayout& spec = layout.specs[window.spec];
    const SpecState& state = part.specs[window.spec];
    if (spec.group == part.output_group) {
      for (idx_t i = 0; i < n; i++) positions[i] = start + i;
    } else {
      const auto& position = part.positions[spec.group];
      for (idx_t i = 0; i < n; i++) positions[i] = position[order[start + i]];
    }
    Vector& out = chunk.column(layout.input_count + w);
    out.Reset();
    ForPhysical(out.type().physical(), [&]<class T>() {
      const Task* task = nullptr;
      for (idx_t i = 0; i < n; i++) {
        idx_t p = positions[i];
        if (!task || p < task->begin || p >= task->end) {
          auto it = std::upper_bound(state.task_begins.begin(), state.task_begins.end(), p);
          task = &part.tasks[state.tasks[it - state.task_begins.begin() - 1]];
        }
        CopyValue<T>(task->results[window.slot], p - task->begin, out, i);
      }
    });
  }
  chunk.SetCardinality(n);
  return n;
}

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
  const Layout& layout = global.layout;
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
    ComputePart(context, layout, global.frames, *part);
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
  BuildLayout(windows_, this->types);
}

std::unique_ptr<GlobalSinkState> PhysicalWindow::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<WindowGlobal>();
  state->layout = BuildLayout(windows_, types);
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
  global.frames = EvaluateFrames(context.client, global.layout);
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
    ComputePart(context, global.layout, global.frames, *global.part);
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
    source.next += EmitRows(global.layout, *global.part, source.next, chunk);
    return source.next >= count ? SourceResult::kFinished : SourceResult::kHaveMoreOutput;
  }
  // Spilled: emit the current part, then free it and compute the next.
  while (!source.part || source.next >= source.part->rows->Count()) {
    source.part.reset();
    if (source.pending.empty()) return SourceResult::kFinished;
    LoadNextPart(context, global, source, spill_stats_);
  }
  source.next += EmitRows(global.layout, *source.part, source.next, chunk);
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
