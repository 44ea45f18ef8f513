#include "main/database.hpp"

#include "catalog/system_views.hpp"
#include "execution/pipeline/task_scheduler.hpp"
#include "execution/spill/spill_file.hpp"
#include "main/result_cache.hpp"
#include "main/vacuum.hpp"
#include "storage/buffer_pool.hpp"
#include "storage/data_directory.hpp"
#include "storage/storage_manager.hpp"
#include "transaction/transaction_manager.hpp"

namespace stockroom {

Database::Database(DatabaseConfig config)
    : config_(std::move(config)),
      directory_(config_.path.empty() ? nullptr : std::make_unique<DataDirectory>(config_.path)),
      spill_directory_(SpillDirectoryFor(config_.path)),
      transactions_(std::make_unique<TransactionManager>()),
      scheduler_(std::make_unique<TaskScheduler>(config_.threads)),
      result_cache_(std::make_unique<ResultCache>(config_.result_cache_bytes)) {
  CreateSystemViews(catalog_);
  if (directory_) OpenStorage();
  if (config_.auto_vacuum_interval.count() > 0) {
    auto_vacuum_ = std::make_unique<AutoVacuum>(*this, config_.auto_vacuum_interval);
  }
}

void Database::OpenStorage() {
  buffer_pool_ = std::make_unique<BufferPool>(config_.memory_limit, operator_memory_);
  operator_memory_.set_on_grow([this] { buffer_pool_->MakeRoom(); });
  storage_ = std::make_unique<StorageManager>(*this, config_.path);
  storage_->Open();
  load_history_.Persist(config_.path + "/load_history");
  transactions_->set_commit_hook(
      [this](uint64_t seq, const std::vector<TableCommit>& changes) { storage_->LogCommit(seq, changes); });
  transactions_->set_group_writers(
      [this](const std::shared_ptr<TableEntry>& table) { return storage_->GroupWriter(table); });
}

Database::~Database() = default;

}  // namespace stockroom
