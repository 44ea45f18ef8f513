#include "common/io/file_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

ErrorCode CodeForErrno(int err) {
  switch (err) {
    case ENOENT:
    case ENOTDIR:
      return ErrorCode::kUndefinedFile;
    case EACCES:
    case EPERM:
      return ErrorCode::kInsufficientPrivilege;
    default:
      return ErrorCode::kIoError;
  }
}

constexpr unsigned kGzipBufferSize = 1u << 20;
// gzread takes an unsigned length; larger requests are split.
constexpr size_t kMaxGzipRequest = 1u << 30;

}  // namespace

FileReader::FileReader(std::string path) : path_(std::move(path)) {
  do {
    fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  } while (fd_ < 0 && errno == EINTR);
  if (fd_ < 0) {
    int err = errno;
    SqlError error(CodeForErrno(err),
                   "could not open file \"" + path_ + "\" for reading: " + std::strerror(err));
    if (err == ENOENT || err == EACCES) {
      error.WithHint(
          "COPY FROM instructs the database server process to read a file. You may want a client-side "
          "facility such as psql's \\copy.");
    }
    throw error;
  }
  struct stat st;
  if (::fstat(fd_, &st) != 0) {
    int err = errno;
    ::close(fd_);
    fd_ = -1;
    throw SqlError(ErrorCode::kIoError, "could not stat file \"" + path_ + "\": " + std::strerror(err));
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd_);
    fd_ = -1;
    throw SqlError(ErrorCode::kWrongObjectType, "\"" + path_ + "\" is a directory");
  }
  file_size_ = static_cast<uint64_t>(st.st_size);
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  unsigned char magic[2] = {0, 0};
  ssize_t got;
  do {
    got = ::pread(fd_, magic, 2, 0);
  } while (got < 0 && errno == EINTR);
  if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
    gzFile gz = gzdopen(fd_, "rb");
    if (!gz) {
      ::close(fd_);
      fd_ = -1;
      throw SqlError(ErrorCode::kOutOfMemory, "out of memory opening compressed file \"" + path_ + "\"");
    }
    gzbuffer(gz, kGzipBufferSize);
    gz_ = gz;
  }
}

FileReader::~FileReader() {
  if (gz_) {
    gzclose_r(static_cast<gzFile>(gz_));  // also closes fd_
  } else if (fd_ >= 0) {
    ::close(fd_);
  }
}

size_t FileReader::Read(char* buffer, size_t size) {
  if (eof_ || size == 0) return 0;
  return gz_ ? ReadCompressed(buffer, size) : ReadPlain(buffer, size);
}

size_t FileReader::ReadPlain(char* buffer, size_t size) {
  size_t total = 0;
  while (total < size) {
    ssize_t n = ::read(fd_, buffer + total, size - total);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw SqlError(ErrorCode::kIoError, std::string("could not read from COPY file: ") + std::strerror(errno));
    }
    if (n == 0) {
      eof_ = true;
      break;
    }
    total += static_cast<size_t>(n);
  }
  return total;
}

size_t FileReader::ReadCompressed(char* buffer, size_t size) {
  gzFile gz = static_cast<gzFile>(gz_);
  size_t total = 0;
  while (total < size) {
    unsigned request = static_cast<unsigned>(std::min(size - total, kMaxGzipRequest));
    int n = gzread(gz, buffer + total, request);
    if (n > 0) total += static_cast<size_t>(n);
    if (n < static_cast<int>(request)) {
      int errnum = Z_OK;
      const char* message = gzerror(gz, &errnum);
      if (errnum == Z_ERRNO) {
        throw SqlError(ErrorCode::kIoError, std::string("could not read from COPY file: ") + std::strerror(errno));
      }
      if (errnum != Z_OK && errnum != Z_STREAM_END) {
        throw SqlError(ErrorCode::kIoError,
                       "could not decompress file \"" + path_ + "\": " + (message ? message : "corrupt data"));
      }
      eof_ = true;
      break;
    }
  }
  return total;
}

}  // namespace stockroom
