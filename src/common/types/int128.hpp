#pragma once

#include <cstdint>
#include <string>

namespace stockroom {

using int128_t = __int128;
using uint128_t = unsigned __int128;

constexpr int128_t kInt128Max = static_cast<int128_t>(~static_cast<uint128_t>(0) >> 1);
constexpr int128_t kInt128Min = -kInt128Max - 1;

// Returns 10^exponent for exponent in [0, 38].
int128_t Pow10Int128(int exponent);
// Returns 10^exponent for exponent in [0, 18].
int64_t Pow10Int64(int exponent);

// Writes the decimal digits of `value` (with a leading '-' when negative).
std::string Int128ToString(int128_t value);

// Returns the number of decimal digits of |value| (1 for zero).
int DecimalDigits(uint128_t value);

}  // namespace stockroom
