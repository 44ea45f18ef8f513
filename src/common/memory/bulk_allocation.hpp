#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace stockroom {

// Allocates `bytes` for bulk data (hash tables, join rows, input buffers). Blocks of 4 MB
// and more are aligned to 2 MB huge pages and advised as such (transparent huge pages are
// "madvise" on Debian): randomly probed tables then miss the TLB far less, and first
// touches fault once per 2 MB instead of per 4 KB.
std::shared_ptr<uint8_t[]> AllocateBulk(size_t bytes);

// A fixed-size array of trivially copyable T in bulk memory.
template <class T>
class BulkArray {
 public:
  BulkArray() = default;
  explicit BulkArray(size_t size) : data_(AllocateBulk(size * sizeof(T))), size_(size) {}
  // `size` elements, each `value`.
  BulkArray(size_t size, const T& value) : BulkArray(size) {
    for (size_t i = 0; i < size; i++) std::memcpy(get() + i, &value, sizeof(T));
  }

  T* get() { return reinterpret_cast<T*>(data_.get()); }
  const T* get() const { return reinterpret_cast<const T*>(data_.get()); }
  T& operator[](size_t i) { return get()[i]; }
  const T& operator[](size_t i) const { return get()[i]; }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

 private:
  std::shared_ptr<uint8_t[]> data_;
  size_t size_ = 0;
};

}  // namespace stockroom
