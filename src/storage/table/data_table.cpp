#include "storage/table/data_table.hpp"

#include <atomic>
#include <cmath>
#include <algorithm>
#include <cstring>
#include <unordered_map>

#include "common/error/assert.hpp"
#include "common/error/exception.hpp"
#include "common/types/hash.hpp"
#include "storage/buffer_pool.hpp"
#include "storage/table/row_group_sort.hpp"
#include "storage/table/zone_map.hpp"

namespace stockroom {

std::shared_ptr<RowGroup> NewRowGroup(const std::vector<LogicalType>& types) {
  auto group = std::make_shared<RowGroup>();
  group->columns.resize(types.size());
  for (size_t c = 0; c < types.size(); c++) {
    ColumnSegment& seg = group->columns[c];
    seg.type = types[c];
    seg.capacity = kVectorSize;
    seg.data = std::shared_ptr<uint8_t[]>(new uint8_t[PhysicalSize(types[c].physical()) * seg.capacity]);
    if (types[c].physical() == PhysicalType::kString) seg.heap = std::make_shared<StringHeap>();
  }
  return group;
}

namespace {

void UpdateZoneMap(ColumnSegment& seg, idx_t from, idx_t count) {
  const uint64_t* validity = seg.validity.get();
  if (validity) {
    for (idx_t i = from; i < from + count; i++) {
      if (!((validity[i >> 6] >> (i & 63)) & 1)) seg.zone.null_count++;
    }
  }
  UpdateZoneMap(seg.zone, seg, from, count);
}

}  // namespace

namespace {

// Grows a segment's arrays so `rows` fit (small tables stay small).
void EnsureCapacity(ColumnSegment& seg, idx_t rows) {
  if (rows <= seg.capacity) return;
  idx_t capacity = seg.capacity;
  while (capacity < rows) capacity *= 2;
  capacity = std::min(capacity, kRowGroupSize);
  idx_t width = PhysicalSize(seg.type.physical());
  std::shared_ptr<uint8_t[]> data(new uint8_t[width * capacity]);
  std::memcpy(data.get(), seg.data.get(), width * seg.capacity);
  seg.data = std::move(data);
  if (seg.validity) {
    idx_t words = ValidityMask::Words(capacity);
    std::shared_ptr<uint64_t[]> validity(new uint64_t[words]);
    std::memset(validity.get(), 0xFF, words * 8);
    std::memcpy(validity.get(), seg.validity.get(), ValidityMask::Words(seg.capacity) * 8);
    seg.validity = std::move(validity);
  }
  seg.capacity = capacity;
}

}  // namespace

void AppendToRowGroup(RowGroup& group, const std::vector<LogicalType>& types, const DataChunk& source, idx_t offset,
                      idx_t count) {
  SR_CHECK_LE(group.count + count, kRowGroupSize);
  SelectionVector sel(count);
  for (idx_t i = 0; i < count; i++) sel.Set(i, offset + i);
  for (size_t c = 0; c < types.size(); c++) {
    ColumnSegment& seg = group.columns[c];
    EnsureCapacity(seg, group.count + count);
    idx_t width = PhysicalSize(types[c].physical());
    UnifiedVectorFormat f;
    source.column(c).ToUnified(offset + count, f);
    uint8_t* target = seg.data.get() + group.count * width;
    bool is_string = types[c].physical() == PhysicalType::kString;
    for (idx_t i = 0; i < count; i++) {
      idx_t row = f.Index(offset + i);
      idx_t target_row = group.count + i;
      if (!f.validity->RowIsValid(row)) {
        if (!seg.validity) {
          idx_t words = ValidityMask::Words(seg.capacity);
          seg.validity = std::shared_ptr<uint64_t[]>(new uint64_t[words]);
          std::memset(seg.validity.get(), 0xFF, words * 8);
        }
        seg.validity[target_row >> 6] &= ~(uint64_t(1) << (target_row & 63));
        std::memset(target + i * width, 0, width);
        continue;
      }
      if (is_string) {
        reinterpret_cast<StringRef*>(target)[i] = seg.heap->Copy(f.Data<StringRef>()[row]);
      } else {
        std::memcpy(target + i * width, f.data + row * width, width);
      }
    }
    UpdateZoneMap(seg, group.count, count);
  }
  group.count += count;
}

void CopyRowGroup(const std::shared_ptr<RowGroup>& group, const std::vector<LogicalType>& types, idx_t count,
                  const std::function<bool(idx_t)>& skip, const std::function<void(DataChunk&)>& emit) {
  DataChunk chunk(types);
  SelectionVector sel(kVectorSize);
  for (idx_t start = 0; start < count; start += kVectorSize) {
    idx_t n_rows = std::min(kVectorSize, count - start);
    idx_t n = 0;
    for (idx_t i = 0; i < n_rows; i++) {
      if (!skip || !skip(start + i)) sel.Set(n++, i);
    }
    if (n == 0) continue;
    chunk.Reset();
    for (idx_t c = 0; c < types.size(); c++) {
      DataTable::ScanColumn(group, c, start, n_rows, chunk.column(c));
      if (n < n_rows) chunk.column(c).Slice(sel, n);
    }
    chunk.SetCardinality(n);
    emit(chunk);
  }
}

namespace {
std::atomic<uint64_t> next_table_id{1};
}  // namespace

DataTable::DataTable(std::vector<LogicalType> types) : types_(std::move(types)), table_id_(next_table_id.fetch_add(1)) {}

DataTable::DataVersion DataTable::GetDataVersion() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {table_id_, change_seq_};
}

