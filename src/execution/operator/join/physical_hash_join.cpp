#include "execution/operator/join/physical_hash_join.hpp"

#include <atomic>
#include <mutex>

#include "common/error/assert.hpp"
#include "common/error/exception.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/hash.hpp"
#include "execution/executor.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/join/join_partitions.hpp"
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

void HashColumns(std::vector<Vector>& keys, idx_t count, uint64_t* hashes) {
  if (keys.empty()) {
    for (idx_t i = 0; i < count; i++) hashes[i] = 0;
    return;
  }
  HashVector(keys[0], count, hashes);
  for (size_t k = 1; k < keys.size(); k++) CombineHashVector(keys[k], count, hashes);
}

// Hashes the first `key_count` columns of `stored` (build keys, then build columns) into
// `hashes` the way probes hash their keys; returns whether some key is NULL.
bool HashStoredKeys(const DataChunk& stored, idx_t key_count, uint64_t* hashes) {
  std::vector<Vector> keys(key_count);
  bool null_key = false;
  for (idx_t k = 0; k < key_count; k++) {
    keys[k].Reference(stored.column(k));
    UnifiedVectorFormat f;
    stored.column(k).ToUnified(stored.size(), f);
    for (idx_t i = 0; i < stored.size() && !null_key && !f.validity->AllValid(); i++) {
      null_key = !f.validity->RowIsValid(f.Index(i));
    }
  }
  HashColumns(keys, stored.size(), hashes);
  return null_key;
}

idx_t BucketCount(idx_t rows) {
  idx_t capacity = 1024;
  while (capacity < rows) capacity *= 2;  // one bucket per row or fewer: the tags filter chains
  return capacity;
}

struct BuildLocal : LocalSinkState {
  explicit BuildLocal(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
  DataChunk stored;
  std::unique_ptr<ColumnDataCollection> rows;
  std::vector<uint64_t> hashes = std::vector<uint64_t>(kVectorSize);  // of `stored`, when spilling
};

}  // namespace

// Build rows in memory, hashed: the whole build side, or one partition of it. Releases what
// it reserved when destroyed.
struct HashJoinTable {
  HashJoinTable(MemoryTracker& memory, const std::vector<LogicalType>& types)
      : memory(memory), collection(std::make_unique<ColumnDataCollection>(types, &memory)) {}
  ~HashJoinTable() { memory.Release(reserved); }
  idx_t count() const { return collection->Count(); }

  MemoryTracker& memory;
  std::unique_ptr<ColumnDataCollection> collection;  // build keys, then build columns
  std::unique_ptr<JoinRows> rows;                    // the same rows, row by row, chained by bucket
  BulkArray<uint64_t> buckets;  // chain head and hash filter per bucket (see BucketTag)
  uint64_t mask = 0;
  std::unique_ptr<std::atomic<uint8_t>[]> matched;  // when EmitsBuildRows()
  bool has_null_key = false;
  uint64_t reserved = 0;  // rows, buckets and matched flags
};

struct HashJoinBuild : GlobalSinkState {
  std::mutex mutex;
  std::unique_ptr<HashJoinTable> table;  // the partitions in memory (all unless spilled)
  idx_t total_count = 0;                 // build rows, in memory and on disk
  std::atomic<bool> has_null_key{false};  // some build row has a NULL key (null-aware mark joins)
  // Spilling: once `spilling` is set, build rows go to `build_parts`; Finalize loads back
  // the level-0 partitions of `resident` (a bit each) and `spilled` says whether some stayed
  // on disk, in which case probe rows of those go to `probe_parts`.
  SpillStats stats;
  std::atomic<bool> spilling{false};
  std::unique_ptr<JoinPartitions> build_parts;
  std::unique_ptr<JoinPartitions> probe_parts;
  uint32_t resident = ~uint32_t(0);
  bool spilled = false;
};

// One spilled partition still to join: partition `partition` of `build` and `probe` (either
// may have no file). `splittable`: splitting it by the next hash bits may make it smaller.
struct HashJoinSpillTask {
  JoinPartitions* build = nullptr;
  JoinPartitions* probe = nullptr;
  idx_t partition = 0;
  bool splittable = true;
};

