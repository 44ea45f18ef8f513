#include "execution/operator/join/physical_hash_join.hpp"

#include <atomic>
#include <mutex>

#include "common/error/assert.hpp"
#include "common/error/exception.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/hash.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/join/join_rows.hpp"
#include "execution/pipeline/pipeline.hpp"
#include "common/memory/memory_tracker.hpp"
#include "main/client_context.hpp"

namespace stockroom {

namespace {

constexpr uint64_t kNone = UINT64_MAX;

// A bucket holds the first row of its chain in its low 48 bits (kEmptyBucket: none) and, in
// its high 16 bits, a filter of the chain's hashes: one bit chosen by each row's top 4 hash
// bits. A probe whose bit is clear skips the chain without touching a row.
constexpr uint64_t kBucketRowMask = (uint64_t(1) << 48) - 1;
constexpr uint64_t kEmptyBucket = kBucketRowMask;
inline uint64_t BucketTag(uint64_t hash) { return uint64_t(1) << (48 + (hash >> 60)); }
// The chain a probe with `hash` follows from `bucket` (kNone when none can match).
inline uint64_t ChainStart(uint64_t bucket, uint64_t hash) {
  uint64_t row = bucket & kBucketRowMask;
  return (bucket & BucketTag(hash)) && row != kEmptyBucket ? row : kNone;
}
// How many probe rows ahead buckets and chain heads are prefetched.
constexpr idx_t kProbeAhead = 16;

struct BuildLocal : LocalSinkState {
  explicit BuildLocal(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
  DataChunk stored;
  std::unique_ptr<ColumnDataCollection> rows;
};

struct BuildGlobal : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<ColumnDataCollection> rows;  // build keys, then build columns
  std::unique_ptr<JoinRows> table;              // the same rows, row by row, chained by bucket
  BulkArray<uint64_t> buckets;  // chain head and hash filter per bucket (see BucketTag)
  uint64_t mask = 0;
  std::unique_ptr<std::atomic<uint8_t>[]> matched;  // right/full joins
  bool has_null_key = false;  // a build row with a NULL key (null-aware mark joins)
  idx_t count = 0;
};

void HashColumns(std::vector<Vector>& keys, idx_t count, uint64_t* hashes) {
  if (keys.empty()) {
    for (idx_t i = 0; i < count; i++) hashes[i] = 0;
    return;
  }
  HashVector(keys[0], count, hashes);
  for (size_t k = 1; k < keys.size(); k++) CombineHashVector(keys[k], count, hashes);
}

}  // namespace

PhysicalHashJoin::PhysicalHashJoin(std::vector<LogicalType> types, JoinType join_type, std::vector<HashJoinKey> keys,
                                   std::unique_ptr<BoundExpression> residual,
                                   std::unique_ptr<BoundExpression> mark_condition, bool mark_key_null_aware,
                                   std::unique_ptr<PhysicalOperator> probe, std::unique_ptr<PhysicalOperator> build,
                                   double estimated_rows, bool build_side_output)
    : PhysicalOperator("HASH_JOIN", std::move(types), estimated_rows),
      join_type_(join_type),
      keys_(std::move(keys)),
      residual_(std::move(residual)),
      mark_condition_(std::move(mark_condition)),
      mark_key_null_aware_(mark_key_null_aware),
      build_side_output_(build_side_output) {
  SR_CHECK(!build_side_output_ || join_type_ == JoinType::kSemi || join_type_ == JoinType::kAnti);
  if (keys_.empty()) name = "NESTED_LOOP_JOIN";
  probe_types_ = probe->types;
  build_types_ = build->types;
  for (auto& k : keys_) stored_types_.push_back(k.build->type);
  stored_types_.insert(stored_types_.end(), build_types_.begin(), build_types_.end());
  children.push_back(std::move(probe));
  children.push_back(std::move(build));
}

void PhysicalHashJoin::BuildPipelines(PipelineBuilder& builder, Pipeline& pipeline) {
  std::vector<PhysicalOperator*> above = pipeline.operators;
  pipeline.operators.insert(pipeline.operators.begin(), this);
  pipeline.dependencies.push_back(builder.BuildChildPipeline(*this, *children[1]));
  children[0]->BuildPipelines(builder, pipeline);
  if (IsSource()) {
    Pipeline* rest = builder.NewPipeline();
    rest->source = this;
    rest->operators = above;
    rest->sink = pipeline.sink;
    rest->dependencies.push_back(&pipeline);
  }
}

std::unique_ptr<GlobalSinkState> PhysicalHashJoin::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<BuildGlobal>();
  state->rows = std::make_unique<ColumnDataCollection>(stored_types_, &context.memory());
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalHashJoin::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<BuildLocal>(&context.client);
  for (auto& k : keys_) state->executor.AddExpression(*k.build);
  state->stored.Initialize(stored_types_);
  state->rows = std::make_unique<ColumnDataCollection>(stored_types_, &context.client.memory());
  return state;
}

