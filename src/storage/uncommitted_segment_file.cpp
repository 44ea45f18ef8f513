#include "storage/uncommitted_segment_file.hpp"

#include <unistd.h>

#include <algorithm>

namespace stockroom {

uint64_t SegmentFileNumbers::Allocate(bool pending) {
  std::lock_guard<std::mutex> lock(mutex_);
  uint64_t file = next_++;
  if (pending) pending_.insert(file);
  return file;
}

void SegmentFileNumbers::Settle(uint64_t file) {
  std::lock_guard<std::mutex> lock(mutex_);
  pending_.erase(file);
}

void SegmentFileNumbers::Raise(uint64_t at_least) {
  std::lock_guard<std::mutex> lock(mutex_);
  next_ = std::max(next_, at_least);
}

uint64_t SegmentFileNumbers::next() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_;
}

void UncommittedSegmentFile::Adopt() {
  std::call_once(settled_, [&] { numbers_->Settle(file_); });
}

UncommittedSegmentFile::~UncommittedSegmentFile() {
  std::call_once(settled_, [&] {
    // Unlinked while still pending, so a concurrent checkpoint never counts it as its own.
    ::unlink(path_.c_str());
    ::unlink((path_ + ".tmp").c_str());
    numbers_->Settle(file_);
  });
}

}  // namespace stockroom
