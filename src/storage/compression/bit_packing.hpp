#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace stockroom {

// Frame-of-reference + bit-packing for integer columns (integers, dates, timestamps, scaled
// numerics): a segment stores its minimum and each value's distance from it in the fewest
// bits that hold the largest distance. Layout (little-endian): int64 reference, uint8 bit
// width, then ceil(count * width / 8) bytes of packed distances, value i at bit i * width.
// docs/storage-format.md ("Encodings").

// The bits needed for distances up to `max_distance` (0 when all values are equal).
int BitWidth(uint64_t max_distance);

// Appends the encoding of `values[0, count)` to `out`.
void EncodeFrameOfReference(const int64_t* values, size_t count, std::string& out);

// Decodes `count` values from `data` (`size` bytes, as EncodeFrameOfReference wrote them)
// into `values`. Throws XX001 (data corrupted) when `size` is too small for them.
void DecodeFrameOfReference(const uint8_t* data, size_t size, size_t count, int64_t* values);

// The encoded size of `count` values whose distances need `width` bits.
size_t FrameOfReferenceSize(size_t count, int width);

}  // namespace stockroom
