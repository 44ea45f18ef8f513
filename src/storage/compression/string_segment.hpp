#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/compression/integer_segment.hpp"

namespace stockroom {

// How a string segment is stored (its first byte).
enum class StringEncoding : uint8_t {
  kPlain = 1,       // lengths (an integer segment), then the bytes of every value in order
  kDictionary = 2,  // the distinct values as a plain block, then each row's code (an
                    // integer segment: run-length or bit-packed codes)
};

// Encodes `values[0, count)` as a dictionary when that is smaller (values repeat), plain
// otherwise, or as `only` when given (its codes as `codes_only` when given), appending a
// tag byte and the encoding to `out`; returns the encoding chosen. Integer segments inside
// are preceded by their byte length (uint32).
StringEncoding EncodeStringSegment(const std::string_view* values, size_t count, std::string& out,
                                   std::optional<StringEncoding> only = std::nullopt,
                                   std::optional<IntegerEncoding> codes_only = std::nullopt);

// Decodes the `count` values of a segment written by EncodeStringSegment into `values`:
// views into `data`, valid as long as it is. Throws XX001 for data that cannot be a valid
// segment of `count` values.
void DecodeStringSegment(const uint8_t* data, size_t size, size_t count, std::vector<std::string_view>& values);

}  // namespace stockroom