void PhysicalHashJoin::Sink(ExecutionContext&, DataChunk& chunk, GlobalSinkState&, LocalSinkState& lstate) const {
  auto& local = static_cast<BuildLocal&>(lstate);
  DataChunk& stored = local.stored;
  stored.Reset();
  for (idx_t k = 0; k < keys_.size(); k++) local.executor.ExecuteExpression(k, chunk, stored.column(k));
  for (idx_t c = 0; c < chunk.ColumnCount(); c++) stored.column(keys_.size() + c).Reference(chunk.column(c));
  stored.SetCardinality(chunk.size());
  local.rows->Append(stored);
}

void PhysicalHashJoin::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<BuildGlobal&>(gstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  global.rows->Combine(*static_cast<BuildLocal&>(lstate).rows);
}

void PhysicalHashJoin::Finalize(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<BuildGlobal&>(gstate);
  idx_t n = global.rows->Count();
  global.count = n;
  global.table = std::make_unique<JoinRows>(stored_types_);
  JoinRows& table = *global.table;
  table.Allocate(n);
  idx_t capacity = 1024;
  while (capacity < n) capacity *= 2;  // one bucket per row or fewer: the tags filter chains
  SR_CHECK(n < kEmptyBucket);
  context.client.memory().Reserve(capacity * 8 + n * table.width());
  global.buckets = BulkArray<uint64_t>(capacity, kEmptyBucket);
  global.mask = capacity - 1;
  // Hash and lay out every chunk in parallel (rows carry their hash), then link chains (one
  // pass, in row order).
  idx_t chunks = global.rows->ChunkCount();
  idx_t threads = std::min<idx_t>(context.executor.threads(), std::max<idx_t>(1, chunks));
  std::atomic<bool> null_key{false};
  context.executor.RunParallel(threads, [&](idx_t t) {
    std::vector<uint64_t> hashes(kVectorSize);
    for (idx_t c = t; c < chunks; c += threads) {
      DataChunk& chunk = global.rows->GetChunk(c);
      std::vector<Vector> keys(keys_.size());
      for (idx_t k = 0; k < keys_.size(); k++) {
        keys[k].Reference(chunk.column(k));
        if (!chunk.column(k).validity().AllValid()) null_key = true;
      }
      HashColumns(keys, chunk.size(), hashes.data());
      table.CopyChunk(*global.rows, c, hashes.data());
    }
  });
  global.has_null_key = null_key;
  constexpr idx_t kPrefetchDistance = 16;
  for (idx_t row = 0; row < n; row++) {
    if (row + kPrefetchDistance < n) {
      __builtin_prefetch(&global.buckets[JoinRows::Hash(table.Row(row + kPrefetchDistance)) & global.mask], 1);
    }
    uint8_t* entry = table.Row(row);
    uint64_t hash = JoinRows::Hash(entry);
    JoinRows::SetNext(entry, kNone);
    // Rows whose key is NULL (and not null-equal) can never match; leave them unlinked.
    bool skip = false;
    if (null_key) {
      for (idx_t k = 0; k < keys_.size(); k++) {
        if (!keys_[k].nulls_equal && !JoinRows::IsValid(entry, k)) skip = true;
      }
    }
    if (skip) continue;
    idx_t bucket = hash & global.mask;
    uint64_t head = global.buckets[bucket];
    JoinRows::SetNext(entry, (head & kBucketRowMask) == kEmptyBucket ? kNone : head & kBucketRowMask);
    global.buckets[bucket] = (head & ~kBucketRowMask) | BucketTag(hash) | row;
  }
  if (join_type_ == JoinType::kRight || join_type_ == JoinType::kFull || build_side_output_) {
    global.matched.reset(new std::atomic<uint8_t>[std::max<idx_t>(1, n)]);
    for (idx_t i = 0; i < n; i++) global.matched[i].store(0, std::memory_order_relaxed);
  }
}

