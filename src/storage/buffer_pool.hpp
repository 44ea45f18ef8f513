#pragma once

#include <atomic>
#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/lookup_index.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

class BufferPool;
class MemoryTracker;

// The columns of a full row group whose rows are all in its segment file. Each column is
// in memory (resident, decoded) or not; a scan pins it, reading it back from the file when
// it was evicted. The pool evicts columns no scan holds to keep table data within budget.
class PagedColumns : public std::enable_shared_from_this<PagedColumns> {
 public:
  PagedColumns(BufferPool& pool, std::string path, std::vector<LogicalType> types, idx_t count);

  // Column `c` in memory (read from the segment file if evicted), valid while held.
  std::shared_ptr<const ColumnSegment> Pin(idx_t c);
  // Makes `segment` column `c`'s resident copy (the rows the file holds, already in memory).
  void Adopt(idx_t c, ColumnSegment segment);
  // Column `c`'s lookup index (LookupIndex::Supports its type), or null until the column
  // has been looked up by value kLookupsBeforeIndex times since it last had one: building
  // one costs about as much as that many scans of the column, so a value looked up once
  // (an analyst's ad-hoc filter) never pays for it, while a dashboard's key lookups do
  // after a moment. The pool counts its memory and evicts it like a column.
  std::shared_ptr<const LookupIndex> Lookup(idx_t c);
  static constexpr uint32_t kLookupsBeforeIndex = 64;
  const std::string& path() const { return path_; }

 private:
  friend class BufferPool;
  struct Slot {
    std::mutex mutex;
    std::shared_ptr<const ColumnSegment> resident;  // null: evicted
    std::atomic<bool> referenced{false};            // pinned since the clock hand last passed
    std::shared_ptr<const LookupIndex> index;       // null: not built, or evicted
    std::atomic<bool> index_referenced{false};
    std::atomic<uint32_t> lookups{0};               // since the index was last evicted
  };
  void MakeResident(idx_t c, std::shared_ptr<const ColumnSegment> segment);

  BufferPool& pool_;
  std::string path_;
  std::vector<LogicalType> types_;
  idx_t count_;
  std::unique_ptr<Slot[]> slots_;
};

// Keeps the resident columns of paged row groups within `memory_limit` minus what running
// queries' operators hold (table data yields to hash tables and sorts), evicting by the
// clock algorithm: a column pinned since the hand last passed gets another round, one a
// scan holds right now is skipped. Thread-safe.
class BufferPool {
 public:
  // `operators` counts what every running query's operators hold.
  BufferPool(uint64_t limit, const MemoryTracker& operators) : limit_(limit), operators_(operators) {}

  void set_limit(uint64_t limit);
  // Evicts down to the budget if operators have grown into it (cheap when they have not).
  void MakeRoom();
  uint64_t limit() const { return limit_.load(std::memory_order_relaxed); }
  // Bytes of decoded columns held for paged row groups.
  uint64_t resident_bytes() const { return resident_.load(std::memory_order_relaxed); }
  // Columns read back from segment files since the database opened.
  uint64_t reads() const { return reads_.load(std::memory_order_relaxed); }

  // A row group that holds the same rows as `group` (full, all of them in the segment file
  // at `path`) with its columns paged; zone maps, deletes and sketches stay in memory.
  std::shared_ptr<RowGroup> Page(const RowGroup& group, const std::string& path);
  // A full row group known only from its segment file's summary (`summary` has its count,
  // column types, zone maps and sketches, no values): every column is read when first pinned.
  std::shared_ptr<RowGroup> PageUnread(RowGroup summary, const std::string& path);

 private:
  friend class PagedColumns;
  // Accounts column `c` of `columns` (or its lookup index) made resident, then evicts down
  // to the budget.
  void Admit(const std::shared_ptr<PagedColumns>& columns, idx_t c, uint64_t bytes, bool index = false);
  void CountRead() { reads_.fetch_add(1, std::memory_order_relaxed); }
  void EvictLocked();
  uint64_t Budget() const;

  struct Entry {
    std::weak_ptr<PagedColumns> columns;
    idx_t column;
    uint64_t bytes;
    bool index;  // the column's lookup index, not its values
  };
  std::atomic<uint64_t> limit_;
  const MemoryTracker& operators_;
  std::mutex mutex_;
  std::list<Entry> clock_;  // resident columns; the hand moves from front to back
  std::list<Entry>::iterator hand_ = clock_.end();
  std::atomic<uint64_t> resident_{0};
  std::atomic<uint64_t> reads_{0};
};

}  // namespace stockroom
