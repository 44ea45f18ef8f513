#include "storage/segment_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "common/error/exception.hpp"
#include "common/io/byte_buffer.hpp"
#include "common/io/crc32c.hpp"
#include "common/io/durable_file.hpp"

namespace stockroom {

namespace {

constexpr std::string_view kMagic = "SRSEG001";
constexpr size_t kFooterEntry = 8 + 8 + 4;

template <class T>
T Get(const char* p) {
  T value;
  std::memcpy(&value, p, sizeof(value));
  return value;
}

}  // namespace

void SegmentFileWriter::AddBlock(std::string_view block) {
  offsets_.push_back(kMagic.size() + blocks_.size());
  sizes_.push_back(block.size());
  checksums_.push_back(Crc32c(block.data(), block.size()));
  blocks_.append(block);
}

void SegmentFileWriter::Write(const std::string& path, bool sync_directory) const {
  ByteWriter footer;
  for (size_t c = 0; c < sizes_.size(); c++) {
    footer.Put(offsets_[c]);
    footer.Put(sizes_[c]);
    footer.Put(checksums_[c]);
  }
  ByteWriter file;
  file.bytes().reserve(kMagic.size() * 2 + blocks_.size() + footer.bytes().size() + 8);
  file.bytes().append(kMagic);
  file.bytes() += blocks_;
  file.bytes() += footer.bytes();
  file.Put(static_cast<uint32_t>(footer.bytes().size()));
  file.Put(Crc32c(footer.bytes().data(), footer.bytes().size()));
  file.bytes().append(kMagic);
  if (sync_directory) {
    WriteFileDurably(path, file.bytes());
  } else {
    WriteFileSynced(path, file.bytes());
  }
}

SegmentFile::SegmentFile(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    if (errno == ENOENT) throw SqlError(ErrorCode::kUndefinedFile, "segment file \"" + path_ + "\" does not exist");
    ThrowFileError("open file", path_, errno);
  }
  struct stat st;
  if (::fstat(fd_, &st) != 0) ThrowFileError("stat file", path_, errno);
  size_t n = static_cast<size_t>(st.st_size);
  size_t frame = kMagic.size() * 2 + 8;
  if (n < frame || Read(0, kMagic.size()) != kMagic) Corrupt("not a complete segment file");
  std::string tail = Read(n - kMagic.size() - 8, kMagic.size() + 8);
  if (std::string_view(tail).substr(8) != kMagic) Corrupt("not a complete segment file");
  auto footer_size = Get<uint32_t>(tail.data());
  auto footer_crc = Get<uint32_t>(tail.data() + 4);
  if (footer_size % kFooterEntry != 0 || footer_size > n - frame) Corrupt("invalid footer size");
  size_t data_end = n - kMagic.size() - 8 - footer_size;
  std::string footer = Read(data_end, footer_size);
  if (Crc32c(footer.data(), footer_size) != footer_crc) Corrupt("footer checksum mismatch");
  for (size_t c = 0; c < footer_size / kFooterEntry; c++) {
    const char* entry = footer.data() + c * kFooterEntry;
    uint64_t offset = Get<uint64_t>(entry), size = Get<uint64_t>(entry + 8);
    if (offset < kMagic.size() || offset > data_end || size > data_end - offset) {
      Corrupt("column " + std::to_string(c) + " lies outside the file");
    }
    offsets_.push_back(offset);
    sizes_.push_back(size);
    checksums_.push_back(Get<uint32_t>(entry + 16));
  }
}

SegmentFile::~SegmentFile() {
  if (fd_ >= 0) ::close(fd_);
}

std::string SegmentFile::Read(uint64_t offset, uint64_t size) const {
  std::string out(size, '\0');
  size_t done = 0;
  while (done < size) {
    ssize_t got = ::pread(fd_, out.data() + done, size - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) ThrowFileError("read file", path_, errno);
    if (got == 0) Corrupt("truncated");
    done += static_cast<size_t>(got);
  }
  return out;
}

std::string SegmentFile::Column(size_t c) const {
  std::string block = Read(offsets_[c], sizes_[c]);
  if (Crc32c(block.data(), block.size()) != checksums_[c]) Corrupt("checksum mismatch in column " + std::to_string(c));
  return block;
}

void SegmentFile::Corrupt(const std::string& what) const {
  throw SqlError(ErrorCode::kDataCorrupted, "segment file \"" + path_ + "\" is corrupt: " + what);
}

}  // namespace stockroom
