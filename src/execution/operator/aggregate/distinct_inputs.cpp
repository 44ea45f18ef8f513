#include "execution/operator/aggregate/distinct_inputs.hpp"

#include "common/types/hash.hpp"
#include "main/client_context.hpp"

namespace stockroom {

void HashKeys(DataChunk& keys, uint64_t* hashes) {
  idx_t n = keys.size();
  if (keys.ColumnCount() == 0) {
    for (idx_t i = 0; i < n; i++) hashes[i] = 0x5bd1e995;
    return;
  }
  HashVector(keys.column(0), n, hashes);
  for (idx_t c = 1; c < keys.ColumnCount(); c++) CombineHashVector(keys.column(c), n, hashes);
}

idx_t SelectAggregateRows(DataChunk& chunk, int64_t filter_column, const std::vector<idx_t>& input_columns,
                          bool skip_nulls, SelectionVector& sel) {
  idx_t n = chunk.size();
  UnifiedVectorFormat filter;
  if (filter_column >= 0) chunk.column(filter_column).ToUnified(n, filter);
  std::vector<UnifiedVectorFormat> inputs(skip_nulls ? input_columns.size() : 0);
  for (size_t k = 0; k < inputs.size(); k++) chunk.column(input_columns[k]).ToUnified(n, inputs[k]);
  idx_t kept = 0;
  for (idx_t i = 0; i < n; i++) {
    if (filter_column >= 0) {
      idx_t f = filter.Index(i);
      if (!filter.validity->RowIsValid(f) || !filter.Data<bool>()[f]) continue;
    }
    bool has_null = false;
    for (auto& in : inputs) has_null |= !in.IsValid(i);
    if (!has_null) sel.Set(kept++, i);
  }
  return kept;
}

DistinctInputs::DistinctInputs(const std::vector<idx_t>& key_columns, const std::vector<idx_t>& input_columns,
                               int64_t filter_column, bool skip_nulls, const std::vector<LogicalType>& payload_types,
                               ClientContext& client)
    : columns_(key_columns),
      key_count_(key_columns.size()),
      input_columns_(input_columns),
      filter_column_(filter_column),
      skip_nulls_(skip_nulls) {
  columns_.insert(columns_.end(), input_columns.begin(), input_columns.end());
  std::vector<LogicalType> types;
  for (idx_t c : columns_) types.push_back(payload_types[c]);
  pairs_ = std::make_unique<AggregateHashTable>(types, std::vector<AggregateLayout>{}, 0, &client.memory(), &client);
}

void DistinctInputs::Add(DataChunk& payload) {
  SelectionVector sel(payload.size());
  idx_t kept = SelectAggregateRows(payload, filter_column_, input_columns_, skip_nulls_, sel);
  if (kept == 0) return;
  DataChunk pairs;
  pairs.columns().resize(columns_.size());
  for (size_t k = 0; k < columns_.size(); k++) pairs.column(k).Slice(payload.column(columns_[k]), sel, kept);
  pairs.SetCardinality(kept);
  HashKeys(pairs, hashes_.data());
  pairs_->FindOrCreate(pairs, hashes_.data(), states_.data());
}

void DistinctInputs::Combine(DistinctInputs& other) { pairs_->Combine(*other.pairs_); }

idx_t DistinctInputs::Scan(idx_t offset, DataChunk& entries) {
  entries.columns().resize(columns_.size());
  return pairs_->Scan(offset, entries, states_.data());
}

}  // namespace stockroom
