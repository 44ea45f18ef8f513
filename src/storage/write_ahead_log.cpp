#include "storage/write_ahead_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include "common/error/exception.hpp"
#include "common/io/byte_buffer.hpp"
#include "common/io/crc32c.hpp"
#include "common/io/durable_file.hpp"

namespace stockroom {

WriteAheadLog::WriteAheadLog(std::string path, uint64_t valid_size) : path_(std::move(path)), size_(valid_size) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) ThrowFileError("open", path_, errno);
  // Cut off a torn tail so new records follow the last complete one.
  if (::ftruncate(fd_, static_cast<off_t>(valid_size)) != 0 || ::fsync(fd_) != 0) {
    int err = errno;
    ::close(fd_);
    ThrowFileError("truncate", path_, err);
  }
  if (::lseek(fd_, static_cast<off_t>(valid_size), SEEK_SET) < 0) ThrowFileError("seek in", path_, errno);
}

WriteAheadLog::~WriteAheadLog() {
  if (fd_ >= 0) ::close(fd_);
}

void WriteAheadLog::Append(std::string_view payload) {
  ByteWriter header;
  header.Put(static_cast<uint32_t>(payload.size()));
  header.Put(Crc32c(payload.data(), payload.size()));
  for (std::string_view part : {std::string_view(header.bytes()), payload}) {
    size_t written = 0;
    while (written < part.size()) {
      ssize_t n = ::write(fd_, part.data() + written, part.size() - written);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        int err = errno;
        // Leave the file as it was before this record (best effort) so later records follow
        // a complete one.
        if (::ftruncate(fd_, static_cast<off_t>(size_)) == 0) ::lseek(fd_, static_cast<off_t>(size_), SEEK_SET);
        ThrowFileError("write to", path_, err);
      }
      written += static_cast<size_t>(n);
    }
  }
  if (::fdatasync(fd_) != 0) ThrowFileError("fsync", path_, errno);
  size_ += header.bytes().size() + payload.size();
}

uint64_t WriteAheadLog::Read(const std::string& path, const std::function<void(std::string_view)>& record) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) return 0;
    ThrowFileError("open", path, errno);
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string data = buffer.str();
  uint64_t pos = 0;
  while (data.size() - pos >= 8) {
    uint32_t size, crc;
    std::memcpy(&size, data.data() + pos, 4);
    std::memcpy(&crc, data.data() + pos + 4, 4);
    if (size > data.size() - pos - 8) break;  // torn tail: the record was not completely written
    std::string_view payload(data.data() + pos + 8, size);
    if (Crc32c(payload.data(), payload.size()) != crc) {
      if (pos + 8 + size == data.size()) break;  // torn tail
      throw SqlError(ErrorCode::kDataCorrupted, "write-ahead log \"" + path + "\" is corrupt: the record at byte " +
                                                    std::to_string(pos) + " fails its checksum")
          .WithDetail("Committed transactions after it cannot be recovered safely; restore from a backup.");
    }
    record(payload);
    pos += 8 + size;
  }
  return pos;
}

}  // namespace stockroom
