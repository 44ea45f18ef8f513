#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace stockroom {

// How an integer segment is stored (the first byte of its encoding).
enum class IntegerEncoding : uint8_t {
  kFrameOfReference = 1,  // bit_packing.hpp; all-equal values take 9 bytes (width 0)
  kRunLength = 2,         // uint32 run count, then the runs' values and lengths, each FOR
  kDelta = 3,             // int64 first value, then the differences to the previous value, FOR
};

// Encodes `values[0, count)` with whichever encoding is smallest for them (frame of
// reference on a tie), or with `only` when given, appending a tag byte and the encoding to
// `out`; returns the encoding chosen. Differences and distances wrap around (two's
// complement), so every int64 sequence round-trips whatever the encoding.
IntegerEncoding EncodeIntegerSegment(const int64_t* values, size_t count, std::string& out,
                                     std::optional<IntegerEncoding> only = std::nullopt);

// Decodes the `count` values of a segment written by EncodeIntegerSegment (`size` bytes).
// Throws XX001 when the data cannot be a valid segment of `count` values.
void DecodeIntegerSegment(const uint8_t* data, size_t size, size_t count, int64_t* values);

}  // namespace stockroom
