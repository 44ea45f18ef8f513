#include "transaction/transaction_manager.hpp"

#include "catalog/catalog_entry.hpp"
#include "common/error/exception.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

void TransactionManager::Commit(const Transaction& txn) {
  bool changed = false;
  for (auto& [_, changes] : txn.changes()) changed |= !changes->Empty();
  if (!changed) return;
  // Preparing the new rows (sorting them by a SORTKEY) does not hold up other commits.
  std::vector<TableCommit> work;
  for (auto& [_, changes] : txn.changes()) {
    if (changes->Empty()) continue;
    work.push_back({changes->table(), changes->DeletedCommittedRows(), changes->InsertedRows()});
  }
  std::lock_guard<std::mutex> lock(commit_mutex_);
  for (auto& w : work) {
    if (w.table->dropped) {
      throw SqlError(ErrorCode::kSerializationFailure, "could not serialize access due to concurrent update")
          .WithDetail("Table \"" + w.table->name + "\" was dropped or altered by another transaction after this one changed it.");
    }
    w.table->storage->CheckDeletes(w.deleted);
  }
  for (auto& [_, changes] : txn.changes()) changes->CheckClaimedKeys(txn.snapshot());
  uint64_t seq = last_commit_.load(std::memory_order_relaxed) + 1;
  if (hook_) hook_(seq, work);
  for (auto& w : work) {
    w.table->storage->CommitDeletes(w.deleted, seq);
    w.table->storage->CommitAppend(w.inserted, seq);
  }
  last_commit_.store(seq, std::memory_order_release);
}

}  // namespace stockroom
