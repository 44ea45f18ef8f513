#include "execution/operator/join/join_partitions.hpp"

#include "common/memory/memory_tracker.hpp"
#include "main/client_context.hpp"
#include "main/database.hpp"

namespace stockroom {

JoinPartitions::JoinPartitions(ClientContext& context, std::vector<LogicalType> types, idx_t level, SpillStats& stats)
    : directory_(context.db().spill_directory()),
      types_(std::move(types)),
      level_(level),
      stats_(stats),
      memory_(context.memory()) {}

JoinPartitions::~JoinPartitions() {
  for (idx_t p = 0; p < kFanout; p++) Drop(p);
}

idx_t JoinPartitions::Append(const DataChunk& chunk, const uint64_t* hashes, uint32_t keep, SelectionVector& kept) {
  idx_t count = chunk.size();
  // Group row numbers by partition (a counting sort), kept rows first.
  std::array<idx_t, kFanout + 1> start{};
  std::vector<uint8_t> partition(count);
  for (idx_t i = 0; i < count; i++) {
    partition[i] = static_cast<uint8_t>(PartitionOf(hashes[i], level_));
    start[partition[i] + 1]++;
  }
  idx_t kept_count = 0;
  for (idx_t p = 0; p < kFanout; p++) {
    if (keep >> p & 1) kept_count += start[p + 1];
  }
  std::array<idx_t, kFanout> next{};
  idx_t spilled_at = kept_count, kept_at = 0;
  for (idx_t p = 0; p < kFanout; p++) {
    bool kept_partition = keep >> p & 1;
    next[p] = kept_partition ? kept_at : spilled_at;
    (kept_partition ? kept_at : spilled_at) += start[p + 1];
  }
  std::array<idx_t, kFanout> first = next;
  SelectionVector order(std::max<idx_t>(count, 1));
  for (idx_t i = 0; i < count; i++) order.Set(next[partition[i]]++, i);

  DataChunk slice;
  slice.columns().resize(chunk.ColumnCount());
  for (idx_t p = 0; p < kFanout; p++) {
    idx_t n = next[p] - first[p];
    if (n == 0 || keep >> p & 1) continue;
    SelectionVector rows(order.data() + first[p]);
    for (idx_t c = 0; c < chunk.ColumnCount(); c++) slice.column(c).Slice(chunk.column(c), rows, n);
    slice.SetCardinality(n);
    std::lock_guard<std::mutex> lock(mutexes_[p]);
    if (!files_[p]) {
      memory_.Reserve(kFileMemory);
      files_[p] = std::make_unique<SpillFile>(directory_, types_, &stats_, kFileBuffer);
    }
    files_[p]->Append(slice);
  }
  kept = order;
  return kept_count;
}

void JoinPartitions::Append(const DataChunk& chunk, const uint64_t* hashes) {
  SelectionVector unused;
  Append(chunk, hashes, 0, unused);
}

void JoinPartitions::Drop(idx_t p) {
  std::lock_guard<std::mutex> lock(mutexes_[p]);
  if (!files_[p]) return;
  files_[p].reset();
  memory_.Release(kFileMemory);
}

}  // namespace stockroom
