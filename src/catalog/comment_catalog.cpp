#include "catalog/comment_catalog.hpp"

namespace stockroom {

void CommentCatalog::Set(Key key, const std::optional<std::string>& comment) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!comment || comment->empty()) {
    comments_.erase(key);
  } else {
    comments_[key] = *comment;
  }
}

std::optional<std::string> CommentCatalog::Get(Key key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = comments_.find(key);
  if (it == comments_.end()) return std::nullopt;
  return it->second;
}

void CommentCatalog::ForgetObject(uint64_t classoid, uint64_t objoid) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = comments_.lower_bound(Key{classoid, objoid, INT32_MIN});
  while (it != comments_.end() && it->first.classoid == classoid && it->first.objoid == objoid) {
    it = comments_.erase(it);
  }
}

std::map<CommentCatalog::Key, std::string> CommentCatalog::All() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return comments_;
}

}  // namespace stockroom
