#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace stockroom {

class Database;
class TableEntry;

// VACUUM (docs/storage-format.md, "VACUUM"): rewrites tables without their deleted rows and
// ordered by their SORTKEY. Row ids change, so it runs with no transaction running (waiting
// up to `wait` for them to end; new ones wait for it) and checkpoints before any commit can
// log rows by the new ids. Returns false when transactions were still running after `wait`.
bool VacuumTables(Database& db, const std::vector<std::shared_ptr<TableEntry>>& tables, std::chrono::milliseconds wait);

// Whether the automatic pass vacuums `table`: a fifth or more of its rows are deleted, or
// (with a SORTKEY) out of order.
bool NeedsVacuum(const TableEntry& table);

// The automatic pass: a thread that every `interval` vacuums the tables that need it, when
// no transaction is running at that moment (it never waits for one).
class AutoVacuum {
 public:
  AutoVacuum(Database& db, std::chrono::milliseconds interval);
  ~AutoVacuum();  // stops the thread
  AutoVacuum(const AutoVacuum&) = delete;
  AutoVacuum& operator=(const AutoVacuum&) = delete;

 private:
  void Run();

  Database& db_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace stockroom