// Per-thread probe state: the current input chunk's keys, hashes and progress.
struct HashJoinProbe : OperatorState {
  explicit HashJoinProbe(ClientContext* context) : key_executor(context), residual_executor(context), mark_executor(context) {}
  ExpressionExecutor key_executor;
  ExpressionExecutor residual_executor;
  ExpressionExecutor mark_executor;
  std::vector<Vector> keys;
  std::vector<UnifiedVectorFormat> key_formats;
  std::vector<uint64_t> hashes = std::vector<uint64_t>(kVectorSize);
  std::vector<uint64_t> chain = std::vector<uint64_t>(kVectorSize);  // next candidate per probe row
  std::vector<sel_t> active = std::vector<sel_t>(kVectorSize);  // probe rows that may match
  idx_t active_count = 0;
  idx_t next_active = 0;             // next of `active` to work on
  bool started = false;              // keys computed for the current input
  std::vector<uint8_t> found;        // per probe row: matched (0/1), mark (0 false,1 true,2 null)
  std::vector<uint8_t> has_null_candidate;
  std::vector<idx_t> match_count;
  std::vector<sel_t> pair_probe = std::vector<sel_t>(kVectorSize);
  std::vector<uint64_t> pair_build = std::vector<uint64_t>(kVectorSize);
  DataChunk pairs;  // probe columns + build columns of candidate pairs
};

std::unique_ptr<OperatorState> PhysicalHashJoin::GetOperatorState(ExecutionContext& context) const {
  auto state = std::make_unique<HashJoinProbe>(&context.client);
  for (auto& k : keys_) state->key_executor.AddExpression(*k.probe);
  if (residual_) state->residual_executor.AddExpression(*residual_);
  if (mark_condition_) state->mark_executor.AddExpression(*mark_condition_);
  std::vector<LogicalType> pair_types = probe_types_;
  pair_types.insert(pair_types.end(), build_types_.begin(), build_types_.end());
  state->pairs.Initialize(pair_types);
  state->keys.resize(keys_.size());
  state->key_formats.resize(keys_.size());
  return state;
}

