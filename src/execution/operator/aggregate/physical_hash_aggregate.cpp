#include "execution/operator/aggregate/physical_hash_aggregate.hpp"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

#include "common/error/exception.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/hash.hpp"
#include "execution/executor.hpp"
#include "execution/operator/aggregate/distinct_inputs.hpp"
#include "execution/expression/expression_executor.hpp"
#include "execution/operator/order/row_sort.hpp"
#include "execution/spill/spill_file.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

// Rows of grouping set `set` spilled to `file`, of one spill partition.
struct SpilledRows {
  idx_t set;
  idx_t partition;
  std::unique_ptr<SpillFile> file;
};

namespace {

using Tables = std::vector<std::unique_ptr<AggregateHashTable>>;  // one per partition

// Spilling (docs/storage-format.md, "Memory"): once its query passes three quarters of
// memory_limit, a thread stops creating groups. Rows of groups its tables already hold still
// update them; the payload rows of new groups go to disk, into one file per grouping set and
// spill partition (the hash's top bits, the same bits that choose a partition table).
// Finalize merges the tables in memory as usual, then takes each partition that spilled in
// turn (AggregatePartition): its spilled rows update or create groups in its merged table,
// which is then finalized into result rows on disk and freed, so memory frees up partition
// by partition. When the table would pass the budget, it stops creating groups in the same
// way and the rows of its new groups are spilled again, partitioned by the next hash bits,
// and aggregated after it. The source emits the partitions that stayed in memory, then the
// result rows.
constexpr idx_t kSpillPartitionBits = 4;

struct AggregateGlobal : GlobalSinkState {
  std::mutex mutex;
  std::vector<std::vector<Tables>> thread_tables;  // [set] -> per-thread partition tables
  std::vector<Tables> merged;                      // [set][partition]
  std::unique_ptr<ColumnDataCollection> deferred;  // payload rows for ORDER BY aggregates
  std::vector<std::vector<std::unique_ptr<DistinctInputs>>> distinct;  // [unit] -> per thread
  std::vector<SpilledRows> spilled;                 // payload rows of groups not in memory
  std::vector<std::unique_ptr<SpillFile>> results;  // finalized rows of the spilled groups
};

struct AggregateLocal : LocalSinkState {
  explicit AggregateLocal(ClientContext* context) : executor(context) {}
  ExpressionExecutor executor;
  DataChunk payload;
  std::vector<Tables> tables;  // [set][partition]
  std::unique_ptr<ColumnDataCollection> deferred;
  std::vector<std::unique_ptr<DistinctInputs>> distinct;  // [unit]
  bool spilling = false;  // creates no more groups; rows of new ones go to `spilled`
  std::vector<SpilledRows> spilled;
  std::vector<uint64_t> hashes = std::vector<uint64_t>(kVectorSize);
  std::vector<data_ptr_t> states = std::vector<data_ptr_t>(kVectorSize);
  Vector state_vector{TypeId::kBigInt};
};

idx_t PartitionOf(uint64_t hash, idx_t bits) { return bits == 0 ? 0 : (hash >> (64 - bits)); }

// The spill partition of a row at recursion level `level`: the level's group of hash bits,
// from the top (rows of one level-n partition differ only in later bits).
constexpr idx_t kMaxSpillLevel = 64 / kSpillPartitionBits - 1;
idx_t SpillPartitionOf(uint64_t hash, idx_t level) {
  return PartitionOf(hash << (level * kSpillPartitionBits), kSpillPartitionBits);
}

// Finds the group of each row of `keys` (hashes given) in its partition's table, creating
// missing ones when `create`, else leaving their state nullptr.
void FindGroups(Tables& tables, DataChunk& keys, const uint64_t* hashes, data_ptr_t* states, idx_t partition_bits,
                bool create = true) {
  idx_t count = keys.size();
  auto find = [create](AggregateHashTable& table, DataChunk& part, const uint64_t* part_hashes, data_ptr_t* out) {
    if (create) {
      table.FindOrCreate(part, part_hashes, out);
    } else {
      table.Find(part, part_hashes, out);
    }
  };
  if (tables.size() == 1) {
    find(*tables[0], keys, hashes, states);
    return;
  }
  // Route rows to partitions by their hash's top bits.
  std::vector<std::vector<sel_t>> rows(tables.size());
  for (idx_t i = 0; i < count; i++) rows[PartitionOf(hashes[i], partition_bits)].push_back(static_cast<sel_t>(i));
  std::vector<uint64_t> part_hashes(kVectorSize);
  std::vector<data_ptr_t> part_states(kVectorSize);
  for (size_t p = 0; p < tables.size(); p++) {
    if (rows[p].empty()) continue;
    idx_t n = rows[p].size();
    SelectionVector sel(n);
    for (idx_t i = 0; i < n; i++) {
      sel.Set(i, rows[p][i]);
      part_hashes[i] = hashes[rows[p][i]];
    }
    DataChunk part;
    part.columns().resize(keys.ColumnCount());
    for (idx_t c = 0; c < keys.ColumnCount(); c++) part.column(c).Slice(keys.column(c), sel, n);
    part.SetCardinality(n);
    find(*tables[p], part, part_hashes.data(), part_states.data());
    for (idx_t i = 0; i < n; i++) states[rows[p][i]] = part_states[i];
  }
}

// The file of `files` that takes spilled rows of grouping set `set` and spill partition
// `partition`, created on first use.
SpillFile& SpillFileFor(std::vector<SpilledRows>& files, idx_t set, idx_t partition, ClientContext& client,
                        const std::vector<LogicalType>& types, SpillStats* stats) {
  for (auto& f : files) {
    if (f.set == set && f.partition == partition) return *f.file;
  }
  files.push_back({set, partition, std::make_unique<SpillFile>(client.db().spill_directory(), types, stats)});
  return *files.back().file;
}

}  // namespace

