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
  uint64_t mask = width == 64 ? ~uint64_t(0) : (uint64_t(1) << width) - 1;
  unsigned __int128 buffer = 0;
  int buffered = 0;
  size_t read = 0;
  for (size_t i = 0; i < count; i++) {
    while (buffered < width) {
      buffer |= static_cast<unsigned __int128>(packed[read++]) << buffered;
      buffered += 8;
    }
    uint64_t distance = static_cast<uint64_t>(buffer) & mask;
    buffer >>= width;
    buffered -= width;
    values[i] = static_cast<int64_t>(static_cast<uint64_t>(reference) + distance);
  }
}

}  // namespace stockroom
