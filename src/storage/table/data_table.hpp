#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "common/types/hyperloglog.hpp"
#include "common/types/vector.hpp"

namespace stockroom {

// Rows per row group: the unit of storage, zone maps and parallel scans.
constexpr idx_t kRowGroupSize = 60 * kVectorSize;  // 122,880

// Min, max and NULL count of a column segment; scans skip segments whose range cannot
// satisfy a pushed-down filter.
struct ZoneMap {
  bool has_values = false;  // min/max are set (at least one non-NULL value)
  Value min;
  Value max;
  idx_t null_count = 0;
};

// The values of one column in one row group, uncompressed in memory: a fixed-width array
// (StringRefs into `heap` for strings) and a validity bitmap. Append-only until sealed.
struct ColumnSegment {
  LogicalType type;
  idx_t capacity = 0;  // rows allocated; grows by doubling up to kRowGroupSize
  std::shared_ptr<uint8_t[]> data;
  std::shared_ptr<uint64_t[]> validity;  // null: no NULLs so far
  std::shared_ptr<StringHeap> heap;
  ZoneMap zone;
};

class PagedColumns;
class UncommittedSegmentFile;

// A row's identity within its table: group * kRowGroupSize + offset. Rows a transaction
// inserted but has not committed yet are in its own groups, numbered from kFirstLocalGroup.
using row_t = int64_t;
constexpr idx_t kFirstLocalGroup = (idx_t(1) << 62) / kRowGroupSize;
// Column id of the row id pseudo-column (BIGINT) in a scan's column list.
constexpr idx_t kRowIdColumn = ~idx_t(0);
// Column id, in a physical scan's column list, of a column the plan never reads: the scan
// produces NULLs for it instead of decoding it (optimizer/unused_columns).
constexpr idx_t kUnusedColumn = ~idx_t(0) - 1;

// The commit sequence number of the transaction that deleted each row of a row group
// (0: not deleted). Written under the commit lock, read by scans without locks.
class DeleteVector {
 public:
  DeleteVector() : seq_(new std::atomic<uint64_t>[kRowGroupSize]) {
    for (idx_t i = 0; i < kRowGroupSize; i++) seq_[i].store(0, std::memory_order_relaxed);
  }
  // Whether `row` is deleted for a reader of snapshot `snapshot`.
  bool IsDeleted(idx_t row, uint64_t snapshot) const {
    uint64_t s = seq_[row].load(std::memory_order_relaxed);
    return s != 0 && s <= snapshot;
  }
  // Whether a transaction deleted `row`, committed or not visible yet.
  bool IsDeletedAtAll(idx_t row) const { return seq_[row].load(std::memory_order_relaxed) != 0; }
  void Delete(idx_t row, uint64_t seq) { seq_[row].store(seq, std::memory_order_relaxed); }

 private:
  std::unique_ptr<std::atomic<uint64_t>[]> seq_;
};

// Up to kRowGroupSize rows, one segment per column.
struct RowGroup {
  idx_t count = 0;
  std::vector<ColumnSegment> columns;
  std::shared_ptr<DeleteVector> deletes;  // null: no row ever deleted; set under the table lock
  // The segment file holding the first `file_rows` rows (0: none); set by checkpoints.
  uint64_t file = 0;
  idx_t file_rows = 0;
  std::vector<uint64_t> file_column_bytes;  // each column's stored block in `file`
  // Per column, a sketch of its non-NULL values, once the group is full (it no longer
  // changes then; deletes are not subtracted). Set and read under the table's lock.
  std::shared_ptr<const std::vector<HyperLogLog>> sketches;
  // Set for a full group whose rows are all in `file`: the columns' values are there
  // (storage/buffer_pool.hpp), read back when evicted; `columns` keep types and zone maps.
  std::shared_ptr<PagedColumns> paged;
  // Set while `file` belongs to a transaction that has not committed: the file is deleted
  // when the group is dropped unless a commit adopted it (storage/uncommitted_segment_file).
  std::shared_ptr<UncommittedSegmentFile> uncommitted;
};

// Writes a full row group of uncommitted rows to a segment file and returns the group that
// replaces it, paged (StorageManager::WriteUncommittedGroup); null where rows stay in
// memory (an in-memory database; for a table with a SORTKEY, until its commit sorts them).
using RowGroupWriter = std::function<std::shared_ptr<RowGroup>(const std::shared_ptr<RowGroup>&)>;

// Estimated column statistics for the optimizer.
struct ColumnStatistics {
  double distinct_count = 0;  // estimated number of distinct non-NULL values
  double null_fraction = 0;
  bool has_range = false;
  Value min;
  Value max;
};

struct TableStatistics {
  idx_t row_count = 0;
  std::vector<ColumnStatistics> columns;
};

// A table's rows in memory as a list of row groups, versioned by commit sequence number
// (snapshot isolation; see transaction/). Commits append rows and mark deletes under the
// table lock; readers take a snapshot (the row groups and row counts a commit sequence
// number sees) and scan it without locks. Only the last row group grows, and a snapshot
// holds a frozen copy of it, so later appends never move memory a reader uses. Deleted
// rows stay in place, marked with the deleting commit's number, until compaction.
class DataTable {
 public:
  explicit DataTable(std::vector<LogicalType> types);