PhysicalHashAggregate::PhysicalHashAggregate(std::vector<LogicalType> types, BoundExpressionList groups,
                                             BoundExpressionList aggregates,
                                             std::vector<std::vector<idx_t>> grouping_sets, double estimated_rows)
    : PhysicalOperator(groups.empty() ? "UNGROUPED_AGGREGATE" : "HASH_GROUP_BY", std::move(types), estimated_rows),
      groups_(std::move(groups)),
      aggregates_(std::move(aggregates)) {
  emit_grouping_id_ = !grouping_sets.empty();
  if (grouping_sets.empty()) {
    std::vector<idx_t> all;
    for (idx_t i = 0; i < groups_.size(); i++) all.push_back(i);
    sets_.push_back(all);
  } else {
    sets_ = std::move(grouping_sets);
  }
  for (auto& g : groups_) {
    payload_exprs_.push_back(g.get());
    payload_types_.push_back(g->type);
  }
  auto add_payload = [&](const BoundExpression& e) {
    payload_exprs_.push_back(&e);
    payload_types_.push_back(e.type);
    return payload_exprs_.size() - 1;
  };
  for (auto& a : aggregates_) {
    auto& agg = static_cast<const BoundAggregate&>(*a);
    AggregateInfo info;
    info.expr = &agg;
    info.state_offset = state_size_;
    state_size_ += (agg.function.state_size + 7) / 8 * 8;
    for (auto& c : agg.children) info.input_columns.push_back(add_payload(*c));
    if (agg.filter) info.filter_column = static_cast<int64_t>(add_payload(*agg.filter));
    bool ordered = !agg.order_by.empty() && agg.function.order_sensitive && !agg.function.ordered_set;
    if (ordered) {
      for (auto& o : agg.order_by) info.order_columns.push_back(add_payload(*o.expr));
    }
    if (agg.function.ordered_set) {
      for (auto& o : agg.order_by) {
        if (o.descending) {
          throw SqlError(ErrorCode::kFeatureNotSupported,
                         agg.function.name + " WITHIN GROUP (ORDER BY ... DESC) is not supported");
        }
      }
    }
    info.deferred = ordered;
    info.distinct_pairs = agg.distinct && !ordered;
    if (info.distinct_pairs) distinct_infos_.push_back(infos_.size());
    infos_.push_back(info);
    layouts_.push_back({&agg.function, agg.bind_data.get(), info.state_offset});
  }
  partition_bits_ = estimated_rows > 20000 ? 4 : 0;
  has_deferred_ = std::any_of(infos_.begin(), infos_.end(), [](const AggregateInfo& i) { return i.deferred; });
  can_spill_ = !has_deferred_ && distinct_infos_.empty() && std::any_of(sets_.begin(), sets_.end(), [](auto& set) { return !set.empty(); });
}

