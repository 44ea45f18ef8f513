#include "ingest/load_history.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "common/error/exception.hpp"
#include "common/io/byte_buffer.hpp"
#include "common/io/crc32c.hpp"
#include "common/io/durable_file.hpp"

namespace stockroom {

namespace {

// The file is a sequence of frames: u32 payload size, u32 CRC-32C of the payload, payload
// (a kind byte, then the record's fields).
enum class Kind : uint8_t { kLoad = 1, kError = 2 };

void Frame(ByteWriter& payload, std::string& out) {
  std::string& bytes = payload.bytes();
  uint32_t size = static_cast<uint32_t>(bytes.size());
  uint32_t crc = Crc32c(bytes.data(), bytes.size());
  out.append(reinterpret_cast<const char*>(&size), 4);
  out.append(reinterpret_cast<const char*>(&crc), 4);
  out += bytes;
}

void Encode(const LoadRecord& l, std::string& out) {
  ByteWriter w;
  w.Put(static_cast<uint8_t>(Kind::kLoad));
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
  Frame(w, out);
}

void Encode(const LoadErrorRecord& e, std::string& out) {
  ByteWriter w;
  w.Put(static_cast<uint8_t>(Kind::kError));
  w.Put(e.query);
  w.Put(e.start);
  w.PutString(e.table);
  w.PutString(e.filename);
  const LoadRejection& r = e.rejection;
  w.Put(r.line);
  for (const std::string* f : {&r.column, &r.type, &r.raw_line, &r.raw_value, &r.sqlstate, &r.reason}) w.PutString(*f);
  Frame(w, out);
}

}  // namespace

void LoadHistory::Persist(const std::string& path) {
  std::lock_guard<std::mutex> lock(mutex_);
  path_ = path;
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string data = buffer.str();
  size_t pos = 0;
  while (data.size() - pos >= 8) {
    uint32_t size, crc;
    std::memcpy(&size, data.data() + pos, 4);
    std::memcpy(&crc, data.data() + pos + 4, 4);
    if (data.size() - pos - 8 < size || Crc32c(data.data() + pos + 8, size) != crc) break;  // torn tail
    ByteReader r(std::string_view(data).substr(pos + 8, size), path);
    pos += 8 + size;
    file_records_++;
    auto kind = static_cast<Kind>(r.Get<uint8_t>());
    if (kind == Kind::kLoad) {
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
      next_query_ = std::max(next_query_, l.query + 1);
      loads_.push_back(std::move(l));
    } else if (kind == Kind::kError) {
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
      next_query_ = std::max(next_query_, e.query + 1);
      errors_.push_back(std::move(e));
    }
  }
  TrimLocked();
  // A torn tail is cut off by rewriting what was read.
  if (pos != data.size()) AppendToFileLocked({}, {});
}

int64_t LoadHistory::NextQueryId() {
  std::lock_guard<std::mutex> lock(mutex_);
  return next_query_++;
}

void LoadHistory::Add(std::vector<LoadRecord> loads, std::vector<LoadErrorRecord> errors) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!path_.empty()) AppendToFileLocked(loads, errors);
  for (auto& l : loads) loads_.push_back(std::move(l));
  for (auto& e : errors) errors_.push_back(std::move(e));
  TrimLocked();
}

void LoadHistory::TrimLocked() {
  while (loads_.size() > kMaxLoads) loads_.pop_front();
  while (errors_.size() > kMaxErrors) errors_.pop_front();
}

void LoadHistory::AppendToFileLocked(const std::vector<LoadRecord>& loads, const std::vector<LoadErrorRecord>& errors) {
  std::string out;
  bool rewrite = loads.empty() && errors.empty();  // called to cut a torn tail
  if (rewrite || file_records_ + loads.size() + errors.size() > 2 * (kMaxLoads + kMaxErrors)) {
    // Start over with what is kept, so the file stays bounded.
    for (auto& l : loads_) Encode(l, out);
    for (auto& e : errors_) Encode(e, out);
    for (auto& l : loads) Encode(l, out);
    for (auto& e : errors) Encode(e, out);
    WriteFileDurably(path_, out);
    file_records_ = loads_.size() + errors_.size() + loads.size() + errors.size();
    return;
  }
  for (auto& l : loads) Encode(l, out);
  for (auto& e : errors) Encode(e, out);
  std::FILE* f = std::fopen(path_.c_str(), "ab");
  if (!f) return;  // the history is diagnostic: a load does not fail for it
  std::fwrite(out.data(), 1, out.size(), f);
  std::fclose(f);
  file_records_ += loads.size() + errors.size();
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
