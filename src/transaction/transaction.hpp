#pragma once

#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <vector>

#include "common/types/key_groups.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

class TableEntry;

// One row group as a transaction sees it.
struct ScanGroup {
  std::shared_ptr<RowGroup> group;
  idx_t count;                                      // rows to read
  std::shared_ptr<DeleteVector> committed_deletes;  // may be null; check against the snapshot
  const std::vector<uint64_t>* local_deletes;       // this transaction's deletes (bitmap), or null
  row_t first_row_id;
};

// What one transaction changed in one table and has not committed: rows it inserted
// (row groups of its own, numbered from kFirstLocalGroup) and rows it deleted (committed
// rows and its own). UPDATE is a delete plus an insert.
class LocalTableChanges {
 public:
  // `writer` (may be null) pages out inserted row groups as they become full, or for a
  // table with a SORTKEY the commit's sorted rows.
  LocalTableChanges(std::shared_ptr<TableEntry> table, RowGroupWriter writer);

  void Append(const DataChunk& chunk) { inserted_.Append(chunk); }
  void AppendGroups(std::vector<std::shared_ptr<RowGroup>> groups) { inserted_.AppendGroups(std::move(groups)); }
  // Marks `row` deleted; false if this transaction already deleted it.
  bool Delete(row_t row);
  // The rows of the table as this transaction sees them: `committed` (its snapshot of the
  // table) followed by its own inserted groups, with its deletes merged in.
  std::vector<ScanGroup> ScanGroups(const DataTable::Snapshot& committed) const;

  const std::shared_ptr<TableEntry>& table() const { return table_; }
  // Committed rows deleted, ascending.
  std::vector<row_t> DeletedCommittedRows() const;
  // Inserted groups with the rows this transaction deleted again removed, ordered by the
  // table's SORTKEY if it has one.
  std::vector<std::shared_ptr<RowGroup>> InsertedRows() const;
  bool Empty() const { return inserted_.RowCount() == 0 && deleted_.empty(); }

  // Records the keys (columns `columns`) of `rows`, which INSERT ... ON CONFLICT wrote.
  void ClaimKeys(const std::vector<idx_t>& columns, const DataChunk& rows);
  // Throws 40001 if a transaction that committed after `snapshot` added a row with a key this
  // one claimed: the upsert would have met that row had it run after that commit, as
  // PostgreSQL's REPEATABLE READ makes the later of two upserts of a key fail. Called under
  // the commit lock.
  void CheckClaimedKeys(uint64_t snapshot) const;

 private:
  struct ClaimedKeys {
    std::vector<idx_t> columns;  // table columns of the key
    std::unique_ptr<KeyGroups> keys;  // over chunks of just the key columns
  };

  std::vector<std::shared_ptr<RowGroup>> SurvivingInsertedRows() const;

  std::shared_ptr<TableEntry> table_;
  std::vector<idx_t> sort_keys_;  // the table's SORTKEY columns
  RowGroupWriter writer_;
  DataTable::Builder inserted_;
  // Deleted rows as bitmaps per row group (group number row / kRowGroupSize).
  std::map<idx_t, std::vector<uint64_t>> deleted_;
  std::vector<ClaimedKeys> claimed_;
};

// The RowGroupWriter for a table's inserted rows (null: keep them in memory).
using GroupWriterFactory = std::function<RowGroupWriter(const std::shared_ptr<TableEntry>& table)>;

// A transaction: the commit sequence number its snapshot sees, and its local changes.
// Used by one connection at a time.
class Transaction {
 public:
  // `running` is held for the transaction's lifetime (TransactionManager::LockExclusive);
  // `writers` pages out the full row groups it inserts (durable databases).
  explicit Transaction(uint64_t snapshot, std::shared_lock<std::shared_timed_mutex> running = {},
                       GroupWriterFactory writers = nullptr)
      : snapshot_(snapshot), running_(std::move(running)), writers_(std::move(writers)) {}
  uint64_t snapshot() const { return snapshot_; }
  // What pages out the full row groups this transaction inserts into `table` (null: none,
  // or a table with a SORTKEY, whose commit sorts all its rows in memory first), for
  // inserting threads that build row groups of their own before AppendGroups.
  RowGroupWriter GroupWriter(const std::shared_ptr<TableEntry>& table) const;
  // The changes to `table`, created on first use.
  LocalTableChanges& Changes(const std::shared_ptr<TableEntry>& table);
  // The changes to `table`, or null when there are none.
  const LocalTableChanges* FindChanges(const TableEntry& table) const;
  const std::map<const TableEntry*, std::unique_ptr<LocalTableChanges>>& changes() const { return changes_; }
  // Forgets the changes to `table` (which its own DROP removed).
  void Discard(const TableEntry& table) { changes_.erase(&table); }
  // The row groups of `table` as this transaction sees them.
  std::vector<ScanGroup> ScanGroups(const TableEntry& table) const;

 private:
  uint64_t snapshot_;
  std::shared_lock<std::shared_timed_mutex> running_;
  GroupWriterFactory writers_;
  std::map<const TableEntry*, std::unique_ptr<LocalTableChanges>> changes_;
};

}  // namespace stockroom
