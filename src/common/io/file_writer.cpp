#include "common/io/file_writer.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <string_view>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

constexpr size_t kWriteBufferSize = 1 << 20;

[[noreturn]] void ThrowWriteError(int err) {
  throw SqlError(ErrorCode::kIoError, std::string("could not write to COPY file: ") + std::strerror(err));
}

}  // namespace

FileWriter::FileWriter(std::string path, bool gzip, int gzip_level) : path_(std::move(path)) {
  struct stat st;
  if (::stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) {
    throw SqlError(ErrorCode::kWrongObjectType, "\"" + path_ + "\" is a directory");
  }
  do {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) {
    int err = errno;
    ErrorCode code = err == ENOENT || err == ENOTDIR ? ErrorCode::kUndefinedFile
                     : err == EACCES || err == EPERM ? ErrorCode::kInsufficientPrivilege
                                                     : ErrorCode::kIoError;
    throw SqlError(code, "could not open file \"" + path_ + "\" for writing: " + std::strerror(err));
  }
  if (gzip) {
    char mode[4] = {'w', 'b', static_cast<char>('0' + std::clamp(gzip_level, 1, 9)), 0};
    gzFile gz = gzdopen(fd_, mode);
    if (!gz) {
      ::close(fd_);
      fd_ = -1;
      throw SqlError(ErrorCode::kOutOfMemory, "out of memory opening compressed file \"" + path_ + "\"");
    }
    gzbuffer(gz, kWriteBufferSize);
    gz_ = gz;
  }
  buffer_.reset(new char[kWriteBufferSize]);
}

FileWriter::~FileWriter() {
  if (gz_) {
    gzclose_w(static_cast<gzFile>(gz_));
  } else if (fd_ >= 0) {
    ::close(fd_);
  }
}

void FileWriter::Write(const char* data, size_t size) {
  if (used_ + size > kWriteBufferSize) {
    Flush();
    if (size > kWriteBufferSize / 2) {
      WriteRaw(data, size);
      return;
    }
  }
  std::memcpy(buffer_.get() + used_, data, size);
  used_ += size;
}

void FileWriter::Flush() {
  WriteRaw(buffer_.get(), used_);
  used_ = 0;
}

void FileWriter::WriteRaw(const char* data, size_t size) {
  if (gz_) {
    while (size > 0) {
      unsigned chunk = static_cast<unsigned>(std::min<size_t>(size, 1u << 30));
      int n = gzwrite(static_cast<gzFile>(gz_), data, chunk);
      if (n <= 0) {
        int errnum = Z_OK;
        const char* message = gzerror(static_cast<gzFile>(gz_), &errnum);
        if (errnum == Z_ERRNO) ThrowWriteError(errno);
        throw SqlError(ErrorCode::kIoError, std::string("could not write to COPY file: ") + message);
      }
      data += n;
      size -= static_cast<size_t>(n);
    }
    return;
  }
  while (size > 0) {
    ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowWriteError(errno);
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void FileWriter::Close() {
  if (fd_ < 0 && !gz_) return;
  Flush();
  int rc;
  if (gz_) {
    rc = gzclose_w(static_cast<gzFile>(gz_));
    gz_ = nullptr;
    fd_ = -1;
    if (rc != Z_OK) throw SqlError(ErrorCode::kIoError, "could not close file \"" + path_ + "\"");
    return;
  }
  rc = ::close(fd_);
  fd_ = -1;
  if (rc != 0) {
    throw SqlError(ErrorCode::kIoError,
                   "could not close file \"" + path_ + "\": " + std::strerror(errno));
  }
}

}  // namespace stockroom