uint64_t PhysicalHashJoin::TableBytes(idx_t rows) const {
  return BucketCount(rows) * 8 + rows * row_width_ + (EmitsBuildRows() ? rows : 0);
}

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
  row_width_ = JoinRows(stored_types_).width();
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
  auto state = std::make_unique<HashJoinBuild>();
  state->table = std::make_unique<HashJoinTable>(context.memory(), stored_types_);
  if (CanSpill()) state->build_parts = std::make_unique<JoinPartitions>(context, stored_types_, 0, state->stats);
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalHashJoin::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<BuildLocal>(&context.client);
  for (auto& k : keys_) state->executor.AddExpression(*k.build);
  state->stored.Initialize(stored_types_);
  state->rows = std::make_unique<ColumnDataCollection>(stored_types_, &context.client.memory());
  return state;
}

void PhysicalHashJoin::SpillBuildRows(const DataChunk& stored, HashJoinBuild& build, uint64_t* hashes) const {
  if (HashStoredKeys(stored, keys_.size(), hashes)) build.has_null_key = true;
  build.build_parts->Append(stored, hashes);
}

void PhysicalHashJoin::SpillBuildRows(std::unique_ptr<ColumnDataCollection>& rows, HashJoinBuild& build,
                                      MemoryTracker& memory) const {
  std::vector<uint64_t> hashes(kVectorSize);
  for (idx_t c = 0; c < rows->ChunkCount(); c++) SpillBuildRows(rows->GetChunk(c), build, hashes.data());
  rows = std::make_unique<ColumnDataCollection>(stored_types_, &memory);
}

void PhysicalHashJoin::Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState& gstate,
                            LocalSinkState& lstate) const {
  auto& build = static_cast<HashJoinBuild&>(gstate);
  auto& local = static_cast<BuildLocal&>(lstate);
  DataChunk& stored = local.stored;
  stored.Reset();
  for (idx_t k = 0; k < keys_.size(); k++) local.executor.ExecuteExpression(k, chunk, stored.column(k));
  for (idx_t c = 0; c < chunk.ColumnCount(); c++) stored.column(keys_.size() + c).Reference(chunk.column(c));
  stored.SetCardinality(chunk.size());
  if (CanSpill() && !build.spilling.load(std::memory_order_relaxed) && context.client.memory().ShouldSpill()) {
    build.spilling = true;
  }
  if (build.spilling.load(std::memory_order_relaxed)) {
    if (local.rows->Count() > 0) SpillBuildRows(local.rows, build, context.client.memory());
    SpillBuildRows(stored, build, local.hashes.data());
    return;
  }
  local.rows->Append(stored);
}

void PhysicalHashJoin::Combine(ExecutionContext& context, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& build = static_cast<HashJoinBuild&>(gstate);
  auto& local = static_cast<BuildLocal&>(lstate);
  // Combining may copy the rows (then both copies are held for a moment).
  MemoryTracker& memory = context.client.memory();
  if (CanSpill() && !build.spilling && memory.ShouldSpill(local.rows->ReservedBytes())) build.spilling = true;
  if (build.spilling) {
    SpillBuildRows(local.rows, build, memory);
    return;
  }
  std::lock_guard<std::mutex> lock(build.mutex);
  build.table->collection->Combine(*local.rows);
}

void PhysicalHashJoin::LoadResidentPartitions(ClientContext& context, HashJoinBuild& build) const {
  // Keep in memory the partitions that fit in half of what is left below the spill threshold
  // (the other half is for the probe side and the partitions joined later), besides the
  // buffers of the probe side's files.
  MemoryTracker& memory = context.memory();
  JoinPartitions& parts = *build.build_parts;
  uint64_t loaded = 0;
  build.resident = 0;
  DataChunk chunk;
  for (idx_t p = 0; p < JoinPartitions::kFanout; p++) {
    SpillFile* file = parts.file(p);
    uint64_t cost = file ? file->SizeInBytes() + TableBytes(file->Count()) : 0;
    if (file && memory.ShouldSpill(2 * (loaded + cost) + JoinPartitions::kFanout * JoinPartitions::kFileMemory)) {
      continue;
    }
    build.resident |= uint32_t(1) << p;
    if (!file) continue;
    loaded += cost;
    file->Rewind();
    while (file->Read(chunk)) build.table->collection->Append(chunk);
    parts.Drop(p);
  }
  build.spilled = build.resident != (uint32_t(1) << JoinPartitions::kFanout) - 1;
  if (build.spilled) {
    build.probe_parts = std::make_unique<JoinPartitions>(context, probe_types_, 0, build.stats);
  }
}

