#pragma once

#include <cstring>
#include <memory>

#include "common/types/logical_type.hpp"

namespace stockroom {

// NULL flags of a vector as a bitmap (bit set = valid). No bitmap means all rows are valid,
// the common case kept free. Copies share the bitmap. A mask may reference bits owned
// elsewhere (a table segment); EnsureWritable gives it a private copy before changes.
// Set*/SetInvalid write in place: call them only on a mask whose bitmap this vector owns
// (a fresh Reset() one) or after EnsureWritable.
class ValidityMask {
 public:
  ValidityMask() = default;

  bool AllValid() const { return bits_ == nullptr; }
  bool RowIsValid(idx_t row) const { return !bits_ || ((bits_[row >> 6] >> (row & 63)) & 1); }
  void SetInvalid(idx_t row) {
    if (!bits_) Allocate(capacity_);
    bits_[row >> 6] &= ~(uint64_t(1) << (row & 63));
  }
  void SetValid(idx_t row) {
    if (!bits_) return;
    bits_[row >> 6] |= uint64_t(1) << (row & 63);
  }
  void Set(idx_t row, bool valid) { valid ? SetValid(row) : SetInvalid(row); }
  // Marks all rows valid again (drops the bitmap).
  void Reset(idx_t capacity = kVectorSize) {
    owner_.reset();
    bits_ = nullptr;
    owned_ = false;
    capacity_ = capacity;
  }
  void SetAllInvalid(idx_t count) {
    Allocate(capacity_ > count ? capacity_ : count);
    std::memset(bits_, 0, Words(count) * 8);
  }
  // Points at `bits` owned by `owner` (nullptr bits: all valid).
  void Reference(uint64_t* bits, std::shared_ptr<void> owner, idx_t capacity) {
    bits_ = bits;
    owner_ = std::move(owner);
    owned_ = false;
    capacity_ = capacity;
  }
  // Gives this mask its own copy of the bitmap so it can be changed.
  void EnsureWritable() {
    if (!bits_ || (owned_ && owner_.use_count() == 1)) return;
    uint64_t* old = bits_;
    Allocate(capacity_);
    std::memcpy(bits_, old, Words(capacity_) * 8);
  }
  uint64_t* bits() { return bits_; }
  const uint64_t* bits() const { return bits_; }
  idx_t capacity() const { return capacity_; }

  static idx_t Words(idx_t count) { return (count + 63) / 64; }

 private:
  void Allocate(idx_t capacity) {
    capacity_ = capacity;
    auto words = Words(capacity);
    std::shared_ptr<uint64_t[]> buffer(new uint64_t[words]);
    std::memset(buffer.get(), 0xFF, words * 8);
    bits_ = buffer.get();
    owner_ = std::move(buffer);
    owned_ = true;
  }

  std::shared_ptr<void> owner_;
  uint64_t* bits_ = nullptr;
  bool owned_ = false;
  idx_t capacity_ = kVectorSize;
};

}  // namespace stockroom
