#include "execution/pipeline/task_scheduler.hpp"

#include <algorithm>
#include <atomic>

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

bool TaskScheduler::TryRunOne(std::unique_lock<std::mutex>& lock, const void* group) {
  auto it = group ? std::find_if(queue_.begin(), queue_.end(), [&](const Task& t) { return t.group == group; })
                  : queue_.begin();
  if (it == queue_.end()) return false;
  auto run = std::move(it->run);
  queue_.erase(it);
  lock.unlock();
  run();  // tasks catch their own exceptions
  lock.lock();
  return true;
}

void TaskScheduler::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (TryRunOne(lock, nullptr)) {
      cv_.notify_all();
      continue;
    }
    if (shutdown_) return;
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
  struct Running {
    std::atomic<int>& count;
    int before;
    explicit Running(std::atomic<int>& c) : count(c), before(c.fetch_add(1)) {}
    ~Running() { count.fetch_sub(1); }
  } running(running_);
  if (running.before >= threads_) {
    for (size_t i = 0; i < count; i++) run(i);
    if (error) std::rethrow_exception(error);
    return;
  }
  // Guarded by mutex_, so that the caller cannot miss the last task's wake-up.
  size_t remaining = count - 1;
  const void* group = &remaining;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (size_t i = 1; i < count; i++) {
      queue_.push_back({group, [&, i] {
                          run(i);
                          std::lock_guard<std::mutex> done(mutex_);
                          remaining--;
                        }});
    }
  }
  cv_.notify_all();
  run(0);
  std::unique_lock<std::mutex> lock(mutex_);
  while (remaining > 0) {
    if (!TryRunOne(lock, group)) cv_.wait(lock);
  }
  lock.unlock();
  if (error) std::rethrow_exception(error);
}

}  // namespace stockroom
