#include "main/database.hpp"

#include "execution/pipeline/task_scheduler.hpp"
#include "storage/data_directory.hpp"
#include "transaction/transaction_manager.hpp"

namespace stockroom {

Database::Database(DatabaseConfig config)
    : config_(std::move(config)),
      directory_(config_.path.empty() ? nullptr : std::make_unique<DataDirectory>(config_.path)),
      transactions_(std::make_unique<TransactionManager>()),
      scheduler_(std::make_unique<TaskScheduler>(config_.threads)) {}

Database::~Database() = default;

}  // namespace stockroom