void DataTable::AppendLocked(const DataChunk& chunk) {
  idx_t offset = 0;
  while (offset < chunk.size()) {
    // A paged group's rows are in its file: it does not grow.
    if (groups_.empty() || groups_.back()->count == kRowGroupSize || groups_.back()->paged) {
      groups_.push_back(NewRowGroup(types_));
    }
    RowGroup& group = *groups_.back();
    idx_t n = std::min(chunk.size() - offset, kRowGroupSize - group.count);
    AppendToRowGroup(group, types_, chunk, offset, n);
    offset += n;
    total_rows_ += n;
  }
}

void DataTable::CommitAppend(const std::vector<std::shared_ptr<RowGroup>>& groups, uint64_t seq) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& g : groups) {
    if (g->count == 0) continue;
    // Small groups are copied into the last group so that many small inserts do not
    // leave many small groups; large ones are adopted as they are.
    if (g->count >= kRowGroupSize / 2) {
      total_rows_ += g->count;
      groups_.push_back(g);
      if (g->count == kRowGroupSize) use_sketches_ = true;  // a large load: see GetStatistics
      continue;
    }
    CopyRowGroup(g, types_, g->count, nullptr, [&](DataChunk& chunk) { AppendLocked(chunk); });
  }
  versions_.push_back({seq, groups_.size(), groups_.empty() ? 0 : groups_.back()->count});
  change_seq_ = std::max(change_seq_, seq);
  stats_.reset();
}

void DataTable::LoadGroups(std::vector<std::shared_ptr<RowGroup>> groups, uint64_t seq) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& g : groups) {
    total_rows_ += g->count;
    if (g->count == kRowGroupSize) use_sketches_ = true;  // as after the load that made it
    groups_.push_back(std::move(g));
  }
  versions_.push_back({seq, groups_.size(), groups_.empty() ? 0 : groups_.back()->count});
  change_seq_ = std::max(change_seq_, seq);
  stats_.reset();
}

std::vector<std::shared_ptr<RowGroup>> DataTable::Groups() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return groups_;
}

void DataTable::CheckDeletes(const std::vector<row_t>& rows) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (row_t row : rows) {
    const auto& deletes = groups_[row / kRowGroupSize]->deletes;
    if (deletes && deletes->IsDeletedAtAll(row % kRowGroupSize)) {
      throw SqlError(ErrorCode::kSerializationFailure, "could not serialize access due to concurrent update")
          .WithDetail("Another transaction updated or deleted a row this transaction changes, after it began.")
          .WithHint("The transaction might succeed if retried.");
    }
  }
}

void DataTable::CommitDeletes(const std::vector<row_t>& rows, uint64_t seq) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (row_t row : rows) {
    auto& deletes = groups_[row / kRowGroupSize]->deletes;
    if (!deletes) deletes = std::make_shared<DeleteVector>();
    deletes->Delete(row % kRowGroupSize, seq);
  }
  deleted_rows_ += rows.size();
  if (!rows.empty()) {
    change_seq_ = std::max(change_seq_, seq);
    stats_.reset();
  }
}

void DataTable::ReplaceGroups(const std::function<std::shared_ptr<RowGroup>(const RowGroup&, bool last)>& replace) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (size_t g = 0; g < groups_.size(); g++) {
    if (auto replacement = replace(*groups_[g], g + 1 == groups_.size())) groups_[g] = std::move(replacement);
  }
}

