#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>

#include "transaction/transaction.hpp"

namespace stockroom {

// Hands out snapshots and commits transactions, one commit at a time, each with the next
// commit sequence number. Snapshot isolation: a transaction reads what was committed when
// it began plus its own changes; of two transactions deleting or updating the same row,
// the second to commit fails with 40001 and changes nothing (first committer wins).
// One table's part of a commit.
struct TableCommit {
  std::shared_ptr<TableEntry> table;
  std::vector<row_t> deleted;                       // committed rows, ascending
  std::vector<std::shared_ptr<RowGroup>> inserted;  // new rows
};

class TransactionManager {
 public:
  // Called under the commit lock with the sequence number and the changes of each commit
  // before they are applied (the write-ahead log makes them durable here); throwing
  // cancels the commit.
  using CommitHook = std::function<void(uint64_t seq, const std::vector<TableCommit>& changes)>;

  std::unique_ptr<Transaction> Begin() const {
    std::shared_lock<std::shared_timed_mutex> running(running_);  // before the snapshot: see LockExclusive
    return std::make_unique<Transaction>(last_commit_.load(std::memory_order_acquire), std::move(running),
                                         writers_);
  }
  // Exclusive access for rewriting row groups, which renumbers rows (VACUUM): waits up to
  // `wait` until no transaction is running; none begins until the lock is released. The
  // lock does not own the mutex when transactions were still running after `wait`.
  std::unique_lock<std::shared_timed_mutex> LockExclusive(std::chrono::milliseconds wait) {
    return std::unique_lock<std::shared_timed_mutex>(running_, wait);
  }
  // Commits `txn` (throws 40001 on a conflict, leaving nothing applied).
  void Commit(const Transaction& txn);
  uint64_t last_commit() const { return last_commit_.load(std::memory_order_acquire); }
  void set_last_commit(uint64_t seq) { last_commit_.store(seq, std::memory_order_release); }
  void set_commit_hook(CommitHook hook) { hook_ = std::move(hook); }
  // What pages out the row groups transactions begun from now on insert.
  void set_group_writers(GroupWriterFactory writers) { writers_ = std::move(writers); }
  // Held by commits; checkpoints and DDL take it to see no commit half applied.
  std::mutex& commit_mutex() { return commit_mutex_; }

 private:
  std::mutex commit_mutex_;
  mutable std::shared_timed_mutex running_;  // shared by each running transaction
  std::atomic<uint64_t> last_commit_{0};
  CommitHook hook_;
  GroupWriterFactory writers_;
};

}  // namespace stockroom
