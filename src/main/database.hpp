#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "catalog/comment_catalog.hpp"
#include "common/memory/memory_tracker.hpp"
#include "ingest/load_history.hpp"
#include "security/privilege_catalog.hpp"
#include "security/role_catalog.hpp"

namespace stockroom {

class AutoVacuum;
class BufferPool;
class DataDirectory;
class ResultCache;
class TaskScheduler;
class TransactionManager;
class StorageManager;

struct DatabaseConfig {
  std::string path;  // data directory (created, versioned, locked and durable); empty: in memory
  int threads = 0;   // worker threads including callers; 0: one per core
  // Memory for table data and each query's operators (docs/storage-format.md, "Memory").
  uint64_t memory_limit = DefaultMemoryLimit();
  // How often the automatic VACUUM pass looks for tables that need it (main/vacuum.hpp);
  // zero: never.
  std::chrono::milliseconds auto_vacuum_interval{30000};
  // Bytes of recent query results kept for reuse (main/result_cache.hpp); 0: none.
  uint64_t result_cache_bytes = 64ull << 20;
};

// One database: catalog, storage and the worker pool, shared by all connections.
// Thread-safe.
class Database {
 public:
  explicit Database(DatabaseConfig config = {});
  ~Database();

  Catalog& catalog() { return catalog_; }
  TaskScheduler& scheduler() { return *scheduler_; }
  TransactionManager& transactions() { return *transactions_; }
  // The data directory's durable storage; null for an in-memory database.
  StorageManager* storage() { return storage_.get(); }
  const DatabaseConfig& config() const { return config_; }
  LoadHistory& load_history() { return load_history_; }
  // Roles and memberships, and the owners and grants of schemas and relations (security/).
  RoleCatalog& roles() { return roles_; }
  ResultCache& result_cache() { return *result_cache_; }
  PrivilegeCatalog& privileges() { return privileges_; }
  // COMMENT ON's comments (pg_description).
  CommentCatalog& comments() { return comments_; }
  // What all running queries' operators hold (each query's tracker adds to it), against
  // memory_limit: one budget for all sessions, whatever each one's SET memory_limit.
  MemoryTracker& operator_memory() { return operator_memory_; }
  // Table data paged in from segment files; null for an in-memory database.
  BufferPool* buffer_pool() { return buffer_pool_.get(); }
  // Where queries spill rows that do not fit their memory budget (execution/spill).
  const std::string& spill_directory() const { return spill_directory_; }

 private:
  void OpenStorage();

  DatabaseConfig config_;
  std::unique_ptr<DataDirectory> directory_;  // when config_.path is set
  Catalog catalog_;
  LoadHistory load_history_;
  RoleCatalog roles_;
  PrivilegeCatalog privileges_;
  CommentCatalog comments_;
  std::string spill_directory_;
  MemoryTracker operator_memory_{config_.memory_limit};
  std::unique_ptr<BufferPool> buffer_pool_;  // when config_.path is set
  std::unique_ptr<TransactionManager> transactions_;
  std::unique_ptr<TaskScheduler> scheduler_;
  std::unique_ptr<ResultCache> result_cache_;
  std::unique_ptr<StorageManager> storage_;  // when config_.path is set
  std::unique_ptr<AutoVacuum> auto_vacuum_;  // last: stops before what it uses goes
};

}  // namespace stockroom
