#include "server/statement_timer.hpp"

namespace stockroom {

StatementTimer::~StatementTimer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void StatementTimer::Arm(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    armed_ = true;
    deadline_ = std::chrono::steady_clock::now() + timeout;
    if (!thread_.joinable()) thread_ = std::thread([this] { Watch(); });
  }
  changed_.notify_all();
}

void StatementTimer::Disarm() {
  std::lock_guard<std::mutex> lock(mutex_);
  armed_ = false;
}

void StatementTimer::Watch() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (!armed_) {
      changed_.wait(lock);
      continue;
    }
    auto deadline = deadline_;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout && armed_ && deadline_ == deadline) {
      armed_ = false;
      on_expire_();  // under the lock: Disarm() cannot return while the statement is being cancelled
    }
  }
}

}  // namespace stockroom
