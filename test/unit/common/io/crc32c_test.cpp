#include "common/io/crc32c.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace stockroom {
namespace {

TEST(Crc32cTest, KnownValues) {
  // The check value of CRC-32C, and the iSCSI test vectors of RFC 3720 (B.4).
  EXPECT_EQ(Crc32c("123456789", 9), 0xE3069283u);
  EXPECT_EQ(Crc32c("", 0), 0u);
  std::vector<uint8_t> zeros(32, 0), ones(32, 0xFF), ascending(32), descending(32);
  for (int i = 0; i < 32; i++) {
    ascending[i] = static_cast<uint8_t>(i);
    descending[i] = static_cast<uint8_t>(31 - i);
  }
  EXPECT_EQ(Crc32c(zeros.data(), 32), 0x8A9136AAu);
  EXPECT_EQ(Crc32c(ones.data(), 32), 0x62A8AB43u);
  EXPECT_EQ(Crc32c(ascending.data(), 32), 0x46DD794Eu);
  EXPECT_EQ(Crc32c(descending.data(), 32), 0x113FDB5Cu);
}

TEST(Crc32cTest, HardwareAndTableAgreeAndExtend) {
  std::string data;
  for (int i = 0; i < 1000; i++) data.push_back(static_cast<char>(i * 131 + i / 7));
  for (size_t n : {0, 1, 7, 8, 9, 63, 64, 65, 1000}) {
    EXPECT_EQ(Crc32c(data.data(), n), Crc32cPortable(data.data(), n)) << n;
  }
  for (size_t split : {0, 3, 8, 500, 1000}) {
    EXPECT_EQ(Crc32c(data.data() + split, data.size() - split, Crc32c(data.data(), split)),
              Crc32c(data.data(), data.size()))
        << split;
  }
  std::string flipped = data;
  flipped[500] ^= 1;
  EXPECT_NE(Crc32c(flipped.data(), flipped.size()), Crc32c(data.data(), data.size()));
}

}  // namespace
}  // namespace stockroom
