#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace stockroom {

// An append-only log file of records, each `uint32 size | uint32 CRC-32C | payload`.
// Append returns after the record is fsynced. A crash can leave only the last record
// incomplete (a torn tail): reading stops there and the next open cuts it off. A record
// whose checksum fails with more records after it is corruption, reported as XX001.
class WriteAheadLog {
 public:
  // Opens `path` (created if missing) to append after its first `valid_size` bytes.
  WriteAheadLog(std::string path, uint64_t valid_size);
  ~WriteAheadLog();
  WriteAheadLog(const WriteAheadLog&) = delete;
  WriteAheadLog& operator=(const WriteAheadLog&) = delete;

  void Append(std::string_view payload);
  uint64_t size() const { return size_; }
  const std::string& path() const { return path_; }

  // Calls `record` with each complete record's payload in order; returns the size of the
  // valid prefix. A missing file has no records.
  static uint64_t Read(const std::string& path, const std::function<void(std::string_view)>& record);

 private:
  std::string path_;
  int fd_ = -1;
  uint64_t size_ = 0;
};

}  // namespace stockroom