std::unique_ptr<GlobalSinkState> PhysicalHashAggregate::GetGlobalSinkState(ClientContext& context) const {
  auto state = std::make_unique<AggregateGlobal>();
  state->thread_tables.resize(sets_.size());
  state->distinct.resize(distinct_infos_.size() * sets_.size());
  state->deferred = std::make_unique<ColumnDataCollection>(payload_types_, &context.memory());
  return state;
}

std::unique_ptr<LocalSinkState> PhysicalHashAggregate::GetLocalSinkState(ExecutionContext& context) const {
  auto state = std::make_unique<AggregateLocal>(&context.client);
  for (auto* e : payload_exprs_) state->executor.AddExpression(*e);
  state->payload.Initialize(payload_types_);
  idx_t partitions = idx_t(1) << partition_bits_;
  state->tables.resize(sets_.size());
  for (size_t s = 0; s < sets_.size(); s++) {
    std::vector<LogicalType> key_types;
    for (idx_t g : sets_[s]) key_types.push_back(groups_[g]->type);
    for (idx_t p = 0; p < partitions; p++) {
      state->tables[s].push_back(std::make_unique<AggregateHashTable>(key_types, layouts_, state_size_,
                                                                      &context.client.memory(), &context.client));
    }
  }
  state->deferred = std::make_unique<ColumnDataCollection>(payload_types_, &context.client.memory());
  for (idx_t i : distinct_infos_) {
    const AggregateInfo& info = infos_[i];
    bool skip_nulls = info.expr->function.null_handling == NullHandling::kDefault;
    for (auto& set : sets_) {
      state->distinct.push_back(std::make_unique<DistinctInputs>(set, info.input_columns, info.filter_column, skip_nulls,
                                                                 payload_types_, context.client));
    }
  }
  return state;
}

void PhysicalHashAggregate::UpdateStates(ClientContext& client, DataChunk& payload, const data_ptr_t* row_states,
                                         bool ungrouped) const {
  idx_t count = payload.size();
  AggregateInputData data{nullptr, &client};
  Vector state_vector(TypeId::kBigInt);
  for (auto& info : infos_) {
    if (info.deferred || info.distinct_pairs) continue;
    const AggregateFunction& fn = info.expr->function;
    data.bind_data = info.expr->bind_data.get();
    std::vector<Vector> inputs(info.input_columns.size());
    for (size_t i = 0; i < inputs.size(); i++) inputs[i].Reference(payload.column(info.input_columns[i]));
    idx_t n = count;
    std::vector<data_ptr_t> filtered;
    const data_ptr_t* states = row_states;
    if (info.filter_column >= 0) {
      SelectionVector sel(count);
      UnifiedVectorFormat f;
      payload.column(info.filter_column).ToUnified(count, f);
      n = 0;
      for (idx_t i = 0; i < count; i++) {
        idx_t idx = f.Index(i);
        if (f.validity->RowIsValid(idx) && f.Data<bool>()[idx]) {
          sel.Set(n++, i);
        }
      }
      for (auto& in : inputs) in.Slice(sel, n);
      filtered.resize(n);
      for (idx_t i = 0; i < n; i++) filtered[i] = row_states[sel.Get(i)];
      states = filtered.data();
    }
    if (n == 0) continue;
    if (ungrouped && fn.simple_update) {
      fn.simple_update(inputs.data(), data, inputs.size(), states[0] + info.state_offset, n);
      continue;
    }
    auto* ptrs = reinterpret_cast<data_ptr_t*>(state_vector.data());
    for (idx_t i = 0; i < n; i++) ptrs[i] = states[i] + info.state_offset;
    fn.update(inputs.data(), data, inputs.size(), state_vector, n);
  }
}

