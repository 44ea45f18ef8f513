#include "common/types/string_heap.hpp"

#include "common/memory/memory_tracker.hpp"

namespace stockroom {

namespace {
constexpr uint32_t kMinBlockSize = 16 * 1024;
constexpr uint32_t kMaxBlockSize = 1024 * 1024;
}  // namespace

StringHeap::~StringHeap() {
  if (tracker_) tracker_->Release(allocated_);
}

char* StringHeap::Allocate(uint32_t len) {
  if (blocks_.empty() || blocks_.back().size - blocks_.back().used < len) {
    uint32_t size = blocks_.empty() ? kMinBlockSize : blocks_.back().size * 2;
    if (size > kMaxBlockSize) size = kMaxBlockSize;
    if (size < len) size = len;
    if (tracker_) tracker_->Reserve(size);
    blocks_.push_back(Block{std::unique_ptr<char[]>(new char[size]), size, 0});
    allocated_ += size;
  }
  Block& block = blocks_.back();
  char* result = block.data.get() + block.used;
  block.used += len;
  return result;
}

void StringHeap::KeepAlive(std::shared_ptr<void> other) {
  for (auto& existing : keep_alive_) {
    if (existing == other) return;
  }
  keep_alive_.push_back(std::move(other));
}

}  // namespace stockroom
