#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace stockroom {

// Hands out segment file numbers and remembers the files written for transactions that
// have not committed yet (docs/storage-format.md, "Uncommitted row groups"), which a
// checkpoint must keep although no table names them. Thread-safe.
class SegmentFileNumbers {
 public:
  // A new file number; `pending` when its file belongs to a transaction not committed yet.
  uint64_t Allocate(bool pending);
  // The file is no longer pending: a commit adopted it, or it was deleted.
  void Settle(uint64_t file);
  // Makes the next number at least `at_least` (open: above every file on disk).
  void Raise(uint64_t at_least);
  uint64_t next() const;

  // Held while a checkpoint deletes unnamed files, so that no number is handed out then.
  std::unique_lock<std::mutex> Lock() const { return std::unique_lock<std::mutex>(mutex_); }
  // Whether `file` is pending; under Lock().
  bool IsPendingLocked(uint64_t file) const { return pending_.count(file) != 0; }

 private:
  mutable std::mutex mutex_;
  uint64_t next_ = 1;
  std::set<uint64_t> pending_;
};

// Owns a segment file written for a row group a transaction inserted and has not committed
// (RowGroup::uncommitted, shared by the group's copies). When the last copy goes without a
// commit having adopted the file (rollback, a failed statement, a failed commit), the file
// is deleted. Thread-safe.
class UncommittedSegmentFile {
 public:
  UncommittedSegmentFile(std::shared_ptr<SegmentFileNumbers> numbers, uint64_t file, std::string path)
      : numbers_(std::move(numbers)), file_(file), path_(std::move(path)) {}
  ~UncommittedSegmentFile();
  UncommittedSegmentFile(const UncommittedSegmentFile&) = delete;
  UncommittedSegmentFile& operator=(const UncommittedSegmentFile&) = delete;

  uint64_t file() const { return file_; }
  // Keeps the file for good: the commit record about to be logged names it. Called under
  // the commit lock before the record is appended, so a failed append leaves an orphan
  // (deleted by the next open or checkpoint), never a record naming a deleted file.
  void Adopt();

 private:
  std::shared_ptr<SegmentFileNumbers> numbers_;
  const uint64_t file_;
  const std::string path_;
  std::once_flag settled_;  // adopted or deleted, once
};

}  // namespace stockroom
