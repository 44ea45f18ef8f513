#pragma once

#include <memory>
#include <vector>

#include "common/types/vector.hpp"
#include "execution/operator/aggregate/aggregate_hash_table.hpp"

namespace stockroom {

class ClientContext;

// Hashes the key columns (all rows); with no key columns every row hashes the same.
void HashKeys(DataChunk& keys, uint64_t* hashes);

// The rows of `chunk` an aggregate reads: those passing its FILTER (a boolean column, or
// -1 for none) and, when `skip_nulls`, with no NULL among its inputs. Returns how many,
// their positions in `sel`.
idx_t SelectAggregateRows(DataChunk& chunk, int64_t filter_column, const std::vector<idx_t>& input_columns,
                          bool skip_nulls, SelectionVector& sel);

// The distinct (group keys, inputs) pairs one DISTINCT aggregate without ORDER BY reads in
// one grouping set, collected as rows are sunk: each pair is held once, not every input
// row (count(DISTINCT customer_id) per day over 18 M order lines holds the day's customers,
// not the lines), and each thread collects its own, merged in Finalize. The pairs count
// against the query's memory_limit; they do not spill.
class DistinctInputs {
 public:
  // Columns are positions in the sunk payload chunk of types `payload_types`.
  DistinctInputs(const std::vector<idx_t>& key_columns, const std::vector<idx_t>& input_columns, int64_t filter_column,
                 bool skip_nulls, const std::vector<LogicalType>& payload_types, ClientContext& client);

  void Add(DataChunk& payload);
  // Moves `other`'s pairs here.
  void Combine(DistinctInputs& other);
  // The pairs from `offset` (a multiple of kVectorSize) into `entries` (group keys, then
  // inputs; referenced, valid until the next call); returns how many, 0 past the end.
  idx_t Scan(idx_t offset, DataChunk& entries);
  idx_t key_count() const { return key_count_; }

 private:
  std::vector<idx_t> columns_;  // the keys, then the inputs
  idx_t key_count_;
  std::vector<idx_t> input_columns_;
  int64_t filter_column_;
  bool skip_nulls_;
  std::unique_ptr<AggregateHashTable> pairs_;
  std::vector<uint64_t> hashes_ = std::vector<uint64_t>(kVectorSize);
  std::vector<data_ptr_t> states_ = std::vector<data_ptr_t>(kVectorSize);
};

}  // namespace stockroom
