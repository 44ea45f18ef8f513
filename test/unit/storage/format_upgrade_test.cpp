// A data directory written by format version 1 (test/data/storage/format_v1, README.md
// there) opens in this build: its segment file and log are read, its FORMAT is stamped
// with the current version, and what is written afterwards reads back too.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/data_directory.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

std::string Read(const std::string& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

constexpr const char* kSummary =
    "SELECT count(*), sum(id), count(name), count(DISTINCT name), sum(price) FILTER (WHERE id > 0), "
    "min(ratio), max(ratio), min(day), max(at), sum(big), sum(span), count(*) FILTER (WHERE flag), count(note), "
    "max(note) FROM items";
constexpr const char* kRows =
    "SELECT id, name, price, ratio, day, at, big, span, flag, note FROM items WHERE id IN (-1, 1, 3, 400) ORDER BY id";

TEST(FormatUpgradeTest, Version1DirectoryOpensAndIsUpgraded) {
  TempDirectory temp;
  std::string dir = temp / "db";
  std::filesystem::copy(SR_TEST_DATA "/storage/format_v1", dir, std::filesystem::copy_options::recursive);
  ASSERT_EQ(Read(dir + "/FORMAT"), "stockroom-data-directory 1\n");
  // What version 1 itself answered for these queries.
  const std::string summary =
      "401|80199|400|50|802.0000000000001|-0|57.142857|2024-01-01|2024-01-01 00:06:40|100250.00|800:00:00|200|268|"
      "wal row";
  const std::string rows =
      "-1|NULL|NaN|-0|NULL|NULL|NULL|NULL|NULL|wal row\n"
      "1|item 1|0.01|0.14285715|2024-01-02|2024-01-01 00:00:01|1.25|01:00:00|f|n1\n"
      "3|item 3|0.03|0.42857143|2024-01-04|2024-01-01 00:00:03|3.75|03:00:00|f|NULL\n"
      "400|item 0|4|57.142857|2024-01-11|2024-01-01 00:06:40|500.00|00:00:00|t|n400";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(Read(dir + "/FORMAT"),
              "stockroom-data-directory " + std::to_string(DataDirectory::kFormatVersion) + "\n");
    EXPECT_EQ(QueryText(con, kSummary), summary);
    EXPECT_EQ(QueryText(con, kRows), rows);
    // Blocks of this version beside version 1's: the log, then a segment file of its own.
    con.Query("CREATE TABLE more (id int, amount float8, note text)");
    con.Query("INSERT INTO more SELECT i, i / 4.0, 'same' FROM generate_series(1, 1000) i");
  }
  for (int open = 0; open < 2; open++) {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, kSummary), summary);
    EXPECT_EQ(QueryText(con, kRows), rows);
    EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), sum(amount), min(note), max(note) FROM more"),
              "1000|500500|125125|same|same");
  }
}

}  // namespace
}  // namespace stockroom