void DataTable::Compact(const std::vector<idx_t>& sort_keys) {
  Snapshot snap = GetSnapshot();
  bool sort = !sort_keys.empty() && GetVacuumState(sort_keys[0]).unsorted_rows > 0;
  std::vector<std::shared_ptr<RowGroup>> live;
  auto builder = std::make_unique<Builder>(types_);
  auto flush = [&] {
    for (auto& b : builder->Finish()) live.push_back(b);
    builder = std::make_unique<Builder>(types_);
  };
  for (size_t g = 0; g < snap.groups.size(); g++) {
    if (!snap.deletes[g] && !sort) {  // groups without deletes are kept as they are
      flush();
      live.push_back(snap.groups[g]);
      continue;
    }
    const DeleteVector* deletes = snap.deletes[g].get();
    bool all_deleted = deletes != nullptr;
    for (idx_t row = 0; all_deleted && row < snap.counts[g]; row++) all_deleted = deletes->IsDeleted(row, snap.seq);
    if (all_deleted) continue;  // nothing to copy: its columns are not even read
    CopyRowGroup(
        snap.groups[g], types_, snap.counts[g],
        [&](idx_t row) { return deletes && deletes->IsDeleted(row, snap.seq); },
        [&](DataChunk& chunk) { builder->Append(chunk); });
  }
  flush();
  if (sort) live = SortRowGroups(live, types_, sort_keys);
  std::lock_guard<std::mutex> lock(mutex_);
  groups_ = std::move(live);
  total_rows_ = 0;
  for (auto& g : groups_) total_rows_ += g->count;
  deleted_rows_ = 0;
  versions_.clear();
  versions_.push_back({0, groups_.size(), groups_.empty() ? 0 : groups_.back()->count});
  stats_.reset();
}

DataTable::VacuumState DataTable::GetVacuumState(idx_t sort_key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  VacuumState state;
  state.rows = total_rows_;
  state.deleted_rows = deleted_rows_;
  if (sort_key == kRowIdColumn) return state;
  const Value* largest = nullptr;  // the largest key of the groups so far
  for (auto& group : groups_) {
    const ZoneMap& zone = group->columns[sort_key].zone;
    if (!zone.has_values) continue;  // all NULL, or a type without zone maps: no evidence
    if (largest && zone.min.Compare(*largest) < 0) state.unsorted_rows += group->count;
    if (!largest || zone.max.Compare(*largest) > 0) largest = &zone.max;
  }
  return state;
}

DataTable::Snapshot DataTable::GetSnapshot(uint64_t seq) const {
  std::lock_guard<std::mutex> lock(mutex_);
  Snapshot snap;
  snap.seq = seq;
  auto it = std::upper_bound(versions_.begin(), versions_.end(), seq,
                             [](uint64_t s, const Version& v) { return s < v.seq; });
  if (it == versions_.begin()) return snap;
  const Version& v = *(it - 1);
  for (idx_t g = 0; g < v.groups; g++) {
    bool tail = g + 1 == v.groups;
    idx_t count = tail ? v.tail_count : groups_[g]->count;
    // The last group may still grow: a shallow copy keeps the buffers this snapshot reads.
    snap.groups.push_back(tail ? std::make_shared<RowGroup>(*groups_[g]) : groups_[g]);
    snap.counts.push_back(count);
    snap.deletes.push_back(groups_[g]->deletes);
    snap.total_rows += count;
  }
  return snap;
}

idx_t DataTable::RowCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return total_rows_ - deleted_rows_;
}

uint64_t DataTable::UnpagedFullGroupBytes() const {
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t bytes = 0;
  for (auto& group : groups_) {
    if (group->paged || group->count < kRowGroupSize) continue;
    for (auto& seg : group->columns) {
      bytes += PhysicalSize(seg.type.physical()) * seg.capacity;
      if (seg.validity) bytes += ValidityMask::Words(seg.capacity) * 8;
      if (seg.heap) bytes += seg.heap->SizeInBytes();
    }
  }
  return bytes;
}

