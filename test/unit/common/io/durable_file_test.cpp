#include "common/io/durable_file.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "common/error/exception.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(DurableFileTest, ReplacesContentsWholeAndLeavesNoTemporary) {
  TempDirectory dir;
  std::string path = dir / "manifest";
  WriteFileDurably(path, "first version, longer than the second");
  WriteFileDurably(path, std::string("second\0binary", 13));
  EXPECT_EQ(Read(path), std::string("second\0binary", 13));
  EXPECT_FALSE(fs::exists(path + ".tmp"));
  WriteFileDurably(path, "");
  EXPECT_EQ(Read(path), "");
}

TEST(DurableFileTest, FailuresNameThePathAndReason) {
  try {
    WriteFileDurably("/nonexistent-stockroom-dir/file", "x");
    ADD_FAILURE() << "wrote into a missing directory";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "58030");
    EXPECT_STREQ(e.what(),
                 "could not create file \"/nonexistent-stockroom-dir/file.tmp\": No such file or directory");
  }
  EXPECT_THROW(SyncDirectory("/nonexistent-stockroom-dir"), SqlError);
}

}  // namespace
}  // namespace stockroom
