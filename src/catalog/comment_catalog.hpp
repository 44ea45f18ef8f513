#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <tuple>

namespace stockroom {

// COMMENT ON's text for relations, their columns and schemas, as pg_description holds it:
// by the catalog it lives in (pg_class, pg_namespace), the object's oid (relation and
// schema oids are stable across restarts) and the column's number (0: the object itself).
// A dropped object's comments go with it (ForgetObject). Thread-safe (one mutex).
class CommentCatalog {
 public:
  struct Key {
    uint64_t classoid;
    uint64_t objoid;
    int32_t objsubid;
    bool operator<(const Key& other) const {
      return std::tie(classoid, objoid, objsubid) < std::tie(other.classoid, other.objoid, other.objsubid);
    }
  };
  // Sets the comment (none or empty: removes it, as PostgreSQL does).
  void Set(Key key, const std::optional<std::string>& comment);
  std::optional<std::string> Get(Key key) const;
  // Removes the object's comment and its columns'.
  void ForgetObject(uint64_t classoid, uint64_t objoid);
  std::map<Key, std::string> All() const;

 private:
  mutable std::mutex mutex_;
  std::map<Key, std::string> comments_;
};

}  // namespace stockroom