void PhysicalHashAggregate::UpdateOrSpill(ClientContext& client, DataChunk& payload, data_ptr_t* states,
                                          const uint64_t* hashes, idx_t level, idx_t set,
                                          std::vector<SpilledRows>& spilled) const {
  idx_t count = payload.size();
  SelectionVector found(count);
  idx_t found_count = 0;
  std::vector<std::vector<sel_t>> missing(idx_t(1) << kSpillPartitionBits);
  for (idx_t i = 0; i < count; i++) {
    if (states[i]) {
      found.Set(found_count, i);
      states[found_count++] = states[i];
    } else {
      missing[SpillPartitionOf(hashes[i], level)].push_back(static_cast<sel_t>(i));
    }
  }
  for (idx_t q = 0; q < missing.size(); q++) {
    if (missing[q].empty()) continue;
    SelectionVector sel(missing[q].size());
    for (idx_t i = 0; i < missing[q].size(); i++) sel.Set(i, missing[q][i]);
    DataChunk rows;
    rows.columns().resize(payload.ColumnCount());
    for (idx_t c = 0; c < payload.ColumnCount(); c++) rows.column(c).Slice(payload.column(c), sel, missing[q].size());
    rows.SetCardinality(missing[q].size());
    SpillFileFor(spilled, set, q, client, payload_types_, &spill_stats_).Append(rows);
  }
  if (found_count == 0) return;
  DataChunk kept;
  kept.columns().resize(payload.ColumnCount());
  for (idx_t c = 0; c < payload.ColumnCount(); c++) kept.column(c).Slice(payload.column(c), found, found_count);
  kept.SetCardinality(found_count);
  UpdateStates(client, kept, states, false);
}

void PhysicalHashAggregate::Sink(ExecutionContext& context, DataChunk& chunk, GlobalSinkState&,
                                 LocalSinkState& lstate) const {
  auto& local = static_cast<AggregateLocal&>(lstate);
  DataChunk& payload = local.payload;
  payload.Reset();
  local.executor.Execute(chunk, payload);
  idx_t count = payload.size();
  if (can_spill_ && !local.spilling) {
    // Spill before a chunk whose new groups could pass three quarters of the budget (at
    // worst, each partition table gets its share of the rows and a new block).
    uint64_t growth = 0;
    for (auto& tables : local.tables) {
      for (auto& table : tables) growth += table->GrowthBytes(count / tables.size() + 1);
    }
    local.spilling = context.client.memory().ShouldSpill(growth);
  }
  for (size_t s = 0; s < sets_.size(); s++) {
    DataChunk keys;
    keys.columns().resize(sets_[s].size());
    for (size_t k = 0; k < sets_[s].size(); k++) keys.column(k).Reference(payload.column(sets_[s][k]));
    keys.SetCardinality(count);
    uint64_t* hashes = local.hashes.data();
    data_ptr_t* states = local.states.data();
    HashKeys(keys, hashes);
    bool spill = local.spilling && !sets_[s].empty();
    FindGroups(local.tables[s], keys, hashes, states, partition_bits_, !spill);
    if (!spill) {
      UpdateStates(context.client, payload, states, sets_[s].empty());
      continue;
    }
    // Rows of groups in memory update them; the others go to disk by spill partition.
    UpdateOrSpill(context.client, payload, states, hashes, 0, s, local.spilled);
  }
  if (has_deferred_) local.deferred->Append(payload);
  for (auto& pairs : local.distinct) pairs->Add(payload);
}

void PhysicalHashAggregate::Combine(ExecutionContext&, GlobalSinkState& gstate, LocalSinkState& lstate) const {
  auto& global = static_cast<AggregateGlobal&>(gstate);
  auto& local = static_cast<AggregateLocal&>(lstate);
  std::lock_guard<std::mutex> lock(global.mutex);
  for (size_t s = 0; s < sets_.size(); s++) global.thread_tables[s].push_back(std::move(local.tables[s]));
  global.deferred->Combine(*local.deferred);
  for (size_t u = 0; u < local.distinct.size(); u++) global.distinct[u].push_back(std::move(local.distinct[u]));
  for (auto& f : local.spilled) global.spilled.push_back(std::move(f));
}

