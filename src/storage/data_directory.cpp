#include "storage/data_directory.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <string_view>

#include "common/error/exception.hpp"
#include "common/io/durable_file.hpp"

namespace stockroom {

namespace {

constexpr const char* kFormatMagic = "stockroom-data-directory";

bool IsEmptyBut(const std::string& path, std::initializer_list<std::string_view> allowed) {
  DIR* dir = ::opendir(path.c_str());
  if (!dir) ThrowFileError("open data directory", path, errno);
  bool empty = true;
  while (dirent* entry = ::readdir(dir)) {
    std::string_view name = entry->d_name;
    if (name == "." || name == "..") continue;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) empty = false;
  }
  ::closedir(dir);
  return empty;
}

}  // namespace

DataDirectory::DataDirectory(std::string path) : path_(std::move(path)) {
  if (::mkdir(path_.c_str(), 0700) != 0 && errno != EEXIST) ThrowFileError("create data directory", path_, errno);
  struct stat st;
  if (::stat(path_.c_str(), &st) != 0) ThrowFileError("open data directory", path_, errno);
  if (!S_ISDIR(st.st_mode)) {
    throw SqlError(ErrorCode::kObjectNotInPrerequisiteState, "\"" + path_ + "\" is not a directory");
  }
  Lock();
  try {
    CheckOrWriteFormat();
  } catch (...) {
    ::close(lock_fd_);
    throw;
  }
}

DataDirectory::~DataDirectory() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void DataDirectory::Lock() {
  std::string lock_path = path_ + "/LOCK";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (lock_fd_ < 0) ThrowFileError("open lock file", lock_path, errno);
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    char pid[32] = {};
    ssize_t n = ::pread(lock_fd_, pid, sizeof(pid) - 1, 0);
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (err != EWOULDBLOCK) ThrowFileError("lock", lock_path, err);
    std::string holder = n > 0 ? std::string(pid, static_cast<size_t>(n)) : std::string();
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    throw SqlError(ErrorCode::kLockNotAvailable,
                   "data directory \"" + path_ + "\" is in use by another Stockroom process" +
                       (holder.empty() ? "" : " (pid " + holder + ")"))
        .WithHint("Stop that process, or open another directory with --db.");
  }
  std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, pid.data(), pid.size(), 0) < 0) {
    int err = errno;
    ::close(lock_fd_);
    lock_fd_ = -1;
    ThrowFileError("write lock file", lock_path, err);
  }
}

void DataDirectory::CheckOrWriteFormat() {
  std::string format_path = path_ + "/FORMAT";
  std::ifstream in(format_path);
  if (!in) {
    if (errno != ENOENT) ThrowFileError("read file", format_path, errno);
    // Only an empty directory becomes a database (besides our LOCK and a FORMAT.tmp left
    // by an interrupted first open): never adopt a directory that holds other files.
    if (!IsEmptyBut(path_, {"LOCK", "FORMAT.tmp"})) {
      throw SqlError(ErrorCode::kObjectNotInPrerequisiteState,
                     "\"" + path_ + "\" is not empty and is not a Stockroom data directory")
          .WithHint("Use an empty or new directory for --db.");
    }
    WriteFileDurably(format_path, std::string(kFormatMagic) + " " + std::to_string(kFormatVersion) + "\n");
    return;
  }
  std::string magic;
  long long version = -1;
  in >> magic >> version;
  if (magic != kFormatMagic || version < 1) {
    throw SqlError(ErrorCode::kObjectNotInPrerequisiteState,
                   "\"" + path_ + "\" is not a Stockroom data directory (its FORMAT file is not recognized)");
  }
  if (version > kFormatVersion) {
    throw SqlError(ErrorCode::kObjectNotInPrerequisiteState,
                   "data directory \"" + path_ + "\" has format version " + std::to_string(version) +
                       ", newer than this Stockroom reads (" + std::to_string(kFormatVersion) + ")")
        .WithHint("Open it with a newer Stockroom.");
  }
  // Stamped before anything of the new version is written, so a crash in between leaves
  // a directory that says what it may hold.
  if (version < kFormatVersion) {
    in.close();
    WriteFileDurably(format_path, std::string(kFormatMagic) + " " + std::to_string(kFormatVersion) + "\n");
  }
}

}  // namespace stockroom