OperatorResult PhysicalHashJoin::Execute(ExecutionContext& context, DataChunk& input, DataChunk& output,
                                         GlobalOperatorState&, OperatorState& ostate) const {
  auto& state = static_cast<HashJoinProbe&>(ostate);
  auto& build = static_cast<BuildGlobal&>(*sink_state);
  idx_t count = input.size();
  idx_t probe_width = probe_types_.size();
  bool emits_pairs = join_type_ == JoinType::kInner || join_type_ == JoinType::kLeft ||
                     join_type_ == JoinType::kRight || join_type_ == JoinType::kFull;
  if (!state.started) {
    // Empty build side: inner/semi/right joins produce nothing.
    if (build.count == 0 && (join_type_ == JoinType::kInner || join_type_ == JoinType::kSemi ||
                             join_type_ == JoinType::kRight || build_side_output_)) {
      return OperatorResult::kNeedMoreInput;
    }
    for (idx_t k = 0; k < keys_.size(); k++) {
      state.keys[k] = Vector(keys_[k].probe->type);
      state.key_executor.ExecuteExpression(k, input, state.keys[k]);
      state.keys[k].ToUnified(count, state.key_formats[k]);
    }
    HashColumns(state.keys, count, state.hashes.data());
    // Probing is bound by cache misses: buckets are prefetched kProbeAhead rows ahead of
    // reading them, and chain heads ahead of following them (below). Rows that cannot
    // match (empty chain, filtered out by the bucket's tags, NULL key) are not visited again.
    const uint64_t* hashes = state.hashes.data();
    const uint64_t* buckets = build.buckets.get();
    bool null_keys = false;
    for (idx_t k = 0; k < keys_.size(); k++) {
      if (!keys_[k].nulls_equal && !state.key_formats[k].validity->AllValid()) null_keys = true;
    }
    idx_t active = 0;
    for (idx_t i = 0; i < count; i++) {
      if (i + kProbeAhead < count) __builtin_prefetch(&buckets[hashes[i + kProbeAhead] & build.mask]);
      uint64_t start = ChainStart(buckets[hashes[i] & build.mask], hashes[i]);
      if (null_keys) {
        for (idx_t k = 0; k < keys_.size(); k++) {
          if (!keys_[k].nulls_equal && !state.key_formats[k].validity->RowIsValid(state.key_formats[k].Index(i))) {
            start = kNone;
          }
        }
      }
      state.chain[i] = start;
      state.active[active] = static_cast<sel_t>(i);
      active += start != kNone;
    }
    for (idx_t a = 0; a < std::min(active, kProbeAhead); a++) __builtin_prefetch(build.table->Row(state.chain[state.active[a]]));
    state.active_count = active;
    state.next_active = 0;
    state.found.assign(count, 0);
    state.has_null_candidate.assign(count, 0);
    state.match_count.assign(count, 0);
    state.started = true;
  }
  // Collect candidate pairs whose keys match, up to a vector's worth.
  bool stop_at_first = !residual_ && !mark_condition_ && !build_side_output_ &&
                       (join_type_ == JoinType::kSemi || join_type_ == JoinType::kAnti || join_type_ == JoinType::kMark);
  while (state.next_active < state.active_count) {
  idx_t pairs = 0;
  while (state.next_active < state.active_count && pairs < kVectorSize) {
    idx_t a = state.next_active;
    if (a + kProbeAhead < state.active_count) {
      __builtin_prefetch(build.table->Row(state.chain[state.active[a + kProbeAhead]]));
    }
    idx_t i = state.active[a];
    uint64_t candidate = state.chain[i];
    while (candidate != kNone && pairs < kVectorSize) {
      const uint8_t* entry = build.table->Row(candidate);
      uint64_t next = JoinRows::Next(entry);
      // Build-side output without a residual: a build row matched once is settled.
      bool settled = build_side_output_ && !residual_ && build.matched[candidate].load(std::memory_order_relaxed);
      if (!settled && JoinRows::Hash(entry) == state.hashes[i]) {
        bool equal = true;
        for (idx_t k = 0; k < keys_.size() && equal; k++) {
          equal = build.table->KeyMatches(k, state.key_formats[k], state.key_formats[k].Index(i), entry,
                                          keys_[k].nulls_equal);
        }
        if (equal) {
          state.pair_probe[pairs] = static_cast<sel_t>(i);
          state.pair_build[pairs] = candidate;
          pairs++;
          if (stop_at_first) {
            next = kNone;
          }
        }
      }
      candidate = next;
    }
    state.chain[i] = candidate;
    if (candidate == kNone) state.next_active++;
  }
  if (pairs > 0) {
    // Materialize the candidate pairs: probe columns sliced, build columns gathered.
    DataChunk& pc = state.pairs;
    SelectionVector probe_sel(pairs);
    for (idx_t p = 0; p < pairs; p++) probe_sel.Set(p, state.pair_probe[p]);
    for (idx_t c = 0; c < probe_width; c++) pc.column(c).Slice(input.column(c), probe_sel, pairs);
    bool need_build_columns = emits_pairs || join_type_ == JoinType::kSingle || residual_ || mark_condition_;
    if (need_build_columns) {
      for (idx_t c = 0; c < build_types_.size(); c++) {
        build.table->Gather(keys_.size() + c, state.pair_build.data(), pairs, pc.column(probe_width + c));
      }
    }
    pc.SetCardinality(pairs);
    // Residual filter.
    SelectionVector keep(pairs);
    idx_t kept = pairs;
    if (residual_) {
      kept = state.residual_executor.Select(0, pc, keep);
    } else {
      for (idx_t p = 0; p < pairs; p++) keep.Set(p, p);
    }
    if (build_side_output_) {
      for (idx_t p = 0; p < kept; p++) build.matched[state.pair_build[keep.Get(p)]].store(1, std::memory_order_relaxed);
      continue;
    }
    switch (join_type_) {
      case JoinType::kInner:
      case JoinType::kLeft:
      case JoinType::kRight:
      case JoinType::kFull: {
        for (idx_t p = 0; p < kept; p++) {
          idx_t pair = keep.Get(p);
          state.found[state.pair_probe[pair]] = 1;
          if (build.matched) build.matched[state.pair_build[pair]].store(1, std::memory_order_relaxed);
        }
        if (kept > 0) {
          output.Reference(pc);
          if (kept < pairs) output.Slice(keep, kept);
        }
        break;
      }
      case JoinType::kSemi:
      case JoinType::kAnti:
        for (idx_t p = 0; p < kept; p++) state.found[state.pair_probe[keep.Get(p)]] = 1;
        break;
      case JoinType::kMark: {
        if (!mark_condition_) {
          for (idx_t p = 0; p < kept; p++) state.found[state.pair_probe[keep.Get(p)]] = 1;
          break;
        }
        if (kept == 0) break;
        DataChunk passing;
        passing.columns().resize(pc.ColumnCount());
        for (idx_t c = 0; c < pc.ColumnCount(); c++) passing.column(c).Slice(pc.column(c), keep, kept);
        passing.SetCardinality(kept);
        Vector mark(TypeId::kBoolean);
        state.mark_executor.ExecuteExpression(0, passing, mark);
        UnifiedVectorFormat f;
        mark.ToUnified(kept, f);
        for (idx_t p = 0; p < kept; p++) {
          idx_t probe_row = state.pair_probe[keep.Get(p)];
          idx_t idx = f.Index(p);
          if (!f.validity->RowIsValid(idx)) {
            state.has_null_candidate[probe_row] = 1;
          } else if (f.Data<bool>()[idx]) {
            state.found[probe_row] = 1;
          }
        }
        break;
      }
      case JoinType::kSingle: {
        for (idx_t p = 0; p < kept; p++) {
          idx_t probe_row = state.pair_probe[keep.Get(p)];
          if (++state.match_count[probe_row] > 1) {
            throw SqlError(ErrorCode::kCardinalityViolation, "more than one row returned by a subquery used as an expression");
          }
          state.found[probe_row] = 1;
        }
        if (kept > 0) {
          output.Reference(pc);
          if (kept < pairs) output.Slice(keep, kept);
        }
        break;
      }
    }
    if (output.size() > 0) return OperatorResult::kHaveMoreOutput;
  }
  }
  // The input chunk is done: emit rows that depend on the whole chunk's matches.
  if (build_side_output_) {
    state.started = false;
    return OperatorResult::kNeedMoreInput;
  }
  switch (join_type_) {
    case JoinType::kLeft:
    case JoinType::kFull:
    case JoinType::kSingle: {
      SelectionVector unmatched(count);
      idx_t n = 0;
      for (idx_t i = 0; i < count; i++) {
        if (!state.found[i]) unmatched.Set(n++, i);
      }
      if (n == 0) break;
      for (idx_t c = 0; c < probe_width; c++) output.column(c).Slice(input.column(c), unmatched, n);
      for (idx_t c = 0; c < build_types_.size(); c++) output.column(probe_width + c).SetConstantNull();
      output.SetCardinality(n);
      break;
    }
    case JoinType::kSemi:
    case JoinType::kAnti: {
      SelectionVector sel(count);
      idx_t n = 0;
      bool want = join_type_ == JoinType::kSemi;
      for (idx_t i = 0; i < count; i++) {
        if (static_cast<bool>(state.found[i]) == want) sel.Set(n++, i);
      }
      if (n == 0) break;
      output.Reference(input);
      if (n < count) output.Slice(sel, n);
      break;
    }
    case JoinType::kMark: {
      for (idx_t c = 0; c < probe_width; c++) output.column(c).Reference(input.column(c));
      Vector& mark = output.column(probe_width);
      mark.Reset();
      bool* out = mark.Data<bool>();
      // IN semantics: no TRUE match -> NULL if the probe key or some build key was NULL.
      for (idx_t i = 0; i < count; i++) {
        out[i] = state.found[i] != 0;
        if (out[i]) continue;
        bool unknown = state.has_null_candidate[i];
        if (mark_key_null_aware_ && build.count > 0) {
          for (idx_t k = 0; k < keys_.size(); k++) {
            if (!state.key_formats[k].validity->RowIsValid(state.key_formats[k].Index(i))) unknown = true;
          }
          if (build.has_null_key) unknown = true;
        }
        if (unknown) mark.validity().SetInvalid(i);
      }
      output.SetCardinality(count);
      break;
    }
    default:
      break;
  }
  (void)context;
  state.started = false;
  return OperatorResult::kNeedMoreInput;
}

