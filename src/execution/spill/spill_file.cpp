#include "execution/spill/spill_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

SqlError FileError(const std::string& what, const std::string& path, int err) {
  ErrorCode code = err == ENOSPC || err == EDQUOT ? ErrorCode::kDiskFull : ErrorCode::kIoError;
  return SqlError(code, "could not " + what + " temporary file \"" + path + "\": " + std::strerror(err));
}

template <class T>
void Put(std::string& out, T value) {
  out.append(reinterpret_cast<const char*>(&value), sizeof(T));
}

}  // namespace

std::string SpillStats::ToString() const {
  uint64_t n = files.load();
  if (n == 0) return "";
  uint64_t b = bytes.load();
  std::string size = b >= (uint64_t(1) << 20) ? std::to_string(b >> 20) + "MB" : std::to_string(b >> 10) + "kB";
  return "spilled " + size + " (" + std::to_string(rows.load()) + " rows) to " + std::to_string(n) +
         (n == 1 ? " temporary file" : " temporary files");
}

std::string SpillDirectoryFor(const std::string& data_directory) {
  if (!data_directory.empty()) return data_directory + "/temp";
  const char* tmp = std::getenv("TMPDIR");
  return tmp && *tmp ? tmp : "/tmp";
}

SpillFile::SpillFile(const std::string& directory, std::vector<LogicalType> types, SpillStats* stats,
                     size_t buffer_bytes)
    : types_(std::move(types)), stats_(stats), buffer_bytes_(buffer_bytes) {
  if (::mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) throw FileError("create directory for", directory, errno);
  std::string name = directory + "/stockroom-spill-XXXXXX";
  fd_ = ::mkstemp(name.data());
  if (fd_ < 0) throw FileError("create", name, errno);
  ::unlink(name.c_str());
  path_ = name;
  if (stats_) stats_->files.fetch_add(1, std::memory_order_relaxed);
}

SpillFile::~SpillFile() {
  if (fd_ >= 0) ::close(fd_);
}

void SpillFile::Append(const DataChunk& chunk) {
  idx_t count = chunk.size();
  if (count == 0) return;
  size_t before = buffer_.size();
  Put<uint32_t>(buffer_, static_cast<uint32_t>(count));
  for (idx_t c = 0; c < types_.size(); c++) {
    UnifiedVectorFormat f;
    chunk.column(c).ToUnified(count, f);
    bool has_nulls = false;
    for (idx_t i = 0; i < count && !has_nulls; i++) has_nulls = !f.IsValid(i);
    buffer_.push_back(has_nulls ? 1 : 0);
    if (has_nulls) {
      std::vector<uint64_t> bits(ValidityMask::Words(count), ~uint64_t(0));
      for (idx_t i = 0; i < count; i++) {
        if (!f.IsValid(i)) bits[i >> 6] &= ~(uint64_t(1) << (i & 63));
      }
      buffer_.append(reinterpret_cast<const char*>(bits.data()), bits.size() * 8);
    }
    PhysicalType physical = types_[c].physical();
    if (physical == PhysicalType::kString) {
      const auto* refs = f.Data<StringRef>();
      size_t lengths = buffer_.size();
      buffer_.resize(lengths + count * 4);
      for (idx_t i = 0; i < count; i++) {
        uint32_t len = f.IsValid(i) ? refs[f.Index(i)].size() : 0;
        std::memcpy(&buffer_[lengths + i * 4], &len, 4);
        if (len) buffer_.append(refs[f.Index(i)].data(), len);
      }
    } else {
      idx_t width = PhysicalSize(physical);
      size_t at = buffer_.size();
      buffer_.resize(at + count * width);
      for (idx_t i = 0; i < count; i++) std::memcpy(&buffer_[at + i * width], f.data + f.Index(i) * width, width);
    }
  }
  size_ += buffer_.size() - before;
  rows_ += count;
  if (stats_) {
    stats_->bytes.fetch_add(buffer_.size() - before, std::memory_order_relaxed);
    stats_->rows.fetch_add(count, std::memory_order_relaxed);
  }
  if (buffer_.size() >= buffer_bytes_) Flush();
}

void SpillFile::Flush() {
  size_t done = 0;
  while (done < buffer_.size()) {
    ssize_t n = ::write(fd_, buffer_.data() + done, buffer_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw FileError("write to", path_, n < 0 ? errno : ENOSPC);
    done += static_cast<size_t>(n);
  }
  buffer_.clear();
}

void SpillFile::Rewind() {
  Flush();
  std::string().swap(buffer_);
  read_pos_ = 0;
  read_size_ = 0;
  read_offset_ = 0;
}

void SpillFile::ReadExact(void* out, size_t bytes) {
  auto* dst = static_cast<char*>(out);
  while (bytes > 0) {
    if (read_offset_ == read_size_) {
      if (!read_buffer_) read_buffer_.reset(new char[buffer_bytes_]);
      ssize_t n;
      do {
        n = ::pread(fd_, read_buffer_.get(), buffer_bytes_, static_cast<off_t>(read_pos_));
      } while (n < 0 && errno == EINTR);
      if (n < 0) throw FileError("read", path_, errno);
      if (n == 0) throw SqlError(ErrorCode::kIoError, "temporary file \"" + path_ + "\" is shorter than written");
      read_size_ = static_cast<size_t>(n);
      read_pos_ += static_cast<uint64_t>(n);
      read_offset_ = 0;
    }
    size_t take = std::min(bytes, read_size_ - read_offset_);
    std::memcpy(dst, read_buffer_.get() + read_offset_, take);
    read_offset_ += take;
    dst += take;
    bytes -= take;
  }
}

bool SpillFile::Read(DataChunk& chunk) {
  if (read_pos_ - (read_size_ - read_offset_) >= size_) return false;
  uint32_t count = 0;
  ReadExact(&count, 4);
  if (chunk.Types() != types_) chunk.Initialize(types_);
  chunk.Reset();
  for (idx_t c = 0; c < types_.size(); c++) {
    Vector& v = chunk.column(c);
    uint8_t has_nulls = 0;
    ReadExact(&has_nulls, 1);
    if (has_nulls) {
      v.validity().SetAllInvalid(count);
      std::vector<uint64_t> bits(ValidityMask::Words(count));
      ReadExact(bits.data(), bits.size() * 8);
      for (idx_t i = 0; i < count; i++) {
        if ((bits[i >> 6] >> (i & 63)) & 1) v.validity().SetValid(i);
      }
    }
    PhysicalType physical = types_[c].physical();
    if (physical == PhysicalType::kString) {
      std::vector<uint32_t> lengths(count);
      ReadExact(lengths.data(), count * 4);
      auto* refs = v.Data<StringRef>();
      std::string bytes;
      for (idx_t i = 0; i < count; i++) {
        bytes.resize(lengths[i]);
        ReadExact(bytes.data(), lengths[i]);
        refs[i] = v.heap().Add(bytes);
      }
    } else {
      ReadExact(v.data(), count * PhysicalSize(physical));
    }
  }
  chunk.SetCardinality(count);
  return true;
}

}  // namespace stockroom
