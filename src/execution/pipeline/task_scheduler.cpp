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

void TaskScheduler::ParallelFor(size_t count, const std::function<void(size_t)>& task) {
  if (count == 0) return;
  std::exception_ptr error;
  std::mutex error_mutex;
  std::atomic<bool> failed{false};
  auto run = [&](size_t i) {
    if (failed.load()) return;
    try {
      task(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed.store(true);
    }
  };
  std::atomic<size_t> remaining{count - 1};
  for (size_t i = 1; i < count; i++) {
    Schedule([&, i] {
      run(i);
      remaining.fetch_sub(1);
      Notify();
    });
  }
  run(0);
  WorkUntil([&] { return remaining.load() == 0; });
  if (error) std::rethrow_exception(error);
}

}  // namespace stockroom