namespace {
struct UnmatchedScan : GlobalSourceState {
  std::atomic<idx_t> next{0};
};
}  // namespace

std::unique_ptr<GlobalSourceState> PhysicalHashJoin::GetGlobalSourceState(ClientContext&) const {
  return std::make_unique<UnmatchedScan>();
}

SourceResult PhysicalHashJoin::GetData(ExecutionContext&, DataChunk& chunk, GlobalSourceState& gstate,
                                       LocalSourceState&) const {
  auto& scan = static_cast<UnmatchedScan&>(gstate);
  auto& build = static_cast<BuildGlobal&>(*sink_state);
  // Right/full/anti joins emit the unmatched build rows, semi joins the matched ones.
  uint8_t wanted = build_side_output_ && join_type_ == JoinType::kSemi ? 1 : 0;
  idx_t probe_width = build_side_output_ ? 0 : probe_types_.size();
  while (true) {
    idx_t c = scan.next.fetch_add(1);
    if (c >= build.rows->ChunkCount()) return SourceResult::kFinished;
    DataChunk& rows = build.rows->GetChunk(c);
    SelectionVector sel(rows.size());
    idx_t n = 0;
    for (idx_t i = 0; i < rows.size(); i++) {
      if (build.matched[c * kVectorSize + i].load(std::memory_order_relaxed) == wanted) sel.Set(n++, i);
    }
    if (n == 0) continue;
    for (idx_t p = 0; p < probe_width; p++) chunk.column(p).SetConstantNull();
    for (idx_t b = 0; b < build_types_.size(); b++) {
      chunk.column(probe_width + b).Slice(rows.column(keys_.size() + b), sel, n);
    }
    chunk.SetCardinality(n);
    return SourceResult::kHaveMoreOutput;
  }
}

std::string PhysicalHashJoin::ParamsToString() const {
  std::string out = std::string(build_side_output_ ? "RIGHT " : "") + JoinTypeName(join_type_);
  for (auto& k : keys_) {
    out += " " + k.probe->ToString() + (k.nulls_equal ? " IS NOT DISTINCT FROM " : " = ") + k.build->ToString();
  }
  if (residual_) out += " AND " + residual_->ToString();
  if (mark_condition_) out += "; mark " + mark_condition_->ToString();
  return out;
}

}  // namespace stockroom
