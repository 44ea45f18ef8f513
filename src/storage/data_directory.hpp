#pragma once

#include <cstdint>
#include <string>

namespace stockroom {

// A database's data directory (docs/storage-format.md): created on first open, stamped with
// the on-disk format version in FORMAT (upgraded in place when older), and locked by one
// process at a time through an advisory lock on LOCK (released when the process ends,
// however it ends). Opening a directory of a newer format, a directory that is not
// Stockroom's, or one another process holds fails with a clear error and changes nothing.
class DataDirectory {
 public:
  // The format this build writes. It reads every earlier one: opening a directory of an
  // older version stamps it with this one (version 2 added column block forms and
  // encodings that version 1 cannot read; version 3, commit records that name segment
  // files; version 4, a summary block of zone maps and sketches at the end of each
  // segment file; nothing an earlier version wrote changed meaning).
  static constexpr uint32_t kFormatVersion = 4;

  explicit DataDirectory(std::string path);
  ~DataDirectory();
  DataDirectory(const DataDirectory&) = delete;
  DataDirectory& operator=(const DataDirectory&) = delete;

  const std::string& path() const { return path_; }

 private:
  void Lock();
  void CheckOrWriteFormat();

  std::string path_;
  int lock_fd_ = -1;
};

}  // namespace stockroom
