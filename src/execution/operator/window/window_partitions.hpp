#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "common/types/vector.hpp"
#include "execution/spill/spill_file.hpp"

namespace stockroom {

class ColumnDataCollection;
class ClientContext;
class MemoryTracker;

// The input of a window operator that spilled, split into `count` temporary files ("parts")
// by a hash of the partition key columns all its windows share. Rows with equal keys hash
// equal (NULLs included), so every window partition lies whole in one part and each part can
// be computed on its own. A part too large to compute in memory is split again at the next
// `level`, whose hash bits are independent of the previous level's.
//
// Each file holds about kFileMemory of buffers while it is written, reserved on the query's
// memory tracker until the file is taken. Append is thread-safe (a mutex per part); Take is
// called once writing is over, by one thread.
class WindowPartitions {
 public:
  static constexpr size_t kFileBuffer = size_t(16) << 10;
  // A write buffer grows to at most twice kFileBuffer before it is flushed.
  static constexpr uint64_t kFileMemory = 2 * kFileBuffer;
  static constexpr idx_t kMinParts = 8;
  static constexpr idx_t kMaxParts = 256;

  // `keys`: the columns of `types` the parts are hashed on.
  WindowPartitions(ClientContext& context, std::vector<LogicalType> types, std::vector<idx_t> keys, idx_t count,
                   idx_t level, SpillStats& stats);
  ~WindowPartitions();
  WindowPartitions(const WindowPartitions&) = delete;
  WindowPartitions& operator=(const WindowPartitions&) = delete;

  // How many parts `bytes` of input need so that computing one in memory (its rows plus
  // about `overhead` bytes a row of sort and results) takes at most a quarter of `limit`,
  // with write buffers for all of them within an eighth of it; at least `minimum`.
  static idx_t PartsFor(uint64_t bytes, idx_t rows, uint64_t overhead, uint64_t limit, idx_t minimum);

  idx_t count() const { return files_.size(); }
  idx_t level() const { return level_; }

  // Writes each row of `chunk` (any vector kinds) to its part.
  void Append(const DataChunk& chunk);
  void Append(const ColumnDataCollection& rows);

  // Hands over part p's file, rewound for reading; null when no row went there.
  std::unique_ptr<SpillFile> Take(idx_t p);

 private:
  std::string directory_;
  std::vector<LogicalType> types_;
  std::vector<idx_t> keys_;
  idx_t level_;
  SpillStats& stats_;
  MemoryTracker& memory_;
  std::vector<std::mutex> mutexes_;
  std::vector<std::unique_ptr<SpillFile>> files_;
};

}  // namespace stockroom