void DataTable::ScanColumn(const std::shared_ptr<RowGroup>& group, idx_t column, idx_t offset, idx_t count,
                           Vector& out) {
  if (group->paged) {
    std::shared_ptr<const ColumnSegment> seg = group->paged->Pin(column);
    std::shared_ptr<void> pin = std::const_pointer_cast<ColumnSegment>(seg);
    idx_t width = PhysicalSize(seg->type.physical());
    Vector ref(seg->type, seg->data.get() + offset * width, pin);
    if (seg->validity) ref.validity().Reference(seg->validity.get() + offset / 64, pin, count);
    out.Reference(ref);
    return;
  }
  const ColumnSegment& seg = group->columns[column];
  idx_t width = PhysicalSize(seg.type.physical());
  Vector ref(seg.type, seg.data.get() + offset * width, group);
  if (seg.validity) ref.validity().Reference(seg.validity.get() + offset / 64, group, count);
  out.Reference(ref);
}

std::vector<HyperLogLog> DataTable::SketchRows(const std::shared_ptr<RowGroup>& group, idx_t columns, idx_t count) {
  std::vector<HyperLogLog> sketches(columns);
  uint64_t hashes[kVectorSize];
  for (idx_t c = 0; c < columns; c++) {
    for (idx_t start = 0; start < count; start += kVectorSize) {
      idx_t n = std::min(kVectorSize, count - start);
      Vector v;
      DataTable::ScanColumn(group, c, start, n, v);
      HashVector(v, n, hashes);
      const ValidityMask& valid = v.validity();
      for (idx_t i = 0; i < n; i++) {
        if (valid.RowIsValid(i)) sketches[c].Add(hashes[i]);
      }
    }
  }
  return sketches;
}

namespace {

// Row count, NULL fraction and range of each column (from the zone maps) into `stats`.
void ZoneStatistics(const DataTable::Snapshot& snap, TableStatistics& stats) {
  for (size_t c = 0; c < stats.columns.size(); c++) {
    ColumnStatistics& cs = stats.columns[c];
    idx_t nulls = 0;
    for (auto& group : snap.groups) {
      const ZoneMap& zone = group->columns[c].zone;
      nulls += zone.null_count;
      if (!zone.has_values) continue;
      if (!cs.has_range || zone.min.Compare(cs.min) < 0) cs.min = zone.min;
      if (!cs.has_range || zone.max.Compare(cs.max) > 0) cs.max = zone.max;
      cs.has_range = true;
    }
    cs.null_fraction = snap.total_rows ? static_cast<double>(nulls) / snap.total_rows : 0;
  }
}

}  // namespace

TableStatistics DataTable::GetStatistics(const ParallelFor& parallel_for) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stats_) return *stats_;
  }
  std::lock_guard<std::mutex> computing(statistics_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stats_) return *stats_;  // computed by the caller we waited for
  }
  if (parallel_for) return ComputeStatistics(parallel_for);
  return ComputeStatistics([](size_t n, const std::function<void(size_t)>& task) {
    for (size_t i = 0; i < n; i++) task(i);
  });
}

TableStatistics DataTable::Analyze(const ParallelFor& parallel_for) {
  std::lock_guard<std::mutex> computing(statistics_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    use_sketches_ = true;
  }
  return ComputeStatistics(parallel_for);
}

TableStatistics DataTable::ComputeStatistics(const ParallelFor& parallel_for) {
  Snapshot snap = GetSnapshot();
  std::vector<std::shared_ptr<const std::vector<HyperLogLog>>> sketches;
  bool use_sketches;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    use_sketches = use_sketches_;
    for (auto& g : snap.groups) sketches.push_back(g->sketches);
  }
  if (use_sketches) {
    // Sketch the groups that no longer grow and have none yet, once.
    std::vector<size_t> missing;
    for (size_t g = 0; g < snap.groups.size(); g++) {
      if (!sketches[g] && (snap.counts[g] == kRowGroupSize || snap.groups[g]->paged)) missing.push_back(g);
    }
    parallel_for(missing.size(), [&](size_t i) {
      size_t g = missing[i];
      sketches[g] = std::make_shared<const std::vector<HyperLogLog>>(
          SketchRows(snap.groups[g], types_.size(), snap.counts[g]));
    });
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t g : missing) {
      if (!snap.groups[g]->sketches) snap.groups[g]->sketches = sketches[g];
    }
  }
  TableStatistics stats = use_sketches ? StatisticsFromSketches(snap, sketches) : SampleStatistics(snap);
  stats.row_count = RowCount();
  std::lock_guard<std::mutex> lock(mutex_);
  stats_ = std::make_shared<TableStatistics>(stats);
  return stats;
}

