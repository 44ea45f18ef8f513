#include "storage/compression/bit_packing.hpp"

#include <algorithm>
#include <cstring>

#include "common/error/exception.hpp"

namespace stockroom {

namespace {

constexpr size_t kHeaderSize = sizeof(int64_t) + 1;

}  // namespace

int BitWidth(uint64_t max_distance) { return max_distance == 0 ? 0 : 64 - __builtin_clzll(max_distance); }

size_t FrameOfReferenceSize(size_t count, int width) {
  return kHeaderSize + (count * static_cast<size_t>(width) + 7) / 8;
}

void EncodeFrameOfReference(const int64_t* values, size_t count, std::string& out) {
  int64_t reference = count == 0 ? 0 : *std::min_element(values, values + count);
  uint64_t max_distance = 0;
  for (size_t i = 0; i < count; i++) {
    max_distance = std::max(max_distance, static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(reference));
  }
  int width = BitWidth(max_distance);
  size_t start = out.size();
  out.resize(start + FrameOfReferenceSize(count, width), '\0');
  auto* p = reinterpret_cast<uint8_t*>(out.data() + start);
  std::memcpy(p, &reference, sizeof(reference));
  p[sizeof(reference)] = static_cast<uint8_t>(width);
  uint8_t* packed = p + kHeaderSize;
  if (width == 0) return;
  // Accumulate bits in a 128-bit buffer and flush whole bytes.
  unsigned __int128 buffer = 0;
  int buffered = 0;
  size_t written = 0;
  for (size_t i = 0; i < count; i++) {
    uint64_t distance = static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(reference);
    buffer |= static_cast<unsigned __int128>(distance) << buffered;
    buffered += width;
    while (buffered >= 8) {
      packed[written++] = static_cast<uint8_t>(buffer);
      buffer >>= 8;
      buffered -= 8;
    }
  }
  if (buffered > 0) packed[written] = static_cast<uint8_t>(buffer);
}

void DecodeFrameOfReference(const uint8_t* data, size_t size, size_t count, int64_t* values) {
  if (size < kHeaderSize) throw SqlError(ErrorCode::kDataCorrupted, "frame-of-reference segment is truncated");
  int64_t reference;
  std::memcpy(&reference, data, sizeof(reference));
  int width = data[sizeof(reference)];
  if (width > 64 || size < FrameOfReferenceSize(count, width)) {
    throw SqlError(ErrorCode::kDataCorrupted, "frame-of-reference segment is truncated or has an invalid bit width");
  }
  const uint8_t* packed = data + kHeaderSize;
  size_t packed_size = size - kHeaderSize;
  uint64_t mask = width == 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
  auto base = static_cast<uint64_t>(reference);
  size_t i = 0;
  size_t bit = 0;
  // Values up to 57 bits wide sit inside the 8 bytes from their first byte: one unaligned
  // load each while those 8 bytes are inside the block.
  if (width <= 57) {
    for (; i < count && (bit >> 3) + 8 <= packed_size; i++, bit += width) {
      uint64_t word;
      std::memcpy(&word, packed + (bit >> 3), sizeof(word));
      values[i] = static_cast<int64_t>(base + ((word >> (bit & 7)) & mask));
    }
  }
  // The last values (and wider ones): gather their bytes one by one.
  for (; i < count; i++, bit += width) {
    unsigned __int128 gathered = 0;
    size_t first = bit >> 3;
    size_t last = width == 0 ? first : (bit + width - 1) >> 3;
    for (size_t b = first; b <= last && b < packed_size; b++) {
      gathered |= static_cast<unsigned __int128>(packed[b]) << (8 * (b - first));
    }
    values[i] = static_cast<int64_t>(base + (static_cast<uint64_t>(gathered >> (bit & 7)) & mask));
  }
}

}  // namespace stockroom
