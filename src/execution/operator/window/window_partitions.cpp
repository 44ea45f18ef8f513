#include "execution/operator/window/window_partitions.hpp"

#include <algorithm>

#include "common/memory/memory_tracker.hpp"
#include "common/types/column_data_collection.hpp"
#include "common/types/hash.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

namespace {

// Maps a 32-bit slice of the hash onto [0, count) (multiply-shift: no modulo bias worth
// noting, any count). Level 0 takes the hash's high half; each further level first mixes
// the level in, so a part that splits again spreads over all its children.
idx_t PartOf(uint64_t hash, idx_t level, idx_t count) {
  if (level > 0) hash = CombineHash(hash, level);
  return static_cast<idx_t>(((hash >> 32) * count) >> 32);
}

}  // namespace

WindowPartitions::WindowPartitions(ClientContext& context, std::vector<LogicalType> types, std::vector<idx_t> keys,
                                   idx_t count, idx_t level, SpillStats& stats)
    : directory_(context.db().spill_directory()),
      types_(std::move(types)),
      keys_(std::move(keys)),
      level_(level),
      stats_(stats),
      memory_(context.memory()),
      mutexes_(count),
      files_(count) {}

WindowPartitions::~WindowPartitions() {
  // Parts not taken (the query failed or was cancelled): closing deletes them, unflushed.
  for (auto& file : files_) {
    if (file) memory_.Release(kFileMemory);
  }
}

idx_t WindowPartitions::PartsFor(uint64_t bytes, idx_t rows, uint64_t overhead, uint64_t limit, idx_t minimum) {
  uint64_t need = bytes + rows * overhead;
  uint64_t part = std::max<uint64_t>(limit / 4, 1);
  uint64_t parts = need / part + 1;
  uint64_t buffers = std::max<uint64_t>(limit / 8 / kFileMemory, kMinParts);
  parts = std::max<uint64_t>(parts, minimum);
  return static_cast<idx_t>(std::min<uint64_t>({parts, buffers, kMaxParts}));
}

void WindowPartitions::Append(const DataChunk& chunk) {
  idx_t n = chunk.size();
  if (n == 0) return;
  std::vector<uint64_t> hashes(n);
  HashVector(chunk.column(keys_[0]), n, hashes.data());
  for (size_t k = 1; k < keys_.size(); k++) CombineHashVector(chunk.column(keys_[k]), n, hashes.data());
  // Group row numbers by part (a counting sort), then write each part's rows as one slice.
  idx_t count = files_.size();
  std::vector<idx_t> start(count + 1, 0);
  std::vector<uint32_t> part(n);
  for (idx_t i = 0; i < n; i++) {
    part[i] = static_cast<uint32_t>(PartOf(hashes[i], level_, count));
    start[part[i] + 1]++;
  }
  for (idx_t p = 0; p < count; p++) start[p + 1] += start[p];
  std::vector<idx_t> next(start.begin(), start.end() - 1);
  SelectionVector order(n);
  for (idx_t i = 0; i < n; i++) order.Set(next[part[i]]++, i);
  DataChunk slice;
  slice.columns().resize(chunk.ColumnCount());
  for (idx_t p = 0; p < count; p++) {
    idx_t rows = start[p + 1] - start[p];
    if (rows == 0) continue;
    SelectionVector selected(order.data() + start[p]);
    for (idx_t c = 0; c < chunk.ColumnCount(); c++) slice.column(c).Slice(chunk.column(c), selected, rows);
    slice.SetCardinality(rows);
    std::lock_guard<std::mutex> lock(mutexes_[p]);
    if (!files_[p]) {
      memory_.Reserve(kFileMemory);
      files_[p] = std::make_unique<SpillFile>(directory_, types_, &stats_, kFileBuffer);
    }
    files_[p]->Append(slice);
  }
}

void WindowPartitions::Append(const ColumnDataCollection& rows) {
  for (idx_t c = 0; c < rows.ChunkCount(); c++) Append(rows.GetChunk(c));
}

std::unique_ptr<SpillFile> WindowPartitions::Take(idx_t p) {
  std::lock_guard<std::mutex> lock(mutexes_[p]);
  if (!files_[p]) return nullptr;
  std::unique_ptr<SpillFile> file = std::move(files_[p]);
  file->Rewind();
  memory_.Release(kFileMemory);
  return file;
}

}  // namespace stockroom
