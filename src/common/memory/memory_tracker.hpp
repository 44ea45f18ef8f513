#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

namespace stockroom {

// Counts the bytes a query holds in operator state (hash tables, sort runs, materialized
// results) against a limit. Reserve throws SqlError 53200 (out_of_memory) when the limit
// would be passed, so a query fails cleanly instead of taking the process down.
// Thread-safe: workers of one query reserve concurrently.
class MemoryTracker {
 public:
  // `total`, when given, also counts what this tracker holds: the database's count of all
  // running queries' operator memory, which table data yields to. Its limit is the
  // database's memory_limit, one budget that concurrent queries share.
  explicit MemoryTracker(uint64_t limit_bytes, MemoryTracker* total = nullptr) : limit_(limit_bytes), total_(total) {}

  // Accounts `bytes` more; throws 53200 if this tracker or the total would exceed its limit.
  void Reserve(uint64_t bytes);
  void Release(uint64_t bytes) {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
    if (total_) total_->Release(bytes);
  }

  uint64_t used() const { return used_.load(std::memory_order_relaxed); }
  uint64_t peak() const { return peak_.load(std::memory_order_relaxed); }
  uint64_t limit() const { return limit_; }
  // Called after each Reserve (set once, before use): the database's total tells the buffer
  // pool to give back table data the operators now need.
  void set_on_grow(std::function<void()> on_grow) { on_grow_ = std::move(on_grow); }
  // Whether operators that can spill to disk (hash aggregates, hash joins, sorts) should:
  // the query holds more than three quarters of its limit, or would with `more` bytes, or
  // all running queries together hold more than three quarters of the total's. The last
  // quarter is headroom for operators that cannot spill and for merging spilled parts.
  bool ShouldSpill(uint64_t more = 0) const {
    return used() + more > limit_ / 4 * 3 || (total_ && total_->ShouldSpill(more));
  }

 private:
  uint64_t limit_;
  MemoryTracker* total_;
  std::function<void()> on_grow_;
  std::atomic<uint64_t> used_{0};
  std::atomic<uint64_t> peak_{0};
};

// Bytes that operator state holds against a query's tracker: reserved by Add, returned by
// Release or when the reservation is destroyed (so an error cannot leak them). Add and
// Release may be called from several threads.
class MemoryReservation {
 public:
  explicit MemoryReservation(MemoryTracker* tracker) : tracker_(tracker) {}
  ~MemoryReservation() { Release(bytes()); }
  MemoryReservation(const MemoryReservation&) = delete;
  MemoryReservation& operator=(const MemoryReservation&) = delete;

  // Reserves `bytes` more; throws 53200 (holding no more) past the limit.
  void Add(uint64_t bytes) {
    tracker_->Reserve(bytes);
    bytes_.fetch_add(bytes, std::memory_order_relaxed);
  }
  // Returns `bytes` of those held.
  void Release(uint64_t bytes) {
    if (bytes == 0) return;
    bytes_.fetch_sub(bytes, std::memory_order_relaxed);
    tracker_->Release(bytes);
  }
  // Hands `bytes` of those held to `to` (of the same tracker) without returning them.
  void MoveTo(MemoryReservation& to, uint64_t bytes) {
    bytes_.fetch_sub(bytes, std::memory_order_relaxed);
    to.bytes_.fetch_add(bytes, std::memory_order_relaxed);
  }
  uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }

 private:
  MemoryTracker* tracker_;
  std::atomic<uint64_t> bytes_{0};
};

// The default memory_limit: 80% of the machine's physical memory.
uint64_t DefaultMemoryLimit();

// Gives memory freed by the process back to the system (glibc keeps freed blocks in its
// arenas; after a checkpoint pages out the loaded row groups, gigabytes of them). Costs a
// pass over the heap: call it after large frees, not per query.
void ReturnFreedMemory();

// Formats a byte count the way PostgreSQL settings print it ("4GB", "256MB", "512kB").
std::string FormatBytes(uint64_t bytes);
// Parses a byte count as PostgreSQL settings take it ("2GB", "512 MB", "1024"); throws
// 22023 naming the setting `name` otherwise.
uint64_t ParseBytes(const std::string& text, const std::string& name);

}  // namespace stockroom
