#include "storage/segment_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

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

void SegmentFileWriter::AddColumn(std::string_view block) {
  offsets_.push_back(kMagic.size() + blocks_.size());
  sizes_.push_back(block.size());
  checksums_.push_back(Crc32c(block.data(), block.size()));
  blocks_.append(block);
}

void SegmentFileWriter::Write(const std::string& path) const {
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
  WriteFileDurably(path, file.bytes());
}

SegmentFile::SegmentFile(std::string path) : path_(std::move(path)) {
  std::ifstream in(path_, std::ios::binary);
  if (!in) {
    if (errno == ENOENT) throw SqlError(ErrorCode::kUndefinedFile, "segment file \"" + path_ + "\" does not exist");
    ThrowFileError("open file", path_, errno);
  }
  contents_.assign(std::istreambuf_iterator<char>(in), {});
  size_t n = contents_.size();
  size_t frame = kMagic.size() * 2 + 8;
  if (n < frame || std::string_view(contents_).substr(0, kMagic.size()) != kMagic ||
      std::string_view(contents_).substr(n - kMagic.size()) != kMagic) {
    Corrupt("not a complete segment file");
  }
  const char* tail = contents_.data() + n - kMagic.size() - 8;
  auto footer_size = Get<uint32_t>(tail);
  auto footer_crc = Get<uint32_t>(tail + 4);
  if (footer_size % kFooterEntry != 0 || footer_size > n - frame) Corrupt("invalid footer size");
  const char* footer = tail - footer_size;
  if (Crc32c(footer, footer_size) != footer_crc) Corrupt("footer checksum mismatch");
  size_t data_end = static_cast<size_t>(footer - contents_.data());
  for (size_t c = 0; c < footer_size / kFooterEntry; c++) {
    const char* entry = footer + c * kFooterEntry;
    uint64_t offset = Get<uint64_t>(entry), size = Get<uint64_t>(entry + 8);
    if (offset < kMagic.size() || offset > data_end || size > data_end - offset) {
      Corrupt("column " + std::to_string(c) + " lies outside the file");
    }
    offsets_.push_back(offset);
    sizes_.push_back(size);
    checksums_.push_back(Get<uint32_t>(entry + 16));
  }
}

std::string_view SegmentFile::Column(size_t c) const {
  std::string_view block(contents_.data() + offsets_[c], sizes_[c]);
  if (Crc32c(block.data(), block.size()) != checksums_[c]) Corrupt("checksum mismatch in column " + std::to_string(c));
  return block;
}

void SegmentFile::Corrupt(const std::string& what) const {
  throw SqlError(ErrorCode::kDataCorrupted, "segment file \"" + path_ + "\" is corrupt: " + what);
}

}  // namespace stockroom
