#include "transaction/transaction_manager.hpp"

#include "catalog/catalog_entry.hpp"
#include "storage/table/data_table.hpp"

namespace stockroom {

void TransactionManager::Commit(const Transaction& txn) {
  bool changed = false;
  for (auto& [_, changes] : txn.changes()) changed |= !changes->Empty();
  if (!changed) return;
  std::lock_guard<std::mutex> lock(commit_mutex_);
  std::vector<TableCommit> work;
  for (auto& [_, changes] : txn.changes()) {
    if (changes->Empty()) continue;
    TableCommit w{changes->table(), changes->DeletedCommittedRows(), changes->InsertedRows()};
    w.table->storage->CheckDeletes(w.deleted);
    work.push_back(std::move(w));
  }
  uint64_t seq = last_commit_.load(std::memory_order_relaxed) + 1;
  if (hook_) hook_(seq, work);
  for (auto& w : work) {
    w.table->storage->CommitDeletes(w.deleted, seq);
    w.table->storage->CommitAppend(w.inserted, seq);
  }
  last_commit_.store(seq, std::memory_order_release);
}

}  // namespace stockroom
