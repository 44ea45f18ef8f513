#include "common/io/durable_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error/exception.hpp"

namespace stockroom {

void ThrowFileError(const std::string& what, const std::string& path, int err) {
  ErrorCode code = err == EACCES || err == EPERM ? ErrorCode::kInsufficientPrivilege
                   : err == ENOSPC               ? ErrorCode::kDiskFull
                                                 : ErrorCode::kIoError;
  throw SqlError(code, "could not " + what + " \"" + path + "\": " + std::strerror(err));
}

void WriteFileDurably(const std::string& path, std::string_view contents) {
  WriteFileSynced(path, contents);
  std::string::size_type slash = path.find_last_of('/');
  SyncDirectory(slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash));
}

void WriteFileSynced(const std::string& path, std::string_view contents) {
  std::string temp = path + ".tmp";
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) ThrowFileError("create file", temp, errno);
  size_t written = 0;
  while (written < contents.size()) {
    ssize_t n = ::write(fd, contents.data() + written, contents.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      int err = n < 0 ? errno : EIO;
      ::close(fd);
      ThrowFileError("write file", temp, err);
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    ThrowFileError("fsync file", temp, err);
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) ThrowFileError("rename file", temp, errno);
}

void SyncDirectory(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) ThrowFileError("open directory", path, errno);
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) ThrowFileError("fsync directory", path, err);
}

}  // namespace stockroom