void PhysicalHashAggregate::Finalize(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<AggregateGlobal&>(gstate);
  idx_t partitions = idx_t(1) << partition_bits_;
  global.merged.resize(sets_.size());
  for (auto& m : global.merged) m.resize(partitions);
  // Merge each (set, partition) across threads, in parallel.
  context.executor.RunParallel(sets_.size() * partitions, [&](idx_t unit) {
    idx_t s = unit / partitions, p = unit % partitions;
    auto& per_thread = global.thread_tables[s];
    std::unique_ptr<AggregateHashTable> target;
    for (auto& tables : per_thread) {
      if (!tables[p]) continue;
      if (!target) {
        target = std::move(tables[p]);
        continue;
      }
      target->Combine(*tables[p]);
      tables[p].reset();
    }
    global.merged[s][p] = std::move(target);
  });
  if (!global.spilled.empty()) AggregateSpilled(context, global);
  AggregateInputData data{nullptr, &context.client};
  // A grouping set with no columns (no GROUP BY, or the () set) yields one row even for no
  // input rows.
  for (size_t s = 0; s < sets_.size(); s++) {
    if (!sets_[s].empty()) continue;
    auto& table = global.merged[s][0];
    if (table->Count() == 0) {
      DataChunk keys;
      keys.SetCardinality(1);
      uint64_t hash = 0x5bd1e995;
      data_ptr_t state;
      table->FindOrCreate(keys, &hash, &state);
    }
  }
  AggregateDistinctPairs(context, global);
  // ORDER BY aggregates, from the collected rows.
  for (auto& info : infos_) {
    if (!info.deferred) continue;
    const AggregateFunction& fn = info.expr->function;
    data.bind_data = info.expr->bind_data.get();
    ColumnDataCollection& rows = *global.deferred;
    for (size_t s = 0; s < sets_.size(); s++) {
      // Rows that pass the filter, as (group keys, inputs, order keys).
      std::vector<idx_t> key_columns = sets_[s];
      std::vector<LogicalType> entry_types;
      std::vector<idx_t> entry_columns = key_columns;
      entry_columns.insert(entry_columns.end(), info.input_columns.begin(), info.input_columns.end());
      entry_columns.insert(entry_columns.end(), info.order_columns.begin(), info.order_columns.end());
      for (idx_t c : entry_columns) entry_types.push_back(payload_types_[c]);
      ColumnDataCollection entries(entry_types, &context.client.memory());
      std::unique_ptr<AggregateHashTable> seen;
      if (info.expr->distinct) {
        std::vector<LogicalType> seen_types(entry_types.begin(), entry_types.begin() + key_columns.size() + info.input_columns.size());
        seen = std::make_unique<AggregateHashTable>(seen_types, std::vector<AggregateLayout>{}, 0,
                                                    &context.client.memory(), &context.client);
      }
      for (idx_t c = 0; c < rows.ChunkCount(); c++) {
        DataChunk& chunk = rows.GetChunk(c);
        // Aggregates skip NULL inputs; DISTINCT deduplicates what remains.
        SelectionVector sel(chunk.size());
        idx_t kept = SelectAggregateRows(chunk, info.filter_column, info.input_columns,
                                         fn.null_handling == NullHandling::kDefault, sel);
        if (kept == 0) continue;
        DataChunk entry;
        entry.columns().resize(entry_columns.size());
        for (size_t k = 0; k < entry_columns.size(); k++) entry.column(k).Slice(chunk.column(entry_columns[k]), sel, kept);
        entry.SetCardinality(kept);
        if (seen) {
          DataChunk probe;
          probe.columns().resize(key_columns.size() + info.input_columns.size());
          for (idx_t k = 0; k < probe.ColumnCount(); k++) probe.column(k).Reference(entry.column(k));
          probe.SetCardinality(kept);
          std::vector<uint64_t> hashes(kept);
          HashKeys(probe, hashes.data());
          std::vector<data_ptr_t> dummy(kept);
          std::unique_ptr<bool[]> is_new(new bool[kept]);
          seen->FindOrCreate(probe, hashes.data(), dummy.data(), is_new.get());
          SelectionVector fresh(kept);
          idx_t m = 0;
          for (idx_t i = 0; i < kept; i++) {
            if (is_new[i]) fresh.Set(m++, i);
          }
          if (m == 0) continue;
          entry.Slice(fresh, m);
        }
        entries.Append(entry);
      }
      // Aggregates with an ORDER BY see their entries sorted by group, then ORDER BY keys.
      std::vector<idx_t> order;
      if (!info.order_columns.empty()) {
        std::vector<SortKey> keys;
        for (idx_t k = 0; k < key_columns.size(); k++) keys.push_back({k, false, false});
        idx_t base = key_columns.size() + info.input_columns.size();
        for (size_t o = 0; o < info.order_columns.size(); o++) {
          auto& item = info.expr->order_by[o];
          keys.push_back({base + o, item.descending, item.nulls_first});
        }
        order = SortRows(entries, keys);
      }
      // Without an ORDER BY the entries are fed as they are; with one, gathered in order.
      idx_t batches = info.order_columns.empty() ? entries.ChunkCount() : (order.size() + kVectorSize - 1) / kVectorSize;
      for (idx_t b = 0; b < batches; b++) {
        DataChunk gathered;
        if (!info.order_columns.empty()) {
          idx_t start = b * kVectorSize;
          idx_t n = std::min(kVectorSize, order.size() - start);
          gathered.Initialize(entry_types);
          for (idx_t i = 0; i < n; i++) {
            idx_t row = order[start + i];
            const DataChunk& src = entries.GetChunk(row / kVectorSize);
            SelectionVector one(1);
            one.Set(0, row % kVectorSize);
            for (idx_t c = 0; c < entry_types.size(); c++) gathered.column(c).CopyFrom(src.column(c), one, 1, i);
          }
          gathered.SetCardinality(n);
        }
        DataChunk& batch = info.order_columns.empty() ? entries.GetChunk(b) : gathered;
        idx_t n = batch.size();
        DataChunk keys;
        keys.columns().resize(key_columns.size());
        for (idx_t k = 0; k < key_columns.size(); k++) keys.column(k).Reference(batch.column(k));
        keys.SetCardinality(n);
        std::vector<uint64_t> hashes(n);
        HashKeys(keys, hashes.data());
        std::vector<data_ptr_t> states(n);
        FindGroups(global.merged[s], keys, hashes.data(), states.data(), partition_bits_);
        std::vector<Vector> inputs(info.input_columns.size());
        for (size_t k = 0; k < inputs.size(); k++) inputs[k].Reference(batch.column(key_columns.size() + k));
        Vector state_vector(TypeId::kBigInt);
        auto* ptrs = reinterpret_cast<data_ptr_t*>(state_vector.data());
        for (idx_t i = 0; i < n; i++) ptrs[i] = states[i] + info.state_offset;
        fn.update(inputs.data(), data, inputs.size(), state_vector, n);
      }
    }
  }
}

