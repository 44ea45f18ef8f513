#include "execution/operator/window/window_part.hpp"

#include <algorithm>

#include "common/error/exception.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/window/window_aggregator.hpp"
#include "execution/physical_operator.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

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
  TaskRunner(ExecutionContext& context, const WindowLayout& layout, const std::vector<FrameDefinition>& frames,
             const WindowPart& part, WindowTask& task)
      : context_(context),
        layout_(layout),
        frames_(frames),
        part_(part),
        task_(task),
        reserved_(&context.client.memory()) {}

  void Run() {
    const WindowLayout& layout = layout_;
    const WindowSpecLayout& spec = layout.specs[task_.spec];
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
    const WindowSpecState& spec_state = part_.specs[task_.spec];
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
    const WindowSpecLayout& spec = layout_.specs[window.spec];
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
  const WindowLayout& layout_;
  const std::vector<FrameDefinition>& frames_;
  const WindowPart& part_;
  WindowTask& task_;
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

}  // namespace

std::vector<FrameDefinition> EvaluateWindowFrames(ClientContext& client, const WindowLayout& layout) {
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

void ComputeWindowPart(ExecutionContext& context, const WindowLayout& layout, const std::vector<FrameDefinition>& frames,
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
    const WindowSpecLayout& spec = layout.specs[s];
    WindowSpecState& state = part.specs[s];
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
      WindowTask task;
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
    WindowTask& task = part.tasks[schedule[i]];
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

idx_t EmitWindowRows(const WindowLayout& layout, const WindowPart& part, idx_t start, DataChunk& chunk) {
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
    const WindowSpecLayout& spec = layout.specs[window.spec];
    const WindowSpecState& state = part.specs[window.spec];
    if (spec.group == part.output_group) {
      for (idx_t i = 0; i < n; i++) positions[i] = start + i;
    } else {
      const auto& position = part.positions[spec.group];
      for (idx_t i = 0; i < n; i++) positions[i] = position[order[start + i]];
    }
    Vector& out = chunk.column(layout.input_count + w);
    out.Reset();
    ForPhysical(out.type().physical(), [&]<class T>() {
      const WindowTask* task = nullptr;
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

}  // namespace stockroom
