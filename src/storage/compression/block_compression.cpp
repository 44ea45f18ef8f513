#include "storage/compression/block_compression.hpp"

#include <lz4.h>
#include <zstd.h>

#include <cstring>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

// zstd's fast end: about as fast as the encodings under it, a third of most text.
constexpr int kZstdLevel = 1;
// A row group's column cannot honestly be larger; a bigger size is a corrupt header.
constexpr size_t kMaxRawBytes = size_t{16} << 30;

[[noreturn]] void ThrowCorrupt(const char* what) {
  throw SqlError(ErrorCode::kDataCorrupted, std::string("compressed data is corrupt: ") + what);
}

}  // namespace

bool CompressBlock(BlockCompression method, std::string_view raw, std::string& out) {
  if (raw.size() > UINT32_MAX) return false;
  if (method == BlockCompression::kLz4 && raw.size() > LZ4_MAX_INPUT_SIZE) return false;
  size_t start = out.size();
  auto raw32 = static_cast<uint32_t>(raw.size());
  size_t bound = method == BlockCompression::kZstd
                     ? ZSTD_compressBound(raw.size())
                     : static_cast<size_t>(LZ4_compressBound(static_cast<int>(raw.size())));
  out.resize(start + sizeof(raw32) + bound);
  std::memcpy(out.data() + start, &raw32, sizeof(raw32));
  char* dest = out.data() + start + sizeof(raw32);
  size_t n = 0;
  if (method == BlockCompression::kZstd) {
    n = ZSTD_compress(dest, bound, raw.data(), raw.size(), kZstdLevel);
    if (ZSTD_isError(n)) n = 0;
  } else {
    int written = LZ4_compress_default(raw.data(), dest, static_cast<int>(raw.size()), static_cast<int>(bound));
    n = written > 0 ? static_cast<size_t>(written) : 0;
  }
  if (n == 0 && !raw.empty()) {
    out.resize(start);
    return false;
  }
  out.resize(start + sizeof(raw32) + n);
  return true;
}

void DecompressBlock(BlockCompression method, const uint8_t* data, size_t size, std::string& out) {
  uint32_t raw = 0;
  if (size < sizeof(raw)) ThrowCorrupt("truncated");
  std::memcpy(&raw, data, sizeof(raw));
  if (raw > kMaxRawBytes) ThrowCorrupt("too large");
  data += sizeof(raw);
  size -= sizeof(raw);
  out.resize(raw);
  if (method == BlockCompression::kZstd) {
    size_t n = ZSTD_decompress(out.data(), raw, data, size);
    if (ZSTD_isError(n) || n != raw) ThrowCorrupt("zstd data does not decompress");
    return;
  }
  if (raw > LZ4_MAX_INPUT_SIZE || size > static_cast<size_t>(INT32_MAX)) ThrowCorrupt("too large for lz4");
  int n = LZ4_decompress_safe(reinterpret_cast<const char*>(data), out.data(), static_cast<int>(size),
                              static_cast<int>(raw));
  if (n < 0 || static_cast<uint32_t>(n) != raw) ThrowCorrupt("lz4 data does not decompress");
}

}  // namespace stockroom
