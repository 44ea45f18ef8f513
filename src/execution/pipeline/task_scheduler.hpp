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
// one. A caller waiting for its ParallelFor runs only that ParallelFor's queued tasks, never
// another query's: a short query's session thread would otherwise pick up a long query's
// pipeline task and wait for it (under 50 sessions, key lookups queued behind month scans).
// Each session thread thus works on its own statement and the OS shares the cores among
// them, so a statement's latency follows its own cost. When as many statements run
// ParallelFor at once as there are cores, a new one runs its tasks on its own thread: the
// cores are busy anyway, and a task handed to a worker (one thread among the sessions'
// fifty) would wait for the OS to schedule that worker, its statement waiting with it.
// Thread-safe.
class TaskScheduler {
 public:
  // `threads` is the total parallelism including the calling thread (0: one per core).
  explicit TaskScheduler(int threads = 0);
  ~TaskScheduler();
  TaskScheduler(const TaskScheduler&) = delete;
  TaskScheduler& operator=(const TaskScheduler&) = delete;

  int threads() const { return threads_; }
  // Runs task(0) .. task(count - 1) on the pool and the calling thread and returns when all
  // have finished; rethrows the first exception (tasks not yet started are skipped then).
  void ParallelFor(size_t count, const std::function<void(size_t)>& task);

 private:
  struct Task {
    const void* group;  // the ParallelFor it belongs to
    std::function<void()> run;
  };
  void WorkerLoop();
  // Runs the first queued task (of `group`, unless null) with the lock released.
  bool TryRunOne(std::unique_lock<std::mutex>& lock, const void* group);

  int threads_;
  std::atomic<int> running_{0};  // ParallelFor calls under way
  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Task> queue_;
  std::vector<std::thread> workers_;
  bool shutdown_ = false;
};

}  // namespace stockroom
