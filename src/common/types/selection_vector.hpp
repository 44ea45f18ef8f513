#pragma once

#include <memory>

#include "common/types/logical_type.hpp"

namespace stockroom {

// Row indexes into a vector: position i of a sliced vector reads row Get(i) of its source.
// An empty SelectionVector (no data) is the identity. Copies share the index buffer.
class SelectionVector {
 public:
  SelectionVector() = default;
  explicit SelectionVector(idx_t capacity) { Initialize(capacity); }
  // References an externally owned index array (static tables, another selection).
  explicit SelectionVector(const sel_t* data) : data_(const_cast<sel_t*>(data)) {}

  void Initialize(idx_t capacity = kVectorSize) {
    buffer_ = std::shared_ptr<sel_t[]>(new sel_t[capacity]);
    data_ = buffer_.get();
  }
  bool IsSet() const { return data_ != nullptr; }
  sel_t Get(idx_t i) const { return data_ ? data_[i] : static_cast<sel_t>(i); }
  void Set(idx_t i, idx_t row) { data_[i] = static_cast<sel_t>(row); }
  sel_t* data() { return data_; }
  const sel_t* data() const { return data_; }

  // Returns the composition: position i reads this->Get(other.Get(i)), for `count` rows.
  SelectionVector Compose(const SelectionVector& other, idx_t count) const;

  // A selection that maps every position to row 0 (how a constant vector is read).
  static const SelectionVector& Zero();

 private:
  std::shared_ptr<sel_t[]> buffer_;
  sel_t* data_ = nullptr;
};

}  // namespace stockroom