void PhysicalHashJoin::Finalize(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& build = static_cast<HashJoinBuild&>(gstate);
  MemoryTracker& memory = context.client.memory();
  if (CanSpill() && !build.spilling && memory.ShouldSpill(TableBytes(build.table->count()))) build.spilling = true;
  build.total_count = build.table->count();
  if (build.spilling) {
    SpillBuildRows(build.table->collection, build, memory);
    build.total_count = 0;
    for (idx_t p = 0; p < JoinPartitions::kFanout; p++) build.total_count += build.build_parts->Count(p);
    LoadResidentPartitions(context.client, build);
  }
  BuildTable(context, *build.table, context.executor.threads());
  if (build.table->has_null_key) build.has_null_key = true;
}

void PhysicalHashJoin::BuildTable(ExecutionContext& context, HashJoinTable& table, idx_t threads) const {
  idx_t n = table.count();
  SR_CHECK(n < kEmptyBucket);
  uint64_t bytes = TableBytes(n);
  table.memory.Reserve(bytes);
  table.reserved += bytes;
  table.rows = std::make_unique<JoinRows>(stored_types_);
  JoinRows& rows = *table.rows;
  rows.Allocate(n);
  idx_t capacity = BucketCount(n);
  table.buckets = BulkArray<uint64_t>(capacity, kEmptyBucket);
  table.mask = capacity - 1;
  // Hash and lay out every chunk in parallel (rows carry their hash), then link chains (one
  // pass, in row order).
  ColumnDataCollection& collection = *table.collection;
  idx_t chunks = collection.ChunkCount();
  threads = std::min<idx_t>(threads, std::max<idx_t>(1, chunks));
  std::atomic<bool> null_key{false};
  context.executor.RunParallel(threads, [&](idx_t t) {
    std::vector<uint64_t> hashes(kVectorSize);
    for (idx_t c = t; c < chunks; c += threads) {
      if (HashStoredKeys(collection.GetChunk(c), keys_.size(), hashes.data())) null_key = true;
      rows.CopyChunk(collection, c, hashes.data());
    }
  });
  table.has_null_key = null_key;
  constexpr idx_t kPrefetchDistance = 16;
  for (idx_t row = 0; row < n; row++) {
    if (row + kPrefetchDistance < n) {
      __builtin_prefetch(&table.buckets[JoinRows::Hash(rows.Row(row + kPrefetchDistance)) & table.mask], 1);
    }
    uint8_t* entry = rows.Row(row);
    uint64_t hash = JoinRows::Hash(entry);
    JoinRows::SetNext(entry, kNone);
    // Rows whose key is NULL (and not null-equal) can never match; leave them unlinked.
    bool skip = false;
    if (table.has_null_key) {
      for (idx_t k = 0; k < keys_.size(); k++) {
        if (!keys_[k].nulls_equal && !JoinRows::IsValid(entry, k)) skip = true;
      }
    }
    if (skip) continue;
    idx_t bucket = hash & table.mask;
    uint64_t head = table.buckets[bucket];
    JoinRows::SetNext(entry, (head & kBucketRowMask) == kEmptyBucket ? kNone : head & kBucketRowMask);
    table.buckets[bucket] = (head & ~kBucketRowMask) | BucketTag(hash) | row;
  }
  if (EmitsBuildRows()) {
    table.matched.reset(new std::atomic<uint8_t>[std::max<idx_t>(1, n)]);
    for (idx_t i = 0; i < n; i++) table.matched[i].store(0, std::memory_order_relaxed);
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
  DataChunk pairs;     // probe columns + build columns of candidate pairs
  DataChunk resident;  // the input rows whose partition is in memory, when the join spilled
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
  state->resident.columns().resize(probe_types_.size());
  return state;
}

void PhysicalHashJoin::HashProbeKeys(HashJoinProbe& state, DataChunk& input) const {
  for (idx_t k = 0; k < keys_.size(); k++) {
    state.keys[k] = Vector(keys_[k].probe->type);
    state.key_executor.ExecuteExpression(k, input, state.keys[k]);
    state.keys[k].ToUnified(input.size(), state.key_formats[k]);
  }
  HashColumns(state.keys, input.size(), state.hashes.data());
}

OperatorResult PhysicalHashJoin::Execute(ExecutionContext&, DataChunk& input, DataChunk& output, GlobalOperatorState&,
                                         OperatorState& ostate) const {
  auto& state = static_cast<HashJoinProbe&>(ostate);
  auto& build = static_cast<HashJoinBuild&>(*sink_state);
  if (!build.spilled) return Probe(*build.table, build, input, output, state);
  // Rows of partitions on disk are joined at the end (GetData); the others probe now.
  if (!state.started) {
    HashProbeKeys(state, input);
    SelectionVector kept;
    idx_t n = build.probe_parts->Append(input, state.hashes.data(), build.resident, kept);
    if (n == 0) return OperatorResult::kNeedMoreInput;
    for (idx_t c = 0; c < probe_types_.size(); c++) state.resident.column(c).Slice(input.column(c), kept, n);
    state.resident.SetCardinality(n);
  }
  return Probe(*build.table, build, state.resident, output, state);
}

OperatorResult PhysicalHashJoin::Probe(const HashJoinTable& table, const HashJoinBuild& build, DataChunk& input,
                                       DataChunk& output, HashJoinProbe& state) const {
  idx_t count = input.size();
  idx_t probe_width = probe_types_.size();
  bool emits_pairs = join_type_ == JoinType::kInner || join_type_ == JoinType::kLeft ||
                     join_type_ == JoinType::kRight || join_type_ == JoinType::kFull;
  if (!state.started) {
    if (table.count() == 0 && NeedsBuildRows()) return OperatorResult::kNeedMoreInput;
    HashProbeKeys(state, input);
    // Probing is bound by cache misses: buckets are prefetched kProbeAhead rows ahead of
    // reading them, and chain heads ahead of following them (below). Rows that cannot
    // match (empty chain, filtered out by the bucket's tags, NULL key) are not visited again.
    const uint64_t* hashes = state.hashes.data();
    const uint64_t* buckets = table.buckets.get();
    bool null_keys = false;
    for (idx_t k = 0; k < keys_.size(); k++) {
      if (!keys_[k].nulls_equal && !state.key_formats[k].validity->AllValid()) null_keys = true;
    }
    idx_t active = 0;
    for (idx_t i = 0; i < count; i++) {
      if (i + kProbeAhead < count) __builtin_prefetch(&buckets[hashes[i + kProbeAhead] & table.mask]);
      uint64_t start = ChainStart(buckets[hashes[i] & table.mask], hashes[i]);
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
    for (idx_t a = 0; a < std::min(active, kProbeAhead); a++) __builtin_prefetch(table.rows->Row(state.chain[state.active[a]]));
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
      __builtin_prefetch(table.rows->Row(state.chain[state.active[a + kProbeAhead]]));
    }
    idx_t i = state.active[a];
    uint64_t candidate = state.chain[i];
    while (candidate != kNone && pairs < kVectorSize) {
      const uint8_t* entry = table.rows->Row(candidate);
      uint64_t next = JoinRows::Next(entry);
      // Build-side output without a residual: a build row matched once is settled.
      bool settled = build_side_output_ && !residual_ && table.matched[candidate].load(std::memory_order_relaxed);
      if (!settled && JoinRows::Hash(entry) == state.hashes[i]) {
        bool equal = true;
        for (idx_t k = 0; k < keys_.size() && equal; k++) {
          equal = table.rows->KeyMatches(k, state.key_formats[k], state.key_formats[k].Index(i), entry,
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
        table.rows->Gather(keys_.size() + c, state.pair_build.data(), pairs, pc.column(probe_width + c));
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
      for (idx_t p = 0; p < kept; p++) table.matched[state.pair_build[keep.Get(p)]].store(1, std::memory_order_relaxed);
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
          if (table.matched) table.matched[state.pair_build[pair]].store(1, std::memory_order_relaxed);
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
        if (mark_key_null_aware_ && build.total_count > 0) {
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
  state.started = false;
  return OperatorResult::kNeedMoreInput;
}

struct HashJoinSource : GlobalSourceState {
  std::atomic<idx_t> next_chunk{0};  // of the in-memory table's build rows to emit
  std::mutex mutex;
  std::vector<HashJoinSpillTask> tasks;                 // spilled partitions not yet started
  std::vector<std::unique_ptr<JoinPartitions>> splits;  // partitions of split partitions
  idx_t threads = 1;
  idx_t MaxThreads() const override { return threads; }
};

// A thread's spilled partition: its build rows in a table, its probe rows still to join.
struct HashJoinSourceLocal : LocalSourceState {
  std::unique_ptr<HashJoinProbe> probe;  // created with the first spilled partition
  HashJoinSpillTask task;
  std::unique_ptr<HashJoinTable> table;
  SpillFile* probe_file = nullptr;  // null once every probe row was joined
  DataChunk probe_chunk;
  std::atomic<idx_t> next_chunk{0};  // of `table`'s build rows to emit
};

std::unique_ptr<GlobalSourceState> PhysicalHashJoin::GetGlobalSourceState(ClientContext& context) const {
  auto source = std::make_unique<HashJoinSource>();
  auto& build = static_cast<HashJoinBuild&>(*sink_state);
  if (build.spilled) {
    // Every probe is done: free the in-memory partitions for the spilled ones, unless their
    // build rows are still to be emitted.
    if (!EmitsBuildRows()) build.table = std::make_unique<HashJoinTable>(context.memory(), stored_types_);
    for (idx_t p = 0; p < JoinPartitions::kFanout; p++) {
      if (!(build.resident >> p & 1)) source->tasks.push_back({build.build_parts.get(), build.probe_parts.get(), p});
    }
    source->threads = source->tasks.size();
  }
  return source;
}

std::unique_ptr<LocalSourceState> PhysicalHashJoin::GetLocalSourceState(ExecutionContext&, GlobalSourceState&) const {
  return std::make_unique<HashJoinSourceLocal>();
}

bool PhysicalHashJoin::ScanBuildRows(const HashJoinTable& table, std::atomic<idx_t>& next_chunk,
                                     DataChunk& chunk) const {
  // Right/full/anti joins emit the unmatched build rows, semi joins the matched ones.
  uint8_t wanted = build_side_output_ && join_type_ == JoinType::kSemi ? 1 : 0;
  idx_t probe_width = build_side_output_ ? 0 : probe_types_.size();
  while (true) {
    idx_t c = next_chunk.fetch_add(1);
    if (c >= table.collection->ChunkCount()) return false;
    DataChunk& rows = table.collection->GetChunk(c);
    SelectionVector sel(rows.size());
    idx_t n = 0;
    for (idx_t i = 0; i < rows.size(); i++) {
      if (table.matched[c * kVectorSize + i].load(std::memory_order_relaxed) == wanted) sel.Set(n++, i);
    }
    if (n == 0) continue;
    for (idx_t p = 0; p < probe_width; p++) chunk.column(p).SetConstantNull();
    for (idx_t b = 0; b < build_types_.size(); b++) {
      chunk.column(probe_width + b).Slice(rows.column(keys_.size() + b), sel, n);
    }
    chunk.SetCardinality(n);
    return true;
  }
}

void PhysicalHashJoin::SplitPartition(ExecutionContext& context, HashJoinSource& source, HashJoinSourceLocal& local,
                                      const HashJoinSpillTask& task) const {
  auto& build = static_cast<HashJoinBuild&>(*sink_state);
  idx_t p = task.partition;
  idx_t level = task.build->level() + 1;
  auto build_parts = std::make_unique<JoinPartitions>(context.client, stored_types_, level, build.stats);
  auto probe_parts = std::make_unique<JoinPartitions>(context.client, probe_types_, level, build.stats);
  DataChunk build_rows_chunk, probe_rows_chunk;
  std::vector<uint64_t> hashes(kVectorSize);
  SpillFile* build_file = task.build->file(p);
  idx_t build_rows = build_file->Count();
  build_file->Rewind();
  while (build_file->Read(build_rows_chunk)) {
    HashStoredKeys(build_rows_chunk, keys_.size(), hashes.data());
    build_parts->Append(build_rows_chunk, hashes.data());
  }
  task.build->Drop(p);
  if (SpillFile* probe_file = task.probe->file(p)) {
    probe_file->Rewind();
    while (probe_file->Read(probe_rows_chunk)) {
      HashProbeKeys(*local.probe, probe_rows_chunk);
      probe_parts->Append(probe_rows_chunk, local.probe->hashes.data());
    }
    task.probe->Drop(p);
  }
  std::lock_guard<std::mutex> lock(source.mutex);
  for (idx_t q = 0; q < JoinPartitions::kFanout; q++) {
    if (!build_parts->file(q) && !probe_parts->file(q)) continue;
    // Build rows that all landed in one part share these hash bits (one key value, most
    // likely): splitting them again would not make them smaller.
    bool splittable = level + 1 < JoinPartitions::kLevels && build_parts->Count(q) < build_rows;
    source.tasks.push_back({build_parts.get(), probe_parts.get(), q, splittable});
  }
  source.splits.push_back(std::move(build_parts));
  source.splits.push_back(std::move(probe_parts));
}

bool PhysicalHashJoin::StartSpilledPartition(ExecutionContext& context, HashJoinSource& source,
                                             HashJoinSourceLocal& local) const {
  if (!local.probe) local.probe.reset(static_cast<HashJoinProbe*>(GetOperatorState(context).release()));
  MemoryTracker& memory = context.client.memory();
  while (true) {
    HashJoinSpillTask task;
    {
      std::lock_guard<std::mutex> lock(source.mutex);
      if (source.tasks.empty()) return false;
      task = source.tasks.back();
      source.tasks.pop_back();
    }
    idx_t p = task.partition;
    SpillFile* build_file = task.build->file(p);
    SpillFile* probe_file = task.probe->file(p);
    // Nothing to emit without build rows, or (when no build rows are emitted) without probe rows.
    if ((!build_file && NeedsBuildRows()) || (!probe_file && !EmitsBuildRows())) {
      task.build->Drop(p);
      task.probe->Drop(p);
      continue;
    }
    // Split a partition that does not fit, unless it is small: then what fills the memory is
    // something else, and smaller parts would not help.
    uint64_t cost = build_file ? build_file->SizeInBytes() + TableBytes(build_file->Count()) : 0;
    if (task.splittable && memory.ShouldSpill(cost) && cost > memory.limit() / JoinPartitions::kFanout) {
      SplitPartition(context, source, local, task);
      continue;
    }
    // Load the build rows (53200 if a partition that cannot be split does not fit).
    local.table = std::make_unique<HashJoinTable>(memory, stored_types_);
    if (build_file) {
      DataChunk rows;
      build_file->Rewind();
      while (build_file->Read(rows)) local.table->collection->Append(rows);
      task.build->Drop(p);
    }
    BuildTable(context, *local.table, 1);
    local.task = task;
    local.probe_file = probe_file;
    if (probe_file) probe_file->Rewind();
    local.next_chunk = 0;
    return true;
  }
}

SourceResult PhysicalHashJoin::GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                                       LocalSourceState& lstate) const {
  auto& source = static_cast<HashJoinSource&>(gstate);
  auto& local = static_cast<HashJoinSourceLocal&>(lstate);
  auto& build = static_cast<HashJoinBuild&>(*sink_state);
  if (EmitsBuildRows() && ScanBuildRows(*build.table, source.next_chunk, chunk)) return SourceResult::kHaveMoreOutput;
  if (!build.spilled) return SourceResult::kFinished;
  // Spilled partitions, one at a time per thread: probe rows through the partition's table,
  // then the build rows to emit.
  while (true) {
    if (!local.table && !StartSpilledPartition(context, source, local)) return SourceResult::kFinished;
    if (local.probe_file) {
      HashJoinProbe& probe = *local.probe;
      if (!probe.started) {
        context.client.CheckCancelled();
        if (!local.probe_file->Read(local.probe_chunk)) {
          local.probe_file = nullptr;
          continue;
        }
      }
      Probe(*local.table, build, local.probe_chunk, chunk, probe);
      if (chunk.size() > 0) return SourceResult::kHaveMoreOutput;
      continue;
    }
    if (EmitsBuildRows() && ScanBuildRows(*local.table, local.next_chunk, chunk)) return SourceResult::kHaveMoreOutput;
    local.task.probe->Drop(local.task.partition);
    local.table.reset();
  }
}

std::string PhysicalHashJoin::AnalyzeDetails() const {
  return sink_state ? static_cast<HashJoinBuild&>(*sink_state).stats.ToString() : "";
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
