#include "ingest/load_history.hpp"

#include <cstdio>

#include "common/error/exception.hpp"
#include "common/io/byte_buffer.hpp"
#include "storage/write_ahead_log.hpp"

namespace stockroom {

namespace {

// The file is a log (storage/write_ahead_log: CRC-framed, a torn last record cut off) of
// batches, one per Add: the loads, then the rejected rows.
std::string EncodeBatch(const std::deque<LoadRecord>& loads, const std::deque<LoadErrorRecord>& errors) {
  ByteWriter w;
  w.Put(static_cast<uint32_t>(loads.size()));
  for (auto& l : loads) {
    w.Put(l.query);
    w.PutString(l.table);
    w.PutString(l.filename);
    w.Put(l.lines);
    w.Put(l.rows_loaded);
    w.Put(l.rows_rejected);
    w.Put(l.bytes);
    w.Put(l.start);
    w.Put(l.end);
    w.PutString(l.status);
  }
  w.Put(static_cast<uint32_t>(errors.size()));
  for (auto& e : errors) {
    w.Put(e.query);
    w.Put(e.start);
    w.PutString(e.table);
    w.PutString(e.filename);
    const LoadRejection& r = e.rejection;
    w.Put(r.line);
    for (const std::string* f : {&r.column, &r.type, &r.raw_line, &r.raw_value, &r.sqlstate, &r.reason}) {
      w.PutString(*f);
    }
  }
  return std::move(w.bytes());
}

void DecodeBatch(ByteReader& r, std::deque<LoadRecord>& loads, std::deque<LoadErrorRecord>& errors) {
  for (uint32_t n = r.Get<uint32_t>(); n > 0; n--) {
    LoadRecord l;
    l.query = r.Get<int64_t>();
    l.table = r.GetString();
    l.filename = r.GetString();
    l.lines = r.Get<uint64_t>();
    l.rows_loaded = r.Get<uint64_t>();
    l.rows_rejected = r.Get<uint64_t>();
    l.bytes = r.Get<uint64_t>();
    l.start = r.Get<int64_t>();
    l.end = r.Get<int64_t>();
    l.status = r.GetString();
    loads.push_back(std::move(l));
  }
  for (uint32_t n = r.Get<uint32_t>(); n > 0; n--) {
    LoadErrorRecord e;
    e.query = r.Get<int64_t>();
    e.start = r.Get<int64_t>();
    e.table = r.GetString();
    e.filename = r.GetString();
    LoadRejection& rej = e.rejection;
    rej.line = r.Get<uint64_t>();
    for (std::string* f : {&rej.column, &rej.type, &rej.raw_line, &rej.raw_value, &rej.sqlstate, &rej.reason}) {
      *f = r.GetString();
    }
    errors.push_back(std::move(e));
  }
}

}  // namespace

LoadHistory::LoadHistory() = default;
LoadHistory::~LoadHistory() = default;

void LoadHistory::Persist(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  path_ = path;
  uint64_t valid = WriteAheadLog::Read(path, [&](std::string_view payload) {
    ByteReader r(payload, path);
    DecodeBatch(r, loads_, errors_);
    file_batches_++;
  });
  for (auto& l : loads_) next_query_ = std::max(next_query_, l.query + 1);
  for (auto& e : errors_) next_query_ = std::max(next_query_, e.query + 1);
  TrimLocked();
  file_ = std::make_unique<WriteAheadLog>(path, valid);
}

int64_t LoadHistory::NextQueryId() {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_query_++;
}

void LoadHistory::Add(std::vector<LoadRecord> loads, std::vector<LoadErrorRecord> errors) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::deque<LoadRecord> new_loads(std::make_move_iterator(loads.begin()), std::make_move_iterator(loads.end()));
  std::deque<LoadErrorRecord> new_errors(std::make_move_iterator(errors.begin()),
                                         std::make_move_iterator(errors.end()));
  if (file_) AppendToFileLocked(new_loads, new_errors);
  for (auto& l : new_loads) loads_.push_back(std::move(l));
  for (auto& e : new_errors) errors_.push_back(std::move(e));
  TrimLocked();
}

void LoadHistory::TrimLocked() {
  while (loads_.size() > kMaxLoads) loads_.pop_front();
  while (errors_.size() > kMaxErrors) errors_.pop_front();
}

void LoadHistory::AppendToFileLocked(const std::deque<LoadRecord>& loads, const std::deque<LoadErrorRecord>& errors) {
  try {
    if (++file_batches_ > kMaxFileBatches) {
      // Start the file over with what is kept, so that it stays bounded.
      std::deque<LoadRecord> all_loads = loads_;
      std::deque<LoadErrorRecord> all_errors = errors_;
      all_loads.insert(all_loads.end(), loads.begin(), loads.end());
      all_errors.insert(all_errors.end(), errors.begin(), errors.end());
      file_.reset();
      std::remove(path_.c_str());
      file_ = std::make_unique<WriteAheadLog>(path_, 0);
      file_->Append(EncodeBatch(all_loads, all_errors));
      file_batches_ = 1;
      return;
    }
    file_->Append(EncodeBatch(loads, errors));
  } catch (const SqlError&) {
    file_.reset();  // the history is diagnostic: a load does not fail for it; stop writing it
  }
}

std::vector<LoadRecord> LoadHistory::Loads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {loads_.begin(), loads_.end()};
}

std::vector<LoadErrorRecord> LoadHistory::Errors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return {errors_.begin(), errors_.end()};
}

}  // namespace stockroom
