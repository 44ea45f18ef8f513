#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

// For the fuzz targets: calls `cancel` once `after` has passed while the watchdog lives, and
// every 20 ms after that until it is destroyed. SQL can legitimately run long, so a fuzz
// input is cancelled (57014, an ordinary error); only a loop that ignores cancellation hangs.
class CancelWatchdog {
 public:
  CancelWatchdog(std::chrono::milliseconds after, std::function<void()> cancel)
      : after_(after), cancel_(std::move(cancel)), thread_([this] { Run(); }) {}
  ~CancelWatchdog() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    done_changed_.notify_one();
    thread_.join();
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> lock(mutex_);
    if (done_changed_.wait_for(lock, after_, [this] { return done_; })) return;
    do {
      cancel_();
    } while (!done_changed_.wait_for(lock, std::chrono::milliseconds(20), [this] { return done_; }));
  }

  std::chrono::milliseconds after_;
  std::function<void()> cancel_;
  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;
  std::thread thread_;  // last: starts once the members it uses exist
};
