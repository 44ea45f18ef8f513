#pragma once

#include <memory>
#include <vector>

#include "common/types/vector.hpp"

namespace stockroom {

class MemoryTracker;

// An append-only, owning collection of rows in chunks of kVectorSize (every chunk but the
// last is full, so row r lives in chunk r / kVectorSize at r % kVectorSize). Strings are
// copied into the collection. Used for results, materialized CTEs, join build sides and
// sort runs. Not thread-safe; parallel producers use one per thread and Combine.
class ColumnDataCollection {
 public:
  explicit ColumnDataCollection(std::vector<LogicalType> types, MemoryTracker* tracker = nullptr);
  ~ColumnDataCollection();
  ColumnDataCollection(const ColumnDataCollection&) = delete;
  ColumnDataCollection& operator=(const ColumnDataCollection&) = delete;

  const std::vector<LogicalType>& types() const { return types_; }
  idx_t Count() const { return count_; }
  idx_t ChunkCount() const { return chunks_.size(); }
  DataChunk& GetChunk(idx_t i) { return *chunks_[i]; }
  const DataChunk& GetChunk(idx_t i) const { return *chunks_[i]; }

  // Copies all rows of `chunk`.
  void Append(const DataChunk& chunk);
  // Moves all rows of `other` here (other becomes empty).
  void Combine(ColumnDataCollection& other);
  // Returns the value at (column, row).
  Value GetValue(idx_t column, idx_t row) const;
  // Stops charging this collection to its memory tracker (returning what it reserved), for
  // results that outlive the query whose tracker they were built under.
  void DetachFromTracker();
  // Makes `out` reference chunk `i` (no copy).
  void Scan(idx_t i, DataChunk& out) const;
  // Bytes charged to the memory tracker (0 without one).
  uint64_t ReservedBytes() const { return reserved_; }

 private:
  std::vector<LogicalType> types_;
  std::vector<std::unique_ptr<DataChunk>> chunks_;
  idx_t count_ = 0;
  MemoryTracker* tracker_;
  uint64_t reserved_ = 0;
};

}  // namespace stockroom
