#pragma once

#include <unordered_map>
#include <vector>

#include "common/types/value.hpp"
#include "common/types/vector.hpp"

namespace stockroom {

// Numbers the distinct values of some key columns of rows (groups 0, 1, ...) with SQL
// equality (numerics by value, NaNs equal, as hash.hpp hashes them). Rows with a NULL in a
// key column have no group (-1): NULLs never conflict. INSERT ... ON CONFLICT groups its
// proposed rows with it, and a transaction keeps the keys its upserts wrote in one to
// check at COMMIT. Not thread-safe.
class KeyGroups {
 public:
  explicit KeyGroups(std::vector<idx_t> columns) : columns_(std::move(columns)) {}

  // Writes the group of each row of `rows` to `groups`; keys not seen get a new group when
  // `add`, else -1.
  void Find(const DataChunk& rows, bool add, std::vector<int64_t>& groups);
  size_t Count() const { return keys_.size(); }
  const std::vector<idx_t>& columns() const { return columns_; }

 private:
  std::vector<idx_t> columns_;
  std::unordered_map<uint64_t, std::vector<int64_t>> by_hash_;
  std::vector<std::vector<Value>> keys_;
};

}  // namespace stockroom
