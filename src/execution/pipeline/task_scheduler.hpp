#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace stockroom {

// The worker pool every query shares: one thread per core, the calling thread counting as
// one (it runs tasks while it waits, so nothing deadlocks when workers are busy).
// Thread-safe.
class TaskScheduler {
 public:
  // `threads` is the total parallelism including the calling thread (0: one per core).
  explicit TaskScheduler(int threads = 0);
  ~TaskScheduler();
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;

  int threads() const { return threads_; }
  void Schedule(std::function<void()> task);
  // Runs queued tasks on the calling thread until `done()` holds. `done` is re-checked
  // after every task and whenever Notify() is called.
  void WorkUntil(const std::function<bool()>& done);
  // Wakes threads waiting in WorkUntil (call after changing what `done` reads).
  void Notify();
  // Runs task(0) .. task(count - 1) on the pool and the calling thread and returns when all
  // have finished; rethrows the first exception (tasks not yet started are skipped then).
  void ParallelFor(size_t count, const std::function<void(size_t)>& task);

 private:
  void WorkerLoop();
  bool TryRunOne(std::unique_lock<std::mutex>& lock);

  int threads_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> workers_;
  bool shutdown_ = false;
};

}  // namespace stockroom
