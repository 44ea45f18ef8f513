#include "storage/data_directory.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "common/error/exception.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

class DataDirectoryTest : public ::testing::Test {
 protected:
  std::string Path(const std::string& name) const { return root_ / name; }
  static std::string Read(const std::string& path) {
    std::ifstream in(path);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  // The SQLSTATE and message of opening `path`, or "" when it opens.
  static std::string OpenError(const std::string& path) {
    try {
      DataDirectory directory(path);
    } catch (const SqlError& e) {
      return std::string(e.sqlstate()) + " " + e.what();
    }
    return "";
  }

  TempDirectory root_;
};

TEST_F(DataDirectoryTest, CreatesStampsAndReopens) {
  std::string path = Path("db");
  { DataDirectory directory(path); }
  EXPECT_EQ(Read(path + "/FORMAT"), "stockroom-data-directory 4\n");
  EXPECT_FALSE(fs::exists(path + "/FORMAT.tmp"));
  EXPECT_EQ(OpenError(path), "");  // the lock went with the first DataDirectory
}

TEST_F(DataDirectoryTest, SecondOpenWhileInUseIsRefused) {
  std::string path = Path("db");
  DataDirectory first(path);
  std::string error = OpenError(path);
  EXPECT_EQ(error.substr(0, 5), "55P03") << error;
  EXPECT_NE(error.find("in use by another Stockroom process (pid " + std::to_string(::getpid()) + ")"),
            std::string::npos)
      << error;
}

TEST_F(DataDirectoryTest, AnotherProcessIsRefusedAndTheLockDiesWithItsHolder) {
  std::string path = Path("db");
  int ready[2];
  ASSERT_EQ(::pipe(ready), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    DataDirectory held(path);
    char byte = 1;
    (void)!::write(ready[1], &byte, 1);
    ::pause();  // until killed
    ::_exit(0);
  }
  char byte;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  EXPECT_EQ(OpenError(path).substr(0, 5), "55P03");
  ::kill(child, SIGKILL);  // as kill -9: no destructor runs
  ::waitpid(child, nullptr, 0);
  EXPECT_EQ(OpenError(path), "");
  ::close(ready[0]);
  ::close(ready[1]);
}

TEST_F(DataDirectoryTest, NewerFormatIsRefusedUnchanged) {
  std::string path = Path("db");
  fs::create_directory(path);
  std::ofstream(path + "/FORMAT") << "stockroom-data-directory 7\n";
  EXPECT_EQ(OpenError(path),
            "55000 data directory \"" + path + "\" has format version 7, newer than this Stockroom reads (4)");
  EXPECT_EQ(Read(path + "/FORMAT"), "stockroom-data-directory 7\n");
}

TEST_F(DataDirectoryTest, OlderFormatIsUpgradedInPlace) {
  // Version 1 wrote a subset of what later versions read: opening it stamps version 4
  // (before blocks and records that version 1 could not read are written).
  std::string path = Path("db");
  fs::create_directory(path);
  std::ofstream(path + "/FORMAT") << "stockroom-data-directory 1\n";
  EXPECT_EQ(OpenError(path), "");
  EXPECT_EQ(Read(path + "/FORMAT"), "stockroom-data-directory 4\n");
  EXPECT_FALSE(fs::exists(path + "/FORMAT.tmp"));
}

TEST_F(DataDirectoryTest, OtherDirectoriesAndFilesAreNotAdopted) {
  std::string foreign = Path("foreign");
  fs::create_directory(foreign);
  std::ofstream(foreign + "/notes.txt") << "mine";
  EXPECT_EQ(OpenError(foreign), "55000 \"" + foreign + "\" is not empty and is not a Stockroom data directory");
  EXPECT_FALSE(fs::exists(foreign + "/FORMAT"));

  std::string garbled = Path("garbled");
  fs::create_directory(garbled);
  std::ofstream(garbled + "/FORMAT") << "something else\n";
  EXPECT_EQ(OpenError(garbled).substr(0, 5), "55000");

  std::string file = Path("file");
  std::ofstream(file) << "x";
  EXPECT_EQ(OpenError(file), "55000 \"" + file + "\" is not a directory");
}

}  // namespace
}  // namespace stockroom