TableStatistics DataTable::StatisticsFromSketches(
    const Snapshot& snap, const std::vector<std::shared_ptr<const std::vector<HyperLogLog>>>& sketches) {
  TableStatistics stats;
  stats.columns.resize(types_.size());
  ZoneStatistics(snap, stats);
  std::vector<HyperLogLog> merged(types_.size());
  for (size_t g = 0; g < snap.groups.size(); g++) {
    std::vector<HyperLogLog> partial;
    const std::vector<HyperLogLog>* group = sketches[g].get();
    if (!group) {  // a group still filling up
      partial = SketchRows(snap.groups[g], types_.size(), snap.counts[g]);
      group = &partial;
    }
    for (size_t c = 0; c < types_.size(); c++) merged[c].Merge((*group)[c]);
  }
  for (size_t c = 0; c < types_.size(); c++) {
    double non_null_rows = snap.total_rows * (1 - stats.columns[c].null_fraction);
    stats.columns[c].distinct_count = std::max(1.0, std::min(static_cast<double>(merged[c].Count()), non_null_rows));
  }
  return stats;
}

TableStatistics DataTable::SampleStatistics(const Snapshot& snap) {
  TableStatistics stats;
  stats.columns.resize(types_.size());
  ZoneStatistics(snap, stats);
  // Sample about 64K rows evenly; estimate distinct counts with the GEE estimator
  // (sqrt(N/n) * singletons + repeated values).
  constexpr idx_t kSampleRows = 65536;
  idx_t stride = std::max<idx_t>(1, snap.total_rows / kSampleRows);
  for (size_t c = 0; c < types_.size(); c++) {
    ColumnStatistics& cs = stats.columns[c];
    std::unordered_map<uint64_t, uint32_t> counts;
    idx_t sampled = 0, nulls = 0;
    for (size_t g = 0; g < snap.groups.size(); g++) {
      idx_t n = snap.counts[g];
      for (idx_t start = 0; start < n; start += kVectorSize) {
        idx_t count = std::min(kVectorSize, n - start);
        Vector v;
        ScanColumn(snap.groups[g], c, start, count, v);
        // Hash only the sampled rows: hashing every row made statistics cost seconds.
        SelectionVector sel(count);
        idx_t m = 0;
        for (idx_t i = (stride - (start % stride)) % stride; i < count; i += stride) sel.Set(m++, i);
        if (m == 0) continue;
        Vector sample;
        sample.Slice(v, sel, m);
        uint64_t hashes[kVectorSize];
        HashVector(sample, m, hashes);
        for (idx_t k = 0; k < m; k++) {
          sampled++;
          if (!v.validity().RowIsValid(sel.Get(k))) {
            nulls++;
            continue;
          }
          counts[hashes[k]]++;
        }
      }
    }
    double non_null_rows = snap.total_rows * (1 - cs.null_fraction);
    double n = static_cast<double>(sampled - nulls);
    double singletons = 0;
    for (auto& [_, k] : counts) singletons += k == 1;
    double d = static_cast<double>(counts.size());
    double estimate = n > 0 ? std::sqrt(non_null_rows / n) * singletons + (d - singletons) : 0;
    cs.distinct_count = std::max(1.0, std::min(estimate, non_null_rows));
  }
  return stats;
}

void DataTable::Builder::Append(const DataChunk& chunk) {
  idx_t offset = 0;
  while (offset < chunk.size()) {
    if (groups_.empty() || groups_.back()->count == kRowGroupSize) groups_.push_back(NewRowGroup(types_));
    RowGroup& group = *groups_.back();
    idx_t n = std::min(chunk.size() - offset, kRowGroupSize - group.count);
    AppendToRowGroup(group, types_, chunk, offset, n);
    offset += n;
    rows_ += n;
    WriteIfFull(groups_.back());
  }
}

void DataTable::Builder::AppendGroups(std::vector<std::shared_ptr<RowGroup>> groups) {
  for (auto& g : groups) {
    rows_ += g->count;
    groups_.push_back(std::move(g));
    WriteIfFull(groups_.back());
  }
}

void DataTable::Builder::WriteIfFull(std::shared_ptr<RowGroup>& group) {
  if (!writer_ || group->count != kRowGroupSize || group->paged || group->file != 0) return;
  if (auto written = writer_(group)) group = std::move(written);
}

std::vector<std::shared_ptr<RowGroup>> DataTable::Builder::Finish() { return std::move(groups_); }

}  // namespace stockroom