  const std::vector<LogicalType>& types() const { return types_; }

  struct Snapshot {
    std::vector<std::shared_ptr<RowGroup>> groups;
    std::vector<idx_t> counts;                             // rows appended by the snapshot
    std::vector<std::shared_ptr<DeleteVector>> deletes;    // per group, may be null
    uint64_t seq = 0;                                      // commits <= seq are visible
    idx_t total_rows = 0;                                  // appended rows, deleted ones included
  };
  // What a reader at commit sequence number `seq` sees.
  Snapshot GetSnapshot(uint64_t seq) const;
  // The latest committed state.
  Snapshot GetSnapshot() const { return GetSnapshot(~uint64_t(0) >> 1); }
  // Live rows of the latest committed state.
  idx_t RowCount() const;
  // Bytes of full row groups whose columns are held in memory outside the buffer pool
  // (not paged yet: committed since the last checkpoint), which a checkpoint would page.
  uint64_t UnpagedFullGroupBytes() const;

  // Commit steps, called under the transaction manager's commit lock:
  // throws 40001 if another transaction deleted (or updated) one of `rows` since `snapshot`.
  void CheckDeletes(const std::vector<row_t>& rows) const;
  void CommitDeletes(const std::vector<row_t>& rows, uint64_t seq);
  // Appends row groups built by a transaction (copying small ones into the last group).
  void CommitAppend(const std::vector<std::shared_ptr<RowGroup>>& groups, uint64_t seq);
  // Adds row groups as they are (loading a checkpoint), visible from commit `seq` on.
  void LoadGroups(std::vector<std::shared_ptr<RowGroup>> groups, uint64_t seq);
  // The row groups themselves (for checkpoints, which run while no commit does).
  std::vector<std::shared_ptr<RowGroup>> Groups() const;
  // Replaces the row groups for which `replace` returns one (under the table's lock; their
  // rows must be the same: checkpoints page groups they have written out).
  void ReplaceGroups(const std::function<std::shared_ptr<RowGroup>(const RowGroup&, bool last)>& replace);
  // Replaces the row groups by the live rows of the latest state, dropping deleted rows,
  // and with `sort_keys` orders all of them by those columns (VACUUM). Row ids change: only
  // when no transaction is running (TransactionManager::LockExclusive).
  void Compact(const std::vector<idx_t>& sort_keys = {});
  // What VACUUM would reclaim: rows appended (deleted ones included), deleted rows, and rows
  // out of order by `sort_key` (a column, or kRowIdColumn for none): those of row groups
  // whose smallest key is below the largest key of an earlier group, by the zone maps.
  struct VacuumState {
    idx_t rows = 0;
    idx_t deleted_rows = 0;
    idx_t unsorted_rows = 0;
    // Worth rewriting: a fifth or more of the rows deleted, or out of order.
    bool ManyDeleted() const { return deleted_rows > 0 && deleted_rows * 5 >= rows; }
    bool ManyUnsorted() const { return unsorted_rows > 0 && unsorted_rows * 5 >= rows; }
  };
  VacuumState GetVacuumState(idx_t sort_key) const;

  // Which state of which table a reader sees (the result cache's key, main/result_cache):
  // `table_id` is unique in the process; `change_seq` is the commit number of the last
  // commit that changed the rows (0: none since the table was created or loaded).
  struct DataVersion {
    uint64_t table_id;
    uint64_t change_seq;
  };
  DataVersion GetDataVersion() const;

  // Returns statistics, computed on first use after the data changed: distinct counts from
  // the full row groups' HyperLogLog sketches (each computed once) once the table has been
  // analyzed or has taken a whole row group in one commit (a large load), else estimated
  // from a sample of 64K rows. Row counts, NULL fractions and ranges are exact. Row groups
  // are sketched through `parallel_for` (which runs its function for 0..n-1; one at a time
  // without it).
  using ParallelFor = std::function<void(size_t, const std::function<void(size_t)>&)>;
  TableStatistics GetStatistics(const ParallelFor& parallel_for = nullptr);
  // ANALYZE: sketches every full row group that has none yet and refreshes the statistics.
  TableStatistics Analyze(const ParallelFor& parallel_for);