void PhysicalHashAggregate::AggregateDistinctPairs(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<AggregateGlobal&>(gstate);
  // Merge each unit's pairs across threads (in parallel), then update the groups' states.
  context.executor.RunParallel(global.distinct.size(), [&](idx_t u) {
    auto& per_thread = global.distinct[u];
    for (size_t t = 1; t < per_thread.size(); t++) {
      per_thread[0]->Combine(*per_thread[t]);
      per_thread[t].reset();
    }
  });
  AggregateInputData data{nullptr, &context.client};
  Vector state_vector(TypeId::kBigInt);
  std::vector<uint64_t> hashes(kVectorSize);
  std::vector<data_ptr_t> states(kVectorSize);
  for (size_t u = 0; u < global.distinct.size(); u++) {
    if (global.distinct[u].empty()) continue;
    DistinctInputs& pairs = *global.distinct[u][0];
    const AggregateInfo& info = infos_[distinct_infos_[u / sets_.size()]];
    idx_t s = u % sets_.size();
    data.bind_data = info.expr->bind_data.get();
    DataChunk entries;
    for (idx_t offset = 0;; offset += kVectorSize) {
      idx_t n = pairs.Scan(offset, entries);
      if (n == 0) break;
      DataChunk keys;
      keys.columns().resize(pairs.key_count());
      for (idx_t k = 0; k < pairs.key_count(); k++) keys.column(k).Reference(entries.column(k));
      keys.SetCardinality(n);
      HashKeys(keys, hashes.data());
      FindGroups(global.merged[s], keys, hashes.data(), states.data(), partition_bits_);
      std::vector<Vector> inputs(info.input_columns.size());
      for (size_t k = 0; k < inputs.size(); k++) inputs[k].Reference(entries.column(pairs.key_count() + k));
      auto* ptrs = reinterpret_cast<data_ptr_t*>(state_vector.data());
      for (idx_t i = 0; i < n; i++) ptrs[i] = states[i] + info.state_offset;
      info.expr->function.update(inputs.data(), data, inputs.size(), state_vector, n);
    }
    global.distinct[u].clear();
  }
}

