#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "common/types/string_ref.hpp"

namespace stockroom {

class MemoryTracker;

// An append-only arena for string bytes. StringRefs that point into it stay valid as long
// as the heap lives. A heap can also keep other arenas alive (KeepAlive) when vectors share
// strings without copying them. Not thread-safe.
class StringHeap {
 public:
  explicit StringHeap(MemoryTracker* tracker = nullptr) : tracker_(tracker) {}
  ~StringHeap();
  StringHeap(const StringHeap&) = delete;
  StringHeap& operator=(const StringHeap&) = delete;

  // Copies `len` bytes into the heap and returns a reference to them.
  StringRef Add(const char* data, uint32_t len) {
    if (len <= StringRef::kInlineLength) return StringRef(data, len);
    char* target = Allocate(len);
    std::memcpy(target, data, len);
    return StringRef(target, len);
  }
  StringRef Add(std::string_view s) { return Add(s.data(), static_cast<uint32_t>(s.size())); }
  // Copies the bytes of `s` into this heap unless it is inline.
  StringRef Copy(const StringRef& s) { return s.IsInlined() ? s : Add(s.data(), s.size()); }
  // Returns writable memory for a string of `len` bytes to be filled by the caller, who then
  // builds the StringRef with StringRef(ptr, len) (which copies inline strings out).
  char* Allocate(uint32_t len);

  void KeepAlive(std::shared_ptr<void> other);
  // Bytes held, for memory accounting.
  uint64_t SizeInBytes() const { return allocated_; }

 private:
  struct Block {
    std::unique_ptr<char[]> data;
    uint32_t size;
    uint32_t used;
  };
  std::vector<Block> blocks_;
  std::vector<std::shared_ptr<void>> keep_alive_;
  uint64_t allocated_ = 0;
  MemoryTracker* tracker_;
};

}  // namespace stockroom
