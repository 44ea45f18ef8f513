#pragma once

#include <cstdint>
#include <cstring>

#include "common/types/interval.hpp"
#include "common/types/string_ref.hpp"
#include "common/types/var_numeric.hpp"
#include "common/types/vector.hpp"

namespace stockroom {

// Hashing of SQL values for hash joins, aggregation and DISTINCT. Values that compare equal
// hash equal: -0.0 and 0.0, all NaNs, intervals with the same span, numerics with trailing
// zeros (1.50 and 1.5). NULL hashes to a fixed constant.
constexpr uint64_t kNullHash = 0xbf58476d1ce4e5b9ULL;

inline uint64_t MixHash(uint64_t x) {
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  x *= 0xd6e8feb86659fd93ULL;
  x ^= x >> 32;
  return x;
}

inline uint64_t CombineHash(uint64_t a, uint64_t b) { return MixHash(a * 0x9E3779B97F4A7C15ULL + b); }

// The `len` < 8 bytes at `p` as a little-endian word, zero-extended, without a
// variable-length copy (which costs a call and a store-forwarding stall per string).
inline uint64_t LoadHashTail(const uint8_t* p, size_t len) {
  if (len >= 4) {
    uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + len - 4, 4);
    return uint64_t(lo) | (uint64_t(hi) << (8 * (len - 4)));
  }
  if (len == 0) return 0;
  return uint64_t(p[0]) | (uint64_t(p[len / 2]) << (8 * (len / 2))) | (uint64_t(p[len - 1]) << (8 * (len - 1)));
}

inline uint64_t HashBytes(const void* data, size_t len) {
  // FNV-style mixing over 8-byte words, finished with MixHash.
  const auto* p = static_cast<const uint8_t*>(data);
  uint64_t h = 0xcbf29ce484222325ULL ^ len;
  while (len >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
    p += 8;
    len -= 8;
  }
  h = (h ^ LoadHashTail(p, len)) * 0x100000001b3ULL;
  return MixHash(h);
}

inline uint64_t HashValue(int64_t v) { return MixHash(static_cast<uint64_t>(v)); }
inline uint64_t HashValue(int128_t v) {
  return MixHash(static_cast<uint64_t>(v) ^ MixHash(static_cast<uint64_t>(static_cast<uint128_t>(v) >> 64)));
}
inline uint64_t HashValue(double v) {
  if (v == 0) v = 0;  // -0.0 == 0.0
  if (v != v) return 0x7ff8000000000000ULL;
  uint64_t bits;
  std::memcpy(&bits, &v, 8);
  return MixHash(bits);
}
inline uint64_t HashValue(const StringRef& s) { return HashBytes(s.data(), s.size()); }
inline uint64_t HashValue(const Interval& v) { return HashValue(static_cast<int128_t>(v.Span())); }
uint64_t HashValue(const VarNumeric& v);

// The equality the hashes above agree with, used by grouping, joins and DISTINCT: `==`,
// except that all NaNs are equal and numerics compare by value (1.5 equals 1.50).
template <class T>
inline bool ValuesEqual(const T& a, const T& b) {
  return a == b;
}
template <>
inline bool ValuesEqual(const float& a, const float& b) {
  return a == b || (a != a && b != b);
}
template <>
inline bool ValuesEqual(const double& a, const double& b) {
  return a == b || (a != a && b != b);
}
template <>
bool ValuesEqual(const VarNumeric& a, const VarNumeric& b);

// Writes the hash of each of the first `count` rows of `input` to `hashes`.
void HashVector(const Vector& input, idx_t count, uint64_t* hashes);
// Combines the hash of each row of `input` into `hashes`.
void CombineHashVector(const Vector& input, idx_t count, uint64_t* hashes);

}  // namespace stockroom
