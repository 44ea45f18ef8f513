#include "main/database.hpp"

#include "execution/pipeline/task_scheduler.hpp"

namespace stockroom {

Database::Database(DatabaseConfig config)
    : config_(std::move(config)), scheduler_(std::make_unique<TaskScheduler>(config_.threads)) {}

Database::~Database() = default;

}  // namespace stockroom
