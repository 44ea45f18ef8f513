#include "main/vacuum.hpp"

#include <cstdio>

#include "catalog/catalog.hpp"
#include "main/database.hpp"
#include "storage/storage_manager.hpp"
#include "transaction/transaction_manager.hpp"

namespace stockroom {

namespace {

idx_t FirstSortKey(const TableEntry& table) {
  auto keys = table.SortKeyColumns();
  return keys.empty() ? kRowIdColumn : keys[0];
}

}  // namespace

bool VacuumTables(Database& db, const std::vector<std::shared_ptr<TableEntry>>& tables, std::chrono::milliseconds wait) {
  auto exclusive = db.transactions().LockExclusive(wait);
  if (!exclusive.owns_lock()) return false;
  auto rewrite = [&] {
    for (auto& table : tables) table->storage->Compact(table->SortKeyColumns());
  };
  if (StorageManager* storage = db.storage()) {
    storage->RewriteAndCheckpoint(rewrite);
  } else {
    rewrite();
  }
  return true;
}

bool NeedsVacuum(const TableEntry& table) {
  DataTable::VacuumState state = table.storage->GetVacuumState(FirstSortKey(table));
  return state.ManyDeleted() || state.ManyUnsorted();
}

AutoVacuum::AutoVacuum(Database& db, std::chrono::milliseconds interval)
    : db_(db), interval_(interval), thread_([this] { Run(); }) {}

AutoVacuum::~AutoVacuum() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AutoVacuum::Run() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!wake_.wait_for(lock, interval_, [this] { return stop_; })) {
    std::vector<std::shared_ptr<TableEntry>> tables;
    for (auto& entry : db_.catalog().AllEntries()) {
      if (HasRows(*entry) && NeedsVacuum(static_cast<TableEntry&>(*entry))) {
        tables.push_back(std::static_pointer_cast<TableEntry>(entry));
      }
    }
    if (tables.empty()) continue;
    try {
      VacuumTables(db_, tables, std::chrono::milliseconds(0));  // busy: the next round tries again
    } catch (const std::exception& e) {
      // Nobody to report to but standard error (see StorageManager::RewriteAndCheckpoint).
      std::fprintf(stderr, "stockroom: automatic vacuum failed: %s\n", e.what());
    }
  }
}

}  // namespace stockroom
