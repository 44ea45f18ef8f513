#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "ingest/csv/csv_reader.hpp"

namespace stockroom {

class WriteAheadLog;

// One file of one COPY (stl_load_commits).
struct LoadRecord {
  int64_t query = 0;       // the COPY's load id, shared by its files and rejected rows
  std::string table;       // schema.table
  std::string filename;
  uint64_t lines = 0;      // physical lines read
  uint64_t rows_loaded = 0;
  uint64_t rows_rejected = 0;
  uint64_t bytes = 0;      // file size on disk
  int64_t start = 0;       // microseconds since 2000-01-01 UTC, as timestamps are stored
  int64_t end = 0;
  std::string status;      // "loaded" or "failed"; a load's rows still go with its transaction
};

// One rejected row (stl_load_errors).
struct LoadErrorRecord {
  int64_t query = 0;
  int64_t start = 0;
  std::string table;
  std::string filename;
  LoadRejection rejection;
};

// What COPY loaded and rejected, for operators: the newest loads and rejected rows, like
// Redshift's STL tables keep a few days. In memory, and for a database with a data
// directory also in its `load_history` file, so the history outlives restarts. Thread-safe.
class LoadHistory {
 public:
  static constexpr size_t kMaxLoads = 10000;
  static constexpr size_t kMaxErrors = 100000;
  // Batches (one per COPY) the file holds before it is written again with what is kept.
  static constexpr size_t kMaxFileBatches = 20000;

  LoadHistory();
  ~LoadHistory();

  // Keeps the history in the file `path` too, a log of one record per Add (fsynced, as
  // storage/write_ahead_log writes them): loads what it holds (a torn last record, from a
  // crash while appending, is cut off) and appends what each Add records.
  void Persist(const std::string& path);
  int64_t NextQueryId();
  void Add(std::vector<LoadRecord> loads, std::vector<LoadErrorRecord> errors);
  std::vector<LoadRecord> Loads() const;
  std::vector<LoadErrorRecord> Errors() const;

 private:
  void TrimLocked();
  void AppendToFileLocked(const std::deque<LoadRecord>& loads, const std::deque<LoadErrorRecord>& errors);

  mutable std::mutex mutex_;
  std::string path_;
  std::unique_ptr<WriteAheadLog> file_;  // null: in memory only
  size_t file_batches_ = 0;
  int64_t next_query_ = 1;
  std::deque<LoadRecord> loads_;
  std::deque<LoadErrorRecord> errors_;
};

}  // namespace stockroom
