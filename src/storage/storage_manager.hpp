#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "storage/encode_hint.hpp"
#include "storage/table/data_table.hpp"
#include "transaction/transaction_manager.hpp"

namespace stockroom {

class Database;
class SegmentFileNumbers;
class TableEntry;
class WriteAheadLog;

// Makes a database durable in its data directory (docs/storage-format.md): a checkpoint
// (the manifest: catalog statements and, per table, its row groups' segment files and
// deleted rows) plus a write-ahead log of what happened since (DDL statements and commits).
// Open loads the checkpoint, replays the log, compacts away deleted rows and checkpoints.
class StorageManager {
 public:
  StorageManager(Database& db, std::string path);
  ~StorageManager();

  void Open();
  // Serializes DDL with checkpoints; held from applying a DDL statement to logging it.
  std::unique_lock<std::mutex> LockDdl() { return std::unique_lock<std::mutex>(ddl_mutex_); }
  // Durably logs a DDL statement the catalog has applied (`search_path` resolves its names).
  void LogStatement(const std::string& sql, const std::vector<std::string>& search_path);
  // The commit hook: durably logs a commit before it is applied. Row groups a transaction
  // paged out are named by their segment file, which is made durable first.
  void LogCommit(uint64_t seq, const std::vector<TableCommit>& changes);
  // What pages out the full row groups a transaction inserts into `table`.
  RowGroupWriter GroupWriter(const std::shared_ptr<TableEntry>& table);
  // Writes `group` (full, inserted by a transaction not committed yet) to a new segment
  // file, fsynced but its directory entry not yet (LogCommit syncs the directory once), and
  // returns it paged, owning the file until a commit adopts it. Thread-safe; runs on the
  // inserting thread, outside every lock but the file number's.
  std::shared_ptr<RowGroup> WriteUncommittedGroup(const std::shared_ptr<RowGroup>& group,
                                                  const std::vector<ColumnEncodingOptions>& options);
  // Checkpoints when the log has grown past its limit, or the full row groups committed
  // since the last checkpoint (held in memory outside the buffer pool) past a share of
  // memory_limit.
  void MaybeCheckpoint();
  // Writes the committed state to segment files and a new manifest and starts a new log.
  void Checkpoint();
  // Runs `rewrite` (which renumbers rows: VACUUM) and checkpoints, with no commit and no
  // other checkpoint in between, so that the log never names rows of the old numbering.
  void RewriteAndCheckpoint(const std::function<void()>& rewrite);
  // What `table` takes in segment files (its checkpointed rows and the full row groups
  // commits wrote since; its other rows are in the log): the files' bytes, and per column
  // the stored blocks' bytes.
  struct DiskUsage {
    uint64_t file_bytes = 0;
    std::vector<uint64_t> column_bytes;
    // The row groups in files and how many of their rows the files hold.
    std::vector<std::pair<std::shared_ptr<RowGroup>, idx_t>> groups;
  };
  DiskUsage TableDiskUsage(const TableEntry& table);
  // True while Open replays statements (they are not logged again).
  bool replaying() const { return replaying_; }

 private:
  void LoadManifest();
  // The row group of `rows` rows in segment file `file`: paged (read as far as its summary)
  // unless it is not full and `last` of its table, where appends may still go.
  std::shared_ptr<RowGroup> LoadSegmentGroup(const std::vector<LogicalType>& types, uint64_t file, uint64_t rows,
                                             bool last);
  void ReplayLog();
  void ReplayRecord(std::string_view payload, const std::string& where);
  void RunStatement(const std::string& sql, const std::vector<std::string>& search_path);
  void CheckpointLocked();
  // What UnpagedFullGroupBytes adds up to over all tables.
  uint64_t UnpagedBytes() const;
  void CheckpointRewrittenLocked();
  std::string WalPath(uint64_t generation) const;
  std::string SegmentPath(uint64_t file) const;

  Database& db_;
  std::string path_;
  std::mutex ddl_mutex_;
  std::mutex log_mutex_;  // the log file and the checkpoint state below
  std::unique_ptr<WriteAheadLog> wal_;
  uint64_t wal_generation_ = 0;
  std::shared_ptr<SegmentFileNumbers> files_;
  bool replaying_ = false;
  bool rewrite_lost_ = false;  // a rewrite's checkpoint failed: commits are refused
};

}  // namespace stockroom
