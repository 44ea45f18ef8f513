#include "execution/pipeline/task_scheduler.hpp"

namespace stockroom {

TaskScheduler::TaskScheduler(int threads) {
  threads_ = threads > 0 ? threads : static_cast<int>(std::thread::hardware_concurrency());
  if (threads_ < 1) threads_ = 1;
  for (int i = 0; i + 1 < threads_; i++) workers_.emplace_back([this] { WorkerLoop(); });
}

TaskScheduler::~TaskScheduler() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutdown_ = true;
  }
  cv_.notify_all();
  for (auto& w : workers_) w.join();
}

void TaskScheduler::Schedule(std::function<void()> task) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(task));
  }
  cv_.notify_all();
}

void TaskScheduler::Notify() {
  std::lock_guard<std::mutex> lock(mutex_);
  cv_.notify_all();
}

bool TaskScheduler::TryRunOne(std::unique_lock<std::mutex>& lock) {
  if (queue_.empty()) return false;
  auto task = std::move(queue_.front());
  queue_.pop_front();
  lock.unlock();
  task();  // tasks catch their own exceptions
  lock.lock();
  return true;
}

void TaskScheduler::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (TryRunOne(lock)) {
      cv_.notify_all();
      continue;
    }
    if (shutdown_) return;
    cv_.wait(lock);
  }
}

void TaskScheduler::WorkUntil(const std::function<bool()>& done) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done()) {
    if (TryRunOne(lock)) {
      cv_.notify_all();
      continue;
    }
    cv_.wait(lock);
  }
}

}  // namespace stockroom
