// The write-ahead log's records: a torn last record (a crash mid-append) is dropped and
// cut off; a record failing its checksum with records after it is corruption (XX001).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/write_ahead_log.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

std::vector<std::string> ReadAll(const std::string& path, uint64_t* valid = nullptr) {
  std::vector<std::string> records;
  uint64_t size = WriteAheadLog::Read(path, [&](std::string_view r) { records.emplace_back(r); });
  if (valid) *valid = size;
  return records;
}

void WriteFirstAndSecond(const std::string& path) {
  WriteAheadLog wal(path, 0);
  wal.Append("first");
  wal.Append("second");
}

TEST(WriteAheadLogTest, TornTailIsDroppedAndCutOff) {
  TempDirectory dir;
  std::string path = dir / "wal";
  WriteFirstAndSecond(path);
  auto full = std::filesystem::file_size(path);
  std::filesystem::resize_file(path, full - 3);  // the second record half written
  uint64_t valid = 0;
  EXPECT_EQ(ReadAll(path, &valid), std::vector<std::string>{"first"});
  {
    WriteAheadLog wal(path, valid);
    wal.Append("third");
  }
  EXPECT_EQ(ReadAll(path), (std::vector<std::string>{"first", "third"}));
}

TEST(WriteAheadLogTest, CorruptRecordBeforeOthersIsReported) {
  TempDirectory dir;
  std::string path = dir / "wal";
  WriteFirstAndSecond(path);
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(9);  // a byte of the first payload
  f.put('X');
  f.close();
  try {
    ReadAll(path);
    ADD_FAILURE() << "a corrupt record was read";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDataCorrupted) << e.what();
  }
}

// A database whose log was damaged refuses to open instead of losing commits silently.
TEST(WriteAheadLogTest, DatabaseRefusesACorruptLog) {
  TempDirectory dir;
  std::string db_path = dir / "db";
  {
    Database db(DatabaseConfig{db_path, 1});
    Connection con(db);
    con.Query("CREATE TABLE t (a int)");
    con.Query("INSERT INTO t VALUES (1)");
    con.Query("INSERT INTO t VALUES (2)");
  }
  std::string wal;
  for (auto& f : std::filesystem::directory_iterator(db_path)) {
    if (f.path().filename().string().rfind("wal.", 0) == 0) wal = f.path().string();
  }
  ASSERT_FALSE(wal.empty());
  ASSERT_GT(std::filesystem::file_size(wal), 20u);
  std::fstream f(wal, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(10);
  f.put('\x7f');
  f.close();
  try {
    Database db(DatabaseConfig{db_path, 1});
    ADD_FAILURE() << "opened a database with a corrupt log";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDataCorrupted) << e.what();
  }
}

}  // namespace
}  // namespace stockroom
