#include "storage/segment_file.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "common/error/exception.hpp"
#include "expect_corrupted.hpp"
#include "storage/compression/integer_segment.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

class SegmentFileTest : public ::testing::Test {
 protected:
  std::string ReadAll() const {
    std::ifstream in(path_, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  void WriteAll(const std::string& bytes) const { std::ofstream(path_, std::ios::binary) << bytes; }

  TempDirectory dir_;
  std::string path_ = dir_ / "1.seg";
};

TEST_F(SegmentFileTest, ColumnsRoundTrip) {
  std::vector<int64_t> keys;
  for (int64_t i = 0; i < 120000; i++) keys.push_back(i * 3);
  std::string encoded;
  EncodeIntegerSegment(keys.data(), keys.size(), encoded);
  SegmentFileWriter writer;
  writer.AddBlock(encoded);
  writer.AddBlock("");
  writer.AddBlock(std::string("\0\1\2", 3));
  writer.Write(path_);

  SegmentFile file(path_);
  ASSERT_EQ(file.ColumnCount(), 3u);
  std::string block = file.Column(0);
  std::vector<int64_t> decoded(keys.size());
  DecodeIntegerSegment(reinterpret_cast<const uint8_t*>(block.data()), block.size(), keys.size(), decoded.data());
  EXPECT_EQ(decoded, keys);
  EXPECT_EQ(file.Column(1), "");
  EXPECT_EQ(file.Column(2), std::string("\0\1\2", 3));
}

TEST_F(SegmentFileTest, EveryFlippedByteIsDetected) {
  SegmentFileWriter writer;
  writer.AddBlock("first column block");
  writer.AddBlock("second");
  writer.Write(path_);
  std::string good = ReadAll();
  for (size_t i = 0; i < good.size(); i++) {
    std::string bad = good;
    bad[i] ^= 0x20;
    WriteAll(bad);
    ExpectDataCorrupted([&] {
      SegmentFile file(path_);
      for (size_t c = 0; c < file.ColumnCount(); c++) file.Column(c);
    });
  }
}

TEST_F(SegmentFileTest, TruncatedAndMissingFiles) {
  SegmentFileWriter writer;
  writer.AddBlock("data");
  writer.Write(path_);
  std::string good = ReadAll();
  for (size_t keep : {size_t(0), size_t(5), good.size() / 2, good.size() - 1}) {
    WriteAll(good.substr(0, keep));
    ExpectDataCorrupted([&] { SegmentFile file(path_); });
  }
  try {
    SegmentFile missing(dir_ / "2.seg");
    ADD_FAILURE() << "opened a missing file";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "58P01");
  }
}

}  // namespace
}  // namespace stockroom