  // `group`'s sketches (null until it has them), read under the table's lock.
  std::shared_ptr<const std::vector<HyperLogLog>> SketchesOf(const RowGroup& group) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return group.sketches;
  }
  // Per column, a sketch of the non-NULL values of rows [0, count) of `group`.
  static std::vector<HyperLogLog> SketchRows(const std::shared_ptr<RowGroup>& group, idx_t columns, idx_t count);

  // Fills `out` with `count` rows of column `column` of `group` starting at `offset`,
  // referencing the segment's memory (no copy; a paged column is pinned while `out` holds it). `offset` must be a multiple of kVectorSize.
  static void ScanColumn(const std::shared_ptr<RowGroup>& group, idx_t column, idx_t offset, idx_t count, Vector& out);

  // Builds row groups from chunks without touching a table (for parallel loaders). With a
  // `writer`, each group that becomes full is handed to it and replaced by what it returns
  // (a transaction's rows paged out to a segment file), on the appending thread.
  class Builder {
   public:
    explicit Builder(std::vector<LogicalType> types, RowGroupWriter writer = nullptr)
        : types_(std::move(types)), writer_(std::move(writer)) {}
    void Append(const DataChunk& chunk);
    // Adds row groups built elsewhere (a parallel load's); full ones not yet written go to
    // the writer.
    void AppendGroups(std::vector<std::shared_ptr<RowGroup>> groups);
    std::vector<std::shared_ptr<RowGroup>> Finish();
    // The groups built so far (the last one may still grow).
    const std::vector<std::shared_ptr<RowGroup>>& groups() const { return groups_; }
    idx_t RowCount() const { return rows_; }

   private:
    // Replaces `group` by the writer's version when it is full and not written yet.
    void WriteIfFull(std::shared_ptr<RowGroup>& group);

    std::vector<LogicalType> types_;
    RowGroupWriter writer_;
    std::vector<std::shared_ptr<RowGroup>> groups_;
    idx_t rows_ = 0;
  };

 private:
  // The table's extent after a commit that appended rows.
  struct Version {
    uint64_t seq;
    idx_t groups;      // row groups
    idx_t tail_count;  // rows of the last of them
  };
  void AppendLocked(const DataChunk& chunk);

  std::vector<LogicalType> types_;
  const uint64_t table_id_;
  uint64_t change_seq_ = 0;  // under mutex_
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<RowGroup>> groups_;
  std::vector<Version> versions_;  // ascending seq
  idx_t total_rows_ = 0;
  idx_t deleted_rows_ = 0;
  // Statistics from the row groups' sketches: `sketches[g]` for group g of `snap` (null
  // where missing: that group, the last one if not full, is sketched on the spot).
  TableStatistics StatisticsFromSketches(const Snapshot& snap,
                                         const std::vector<std::shared_ptr<const std::vector<HyperLogLog>>>& sketches);
  TableStatistics SampleStatistics(const Snapshot& snap);
  // Statistics of the latest state, sketching missing row groups through `parallel_for`
  // when sketches are in use; caches them until the data changes.
  TableStatistics ComputeStatistics(const ParallelFor& parallel_for);

  std::shared_ptr<TableStatistics> stats_;  // null when stale
  // Held while statistics are computed, so that concurrent queries planned against stale
  // statistics (50 sessions after a server start) wait for one computation instead of each
  // sketching the whole table. Taken before mutex_, never while holding it.
  std::mutex statistics_mutex_;
  bool use_sketches_ = false;               // analyzed, or loaded a whole row group at once
};

// Appends rows [offset, offset + count) of `source` to `group` (which must have room).
void AppendToRowGroup(RowGroup& group, const std::vector<LogicalType>& types, const DataChunk& source, idx_t offset,
                      idx_t count);
std::shared_ptr<RowGroup> NewRowGroup(const std::vector<LogicalType>& types);

// Calls `emit` with rows [0, count) of `group` in chunks of up to kVectorSize rows,
// leaving out rows for which `skip(row)` holds (when given). For copies of row groups
// (commits, compaction), not scans.
void CopyRowGroup(const std::shared_ptr<RowGroup>& group, const std::vector<LogicalType>& types, idx_t count,
                  const std::function<bool(idx_t)>& skip, const std::function<void(DataChunk&)>& emit);

}  // namespace stockroom
