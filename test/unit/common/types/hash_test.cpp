#include "common/types/hash.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace stockroom {
namespace {

// The definition HashBytes implements: 8-byte little-endian words, then the remaining
// bytes zero-extended into one last word.
uint64_t ReferenceHashBytes(const std::string& s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  size_t len = s.size();
  uint64_t h = 0xcbf29ce484222325ULL ^ len;
  for (; len >= 8; p += 8, len -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0x100000001b3ULL;
    h ^= h >> 29;
  }
  uint64_t tail = 0;
  std::memcpy(&tail, p, len);
  return MixHash((h ^ tail) * 0x100000001b3ULL);
}

TEST(HashTest, BytesOfEveryLengthHashAsDefined) {
  std::string s;
  for (int len = 0; len <= 40; len++) {
    EXPECT_EQ(HashBytes(s.data(), s.size()), ReferenceHashBytes(s)) << "length " << len;
    s.push_back(static_cast<char>(0x80 + len * 7));
  }
}

TEST(HashTest, ShortStringsDiffer) {
  std::unordered_set<uint64_t> seen;
  for (int a = 0; a < 256; a++) {
    for (int len = 1; len <= 3; len++) {
      std::string s(len, static_cast<char>(a));
      s[len - 1] = 'x';
      seen.insert(HashValue(StringRef(s)));
    }
  }
  EXPECT_EQ(seen.size(), 1u + 256 + 256);  // length 1 is "x" for every a
}

}  // namespace
}  // namespace stockroom
