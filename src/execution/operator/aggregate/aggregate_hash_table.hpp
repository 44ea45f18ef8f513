#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "common/types/vector.hpp"
#include "function/function.hpp"

namespace stockroom {

class MemoryTracker;

// An aggregate computed by a hash table: the function, its bind data, and where its state
// sits in a group's state row.
struct AggregateLayout {
  const AggregateFunction* function;
  const FunctionData* bind_data;
  idx_t state_offset;
};

// Groups rows by key columns and keeps one row of aggregate states per group. Keys are
// compared with SQL grouping semantics (NULLs group together; 1.5 and 1.50 are one group).
// Open addressing with linear probing over 64-bit slots (hash salt + group id). Group keys
// are stored columnar in chunks of kVectorSize; states in blocks of the same size.
// A single integer or date key also has a direct map: the group of each value in a window of
// kDirectValues values from just below the first one seen, so that rows of small-range keys (dates,
// products, warehouses) find their group with one array load. It caches what the slots
// hold (filled as groups are found or created), so both always agree.
// Not thread-safe: each thread owns its tables; Combine merges them.
class AggregateHashTable {
 public:
  // Whether cell `ai` of `a` and cell `bi` of `b` are one group's key (format indexes).
  using CellEqualFn = bool (*)(const UnifiedVectorFormat& a, idx_t ai, const UnifiedVectorFormat& b, idx_t bi);

  AggregateHashTable(std::vector<LogicalType> key_types, std::vector<AggregateLayout> aggregates, idx_t state_size,
                     MemoryTracker* tracker, ClientContext* context);
  ~AggregateHashTable();

  // For each of the `count` rows of `keys` (hashes given), finds or creates its group and
  // writes the address of its state row to `states[i]`. Rows in `sel` only when given.
  void FindOrCreate(DataChunk& keys, const uint64_t* hashes, data_ptr_t* states);
  // Like FindOrCreate but also reports, per row, whether the group was new.
  void FindOrCreate(DataChunk& keys, const uint64_t* hashes, data_ptr_t* states, bool* is_new);
  // Writes each row's state address to `states[i]`, or nullptr when its group is not in the
  // table; creates nothing. Read-only: threads may look up (and update distinct groups'
  // states) concurrently.
  void Find(DataChunk& keys, const uint64_t* hashes, data_ptr_t* states) const;
  // Merges `other`'s groups into this table, combining states. `other` keeps its states
  // (the caller destroys it).
  void Combine(AggregateHashTable& other);

  idx_t Count() const { return count_; }
  // The most memory creating groups for `rows` more rows can reserve (a resize of the slots,
  // key chunks and state blocks), for callers that spill before they pass their budget.
  uint64_t GrowthBytes(idx_t rows) const;
  // Fills `keys` (key columns) with groups [offset, offset + n) and their state addresses;
  // returns n (up to kVectorSize).
  idx_t Scan(idx_t offset, DataChunk& keys, data_ptr_t* states) const;
  uint64_t GroupHash(idx_t group) const { return hashes_[group]; }
  const std::vector<LogicalType>& key_types() const { return key_types_; }
  idx_t state_size() const { return state_size_; }

 private:
  void Resize(idx_t capacity);
  data_ptr_t StateAddress(idx_t group) const {
    return state_blocks_[group / kVectorSize].get() + (group % kVectorSize) * state_size_;
  }
  void AppendPending(DataChunk& keys);
  // Fills direct_offsets_ with each row's place in direct_ (kNoDirect: NULL or outside).
  void DirectOffsets(idx_t count);
  bool KeysEqual(idx_t group, idx_t row) const;

  std::vector<LogicalType> key_types_;
  std::vector<AggregateLayout> aggregates_;
  idx_t state_size_;
  MemoryTracker* tracker_;
  ClientContext* context_;

  std::vector<uint64_t> slots_;  // 0 empty; else (hash high bits | group + 1)
  idx_t mask_ = 0;
  idx_t count_ = 0;  // groups, including pending ones
  std::vector<uint64_t> hashes_;
  std::vector<CellEqualFn> equal_fns_;  // per key column
  std::vector<std::unique_ptr<DataChunk>> key_chunks_;
  // The format of each stored key column (flat: fixed while its chunk lives), chunk-major.
  std::vector<UnifiedVectorFormat> stored_formats_;
  std::vector<std::unique_ptr<uint8_t[]>> state_blocks_;
  uint64_t reserved_ = 0;

  // While a batch is processed: the input format of each key column and the input rows of
  // groups created by this batch (not yet copied into key_chunks_).
  std::vector<UnifiedVectorFormat> input_;
  std::vector<idx_t> pending_rows_;
  idx_t last_group_ = 0;  // the group of the batch's previous row
  idx_t stored_ = 0;

  static constexpr uint32_t kDirectValues = 1 << 16;
  static constexpr uint32_t kNoDirect = UINT32_MAX;
  bool direct_wanted_ = false;    // a single integer or date key
  std::vector<uint32_t> direct_;  // group + 1 of value direct_base_ + i; 0 unknown (empty: no direct map)
  std::optional<int64_t> direct_base_;  // the value of direct_[0], set at the first non-NULL key
  std::vector<uint32_t> direct_offsets_;  // per row of the batch
};

}  // namespace stockroom
