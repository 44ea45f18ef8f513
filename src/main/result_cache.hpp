#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace stockroom {

class ClientContext;
class ColumnDataCollection;
class LogicalOperator;

// Results of recent queries, shared by every connection of a database, so that a
// dashboard's repeated queries (the same SQL with the same parameters over tables that
// have not changed) are answered without running them again.
//
// An entry's key is the statement's text, its parameter values, the settings a result can
// depend on (search_path, TimeZone), the catalog epoch, and each table the optimized plan
// reads with the commit number of that table's last change (`DataTable::change_seq`). Any
// committed INSERT, UPDATE, DELETE, COPY, MERGE or TRUNCATE of a table the query read
// changes that number, so a later run misses and sees the new rows; DDL and the end of
// transaction blocks move the catalog epoch (`CatalogChange`), which retires every entry.
// Only autocommit SELECTs take part, and only when the plan reads user tables alone (no
// system tables or table functions), calls no volatile or stable function (random(),
// now(), current_user, ...), reads the clock through a cast ('now'::timestamp, 'today')
// and has no subquery expression left; a statement whose
// snapshot does not see a table's last change bypasses the cache. Thread-safe.
class ResultCache {
 public:
  // `max_bytes` bounds the rows held (an estimate); 0 disables the cache. Results of more
  // than `max_rows` rows are not kept.
  explicit ResultCache(uint64_t max_bytes, uint64_t max_rows = 10000);

  bool enabled() const { return max_bytes_ > 0; }
  uint64_t max_rows() const { return max_rows_; }

  // Brackets anything that may change what a statement's text means (DDL, the end of a
  // transaction block that may have run DDL): entries keyed before are never used again,
  // and nothing is cached while one runs.
  class CatalogChange {
   public:
    explicit CatalogChange(ResultCache& cache);
    ~CatalogChange();
    CatalogChange(const CatalogChange&) = delete;
    CatalogChange& operator=(const CatalogChange&) = delete;

   private:
    ResultCache& cache_;
  };
  // The catalog epoch, or nullopt while a catalog change runs. A statement reads it before
  // binding and again after planning and after executing: only when all three agree may
  // it use or fill the cache.
  std::optional<uint64_t> Epoch() const;

  std::shared_ptr<const ColumnDataCollection> Lookup(const std::string& key);
  void Store(const std::string& key, std::shared_ptr<const ColumnDataCollection> rows);

  uint64_t hits() const { return hits_.load(); }
  uint64_t misses() const { return misses_.load(); }
  size_t entries() const;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const ColumnDataCollection> rows;
    uint64_t bytes;
  };

  const uint64_t max_bytes_;
  const uint64_t max_rows_;
  std::atomic<uint64_t> epoch_{0};
  std::atomic<int> changes_running_{0};
  std::atomic<uint64_t> hits_{0}, misses_{0};
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  uint64_t bytes_ = 0;
};

// The cache key of a SELECT whose text is `sql` and whose optimized plan is `plan`, run by
// `context` at catalog epoch `epoch`, or nullopt when its result may not be reused (see
// ResultCache).
std::optional<std::string> ResultCacheKey(ClientContext& context, const std::string& sql, LogicalOperator& plan,
                                          uint64_t epoch);

// A copy of `rows` (a cached result is shared; each QueryResult owns its rows).
std::unique_ptr<ColumnDataCollection> CopyRows(const ColumnDataCollection& rows);

}  // namespace stockroom