void PhysicalHashAggregate::AggregateSpilled(ExecutionContext& context, GlobalSinkState& gstate) const {
  auto& global = static_cast<AggregateGlobal&>(gstate);
  ClientContext& client = context.client;
  // One unit of work per (grouping set, partition of the merged tables): the merged table
  // and the spilled rows that hash to it, from every thread.
  std::map<std::pair<idx_t, idx_t>, std::vector<SpillFile*>> by_unit;
  for (auto& rows : global.spilled) {
    by_unit[{rows.set, rows.partition >> (kSpillPartitionBits - partition_bits_)}].push_back(rows.file.get());
  }
  std::vector<std::pair<std::pair<idx_t, idx_t>, std::vector<SpillFile*>>> units(by_unit.begin(), by_unit.end());
  global.results.resize(units.size());
  context.executor.RunParallel(units.size(), [&](idx_t u) {
    auto [s, p] = units[u].first;
    global.results[u] = std::make_unique<SpillFile>(client.db().spill_directory(), types);
    AggregatePartition(client, s, std::move(global.merged[s][p]), units[u].second, 0, *global.results[u]);
  });
  global.spilled.clear();
}

void PhysicalHashAggregate::AggregatePartition(ClientContext& client, idx_t s,
                                               std::unique_ptr<AggregateHashTable> table,
                                               const std::vector<SpillFile*>& files, idx_t level,
                                               SpillFile& results) const {
  if (level > kMaxSpillLevel) {
    throw SqlError(ErrorCode::kOutOfMemory, "out of memory")
        .WithDetail("The groups of one hash partition need more than memory_limit (" +
                    FormatBytes(client.memory().limit()) + ").")
        .WithHint("Raise it with SET memory_limit.");
  }
  if (!table) {
    std::vector<LogicalType> key_types;
    for (idx_t g : sets_[s]) key_types.push_back(groups_[g]->type);
    table = std::make_unique<AggregateHashTable>(key_types, layouts_, state_size_, &client.memory(), &client);
  }
  bool table_full = false;  // the table creates no more groups; their rows go a level deeper
  std::vector<SpilledRows> deeper;
  DataChunk payload;
  std::vector<uint64_t> hashes(kVectorSize);
  std::vector<data_ptr_t> states(kVectorSize);
  for (SpillFile* file : files) {
    file->Rewind();
    while (file->Read(payload)) {
      idx_t count = payload.size();
      DataChunk keys;
      keys.columns().resize(sets_[s].size());
      for (size_t k = 0; k < sets_[s].size(); k++) keys.column(k).Reference(payload.column(sets_[s][k]));
      keys.SetCardinality(count);
      HashKeys(keys, hashes.data());
      // A table with no groups yet always takes some, so every level makes progress.
      if (!table_full && table->Count() > 0) table_full = client.memory().ShouldSpill(table->GrowthBytes(count));
      if (table_full) {
        table->Find(keys, hashes.data(), states.data());
      } else {
        table->FindOrCreate(keys, hashes.data(), states.data());
      }
      UpdateOrSpill(client, payload, states.data(), hashes.data(), level + 1, s, deeper);
    }
  }
  DataChunk chunk;
  chunk.Initialize(types);
  for (idx_t offset = 0; offset < table->Count(); offset += kVectorSize) {
    chunk.Reset();
    EmitGroups(client, s, *table, offset, chunk);
    results.Append(chunk);
  }
  table.reset();  // its memory is the deeper levels'
  for (auto& rows : deeper) AggregatePartition(client, s, nullptr, {rows.file.get()}, level + 1, results);
}

