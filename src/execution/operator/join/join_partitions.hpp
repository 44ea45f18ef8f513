#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "common/types/vector.hpp"
#include "execution/spill/spill_file.hpp"

namespace stockroom {

class ClientContext;
class MemoryTracker;

// One side (build or probe) of a hash join that spilled: rows split by bits of their join-key
// hash into kFanout temporary files. Level 0 uses hash bits 44-47; a partition still too big
// to load is split again at the next level with the next four bits down (kLevels levels in
// all). The bucket index (low bits) and bucket tags (top bits) of the hash table built from a
// partition use other bits, so one partition still spreads over all buckets.
//
// Each file holds about kFileMemory of buffers, reserved on the query's memory tracker while
// the file exists. Thread-safe while writing (a mutex per partition); a partition is read by
// one thread at a time once writing is over.
class JoinPartitions {
 public:
  static constexpr idx_t kFanout = 16;
  static constexpr idx_t kLevels = 4;
  static constexpr size_t kFileBuffer = size_t(16) << 10;
  // A write buffer grows to at most twice kFileBuffer before it is flushed; a read buffer
  // holds kFileBuffer.
  static constexpr uint64_t kFileMemory = 3 * kFileBuffer;

  JoinPartitions(ClientContext& context, std::vector<LogicalType> types, idx_t level, SpillStats& stats);
  ~JoinPartitions();
  JoinPartitions(const JoinPartitions&) = delete;
  JoinPartitions& operator=(const JoinPartitions&) = delete;

  static idx_t PartitionOf(uint64_t hash, idx_t level) { return (hash >> (44 - 4 * level)) & (kFanout - 1); }
  idx_t level() const { return level_; }

  // Writes the rows of `chunk` (hashes[i] is row i's key hash) whose partition is not in
  // `keep` (bit p: partition p stays in memory); returns how many rows were kept and sets
  // `kept` to them.
  idx_t Append(const DataChunk& chunk, const uint64_t* hashes, uint32_t keep, SelectionVector& kept);
  // Writes every row of `chunk`.
  void Append(const DataChunk& chunk, const uint64_t* hashes);

  // Partition p's file; null when no row went there (or it was dropped).
  SpillFile* file(idx_t p) { return files_[p].get(); }
  idx_t Count(idx_t p) const { return files_[p] ? files_[p]->Count() : 0; }
  // Deletes partition p's file and returns its memory.
  void Drop(idx_t p);

 private:
  std::string directory_;
  std::vector<LogicalType> types_;
  idx_t level_;
  SpillStats& stats_;
  MemoryTracker& memory_;
  std::array<std::mutex, kFanout> mutexes_;
  std::array<std::unique_ptr<SpillFile>, kFanout> files_;
};

}  // namespace stockroom
