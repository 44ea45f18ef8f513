#include "common/types/key_groups.hpp"

#include "common/types/hash.hpp"

namespace stockroom {

namespace {

bool SameKey(const std::vector<Value>& a, const std::vector<Value>& b) {
  for (size_t k = 0; k < a.size(); k++) {
    if (a[k].Compare(b[k]) != 0) return false;
  }
  return true;
}

}  // namespace

void KeyGroups::Find(const DataChunk& rows, bool add, std::vector<int64_t>& groups) {
  idx_t n = rows.size();
  groups.assign(n, -1);
  if (n == 0) return;
  std::vector<uint64_t> hashes(n);
  HashVector(rows.column(columns_[0]), n, hashes.data());
  for (size_t k = 1; k < columns_.size(); k++) CombineHashVector(rows.column(columns_[k]), n, hashes.data());
  std::vector<UnifiedVectorFormat> formats(columns_.size());
  for (size_t k = 0; k < columns_.size(); k++) rows.column(columns_[k]).ToUnified(n, formats[k]);
  std::vector<Value> key(columns_.size());
  for (idx_t i = 0; i < n; i++) {
    bool has_null = false;
    for (auto& f : formats) has_null = has_null || !f.IsValid(i);
    if (has_null) continue;
    auto candidates = by_hash_.find(hashes[i]);
    if (candidates == by_hash_.end() && !add) continue;
    for (size_t k = 0; k < columns_.size(); k++) key[k] = rows.GetValue(columns_[k], i);
    if (candidates != by_hash_.end()) {
      for (int64_t g : candidates->second) {
        if (SameKey(keys_[g], key)) {
          groups[i] = g;
          break;
        }
      }
    }
    if (groups[i] < 0 && add) {
      groups[i] = static_cast<int64_t>(keys_.size());
      keys_.push_back(key);
      by_hash_[hashes[i]].push_back(groups[i]);
    }
  }
}

}  // namespace stockroom
