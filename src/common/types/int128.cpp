#include "common/types/int128.hpp"

namespace stockroom {

namespace {
struct Pow10Table {
  int128_t values[39];
  constexpr Pow10Table() : values() {
    int128_t v = 1;
    for (int i = 0; i <= 38; i++) {
      values[i] = v;
      if (i < 38) v *= 10;
    }
  }
};
constexpr Pow10Table kPow10;
}  // namespace

int128_t Pow10Int128(int exponent) { return kPow10.values[exponent]; }
int64_t Pow10Int64(int exponent) { return static_cast<int64_t>(kPow10.values[exponent]); }

std::string Int128ToString(int128_t value) {
  if (value == 0) return "0";
  bool negative = value < 0;
  uint128_t magnitude = negative ? static_cast<uint128_t>(0) - static_cast<uint128_t>(value)
                                 : static_cast<uint128_t>(value);
  char buffer[48];
  int pos = sizeof(buffer);
  while (magnitude > 0) {
    buffer[--pos] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  }
  if (negative) buffer[--pos] = '-';
  return std::string(buffer + pos, sizeof(buffer) - pos);
}

int DecimalDigits(uint128_t value) {
  int digits = 1;
  while (digits < 39 && value >= static_cast<uint128_t>(kPow10.values[digits])) digits++;
  return digits;
}

}  // namespace stockroom
