#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace stockroom {

// Decimal floats: float4/float8 columns whose values are mostly exact decimals of up to
// kMaxDecimalFloatScale fractional digits (amounts, prices, rates) stored as integers
// scaled by 10^scale, through an integer segment. A value is taken only if it converts back
// bit for bit (integer / 10^scale, rounded to the type); the others (-0.0, NaN, infinities,
// 0.1 + 0.2, ...) are exceptions stored as their raw bytes beside their row numbers.
// Layout: tag byte (1), uint8 scale, uint32 exception count, uint32 size + integer
// segment of the scaled values (an exception's row repeats the previous row's integer),
// then, with exceptions, uint32 size + integer segment of their rows, then their bytes.
constexpr int kMaxDecimalFloatScale = 4;

// Appends the decimal form of `values[0, count)` to `out` when it is smaller than their raw
// bytes and returns true; returns false and appends nothing otherwise.
bool EncodeDecimalFloats(const double* values, size_t count, std::string& out);
bool EncodeDecimalFloats(const float* values, size_t count, std::string& out);

// Decodes `count` values written by EncodeDecimalFloats (`size` bytes at `data`), bit for
// bit. Throws XX001 when the data cannot be such a segment.
void DecodeDecimalFloats(const uint8_t* data, size_t size, size_t count, double* values);
void DecodeDecimalFloats(const uint8_t* data, size_t size, size_t count, float* values);

}  // namespace stockroom
