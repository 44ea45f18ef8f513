#include "ingest/load_history.hpp"

namespace stockroom {

int64_t LoadHistory::NextQueryId() {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_query_++;
}

void LoadHistory::Add(std::vector<LoadRecord> loads, std::vector<LoadErrorRecord> errors) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& l : loads) loads_.push_back(std::move(l));
  for (auto& e : errors) errors_.push_back(std::move(e));
  while (loads_.size() > kMaxLoads) loads_.pop_front();
  while (errors_.size() > kMaxErrors) errors_.pop_front();
}

std::vector<LoadRecord> LoadHistory::Loads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {loads_.begin(), loads_.end()};
}

std::vector<LoadErrorRecord> LoadHistory::Errors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {errors_.begin(), errors_.end()};
}

}  // namespace stockroom
