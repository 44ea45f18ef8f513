#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace stockroom {

// statement_timeout: calls `on_expire` (which cancels the statement) when a statement runs
// past its deadline. One watchdog thread per session, started at the first Arm.
class StatementTimer {
 public:
  explicit StatementTimer(std::function<void()> on_expire) : on_expire_(std::move(on_expire)) {}
  ~StatementTimer();

  // Starts (or restarts) the clock: `on_expire` runs `timeout` from now unless disarmed.
  void Arm(std::chrono::milliseconds timeout);
  void Disarm();

 private:
  void Watch();

  std::function<void()> on_expire_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool armed_ = false;
  bool stopping_ = false;
  std::chrono::steady_clock::time_point deadline_;
  std::thread thread_;
};

}  // namespace stockroom