idx_t PhysicalHashAggregate::EmitGroups(ClientContext& client, idx_t s, const AggregateHashTable& table, idx_t offset,
                                        DataChunk& chunk) const {
  DataChunk keys;
  keys.columns().resize(sets_[s].size());
  std::vector<data_ptr_t> states(kVectorSize);
  idx_t n = table.Scan(offset, keys, states.data());
  // Group columns: from the set's keys, NULL for groups the set leaves out.
  for (idx_t g = 0; g < groups_.size(); g++) {
    auto it = std::find(sets_[s].begin(), sets_[s].end(), g);
    if (it == sets_[s].end()) {
      chunk.column(g).SetConstantNull();
    } else {
      chunk.column(g).Reference(keys.column(it - sets_[s].begin()));
    }
  }
  AggregateInputData data{nullptr, &client};
  Vector state_vector(TypeId::kBigInt);
  auto* ptrs = reinterpret_cast<data_ptr_t*>(state_vector.data());
  for (size_t a = 0; a < infos_.size(); a++) {
    data.bind_data = infos_[a].expr->bind_data.get();
    for (idx_t i = 0; i < n; i++) ptrs[i] = states[i] + infos_[a].state_offset;
    Vector& out = chunk.column(groups_.size() + a);
    out.Reset();
    infos_[a].expr->function.finalize(state_vector, data, out, n, 0);
  }
  if (emit_grouping_id_) {
    int64_t id = 0;
    for (idx_t g = 0; g < groups_.size(); g++) {
      if (std::find(sets_[s].begin(), sets_[s].end(), g) == sets_[s].end()) id |= int64_t(1) << g;
    }
    Vector& out = chunk.column(groups_.size() + infos_.size());
    out.Reset();
    out.Data<int64_t>()[0] = id;
    out.SetConstant();
  }
  chunk.SetCardinality(n);
  return n;
}

std::string PhysicalHashAggregate::AnalyzeDetails() const { return spill_stats_.ToString(); }

namespace {
struct AggregateSource : GlobalSourceState {
  std::atomic<idx_t> next_unit{0};
  idx_t units = 0;
  idx_t MaxThreads() const override { return units; }
};
struct AggregateSourceLocal : LocalSourceState {
  idx_t unit = 0;
  idx_t offset = 0;
  bool active = false;
};
}  // namespace

std::unique_ptr<LocalSourceState> PhysicalHashAggregate::GetLocalSourceState(ExecutionContext&,
                                                                             GlobalSourceState&) const {
  return std::make_unique<AggregateSourceLocal>();
}

std::unique_ptr<GlobalSourceState> PhysicalHashAggregate::GetGlobalSourceState(ClientContext&) const {
  auto state = std::make_unique<AggregateSource>();
  state->units = sets_.size() * (idx_t(1) << partition_bits_);
  if (sink_state) state->units += static_cast<AggregateGlobal&>(*sink_state).results.size();
  return state;
}

SourceResult PhysicalHashAggregate::GetData(ExecutionContext& context, DataChunk& chunk, GlobalSourceState& gstate,
                                            LocalSourceState& lstate) const {
  auto& source = static_cast<AggregateSource&>(gstate);
  auto& local = static_cast<AggregateSourceLocal&>(lstate);
  auto& global = static_cast<AggregateGlobal&>(*sink_state);
  idx_t partitions = idx_t(1) << partition_bits_;
  idx_t in_memory = sets_.size() * partitions;
  while (true) {
    if (!local.active) {
      local.unit = source.next_unit.fetch_add(1);
      if (local.unit >= source.units) return SourceResult::kFinished;
      local.offset = 0;
      local.active = true;
      if (local.unit >= in_memory) global.results[local.unit - in_memory]->Rewind();
    }
    if (local.unit >= in_memory) {  // result rows of spilled groups
      if (global.results[local.unit - in_memory]->Read(chunk)) return SourceResult::kHaveMoreOutput;
      local.active = false;
      continue;
    }
    idx_t s = local.unit / partitions, p = local.unit % partitions;
    AggregateHashTable* table = global.merged[s][p].get();
    if (!table || local.offset >= table->Count()) {
      local.active = false;
      continue;
    }
    local.offset += EmitGroups(context.client, s, *table, local.offset, chunk);
    return SourceResult::kHaveMoreOutput;
  }
}

std::string PhysicalHashAggregate::ParamsToString() const {
  std::string out;
  for (size_t i = 0; i < groups_.size(); i++) out += (i ? ", " : "") + groups_[i]->ToString();
  if (!aggregates_.empty()) out += groups_.empty() ? "" : "; ";
  for (size_t i = 0; i < aggregates_.size(); i++) out += (i ? ", " : "") + aggregates_[i]->ToString();
  return out;
}

}  // namespace stockroom
