// A SORTKEY orders each commit's new rows, so that a range predicate on the key reads only
// the row groups holding the range (EXPLAIN ANALYZE counts them), in memory and after a
// restart from the data directory.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

const char* kFill =
    "INSERT INTO %s SELECT i, DATE '2024-01-01' + ((i::bigint * 7919) % 1000)::int, i % 100 "
    "FROM generate_series(1, 1000000) i";
const char* kRange = "SELECT count(*), sum(amount) FROM %s WHERE day BETWEEN DATE '2024-03-01' AND DATE '2024-03-10'";

std::string Format(const char* pattern, const char* table) {
  char buffer[512];
  std::snprintf(buffer, sizeof(buffer), pattern, table);
  return buffer;
}

TEST(SortKeyTest, RangeScanReadsOnlyMatchingRowGroups) {
  TempDirectory temp;
  std::string dir = temp / "db";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE sorted (id int, day date, amount numeric(10,2)) SORTKEY (day)");
    con.Query("CREATE TABLE unsorted (id int, day date, amount numeric(10,2))");
    con.Query(Format(kFill, "sorted"));
    con.Query(Format(kFill, "unsorted"));
    // 1,000,000 rows are 9 row groups; the 10 days of the range fit in one when sorted.
    EXPECT_EQ(ScanRowGroups(con, Format(kRange, "sorted")), "row groups: 1 read, 8 skipped by zone maps");
    EXPECT_EQ(ScanRowGroups(con, Format(kRange, "unsorted")), "row groups: 9 read, 0 skipped by zone maps");
    EXPECT_EQ(QueryText(con, Format(kRange, "sorted")), "10000|555000.00");
    EXPECT_EQ(QueryText(con, Format(kRange, "unsorted")), "10000|555000.00");
    EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), count(DISTINCT day) FROM sorted"), "1000000|500000500000|1000");
  }
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(ScanRowGroups(con, Format(kRange, "sorted")), "row groups: 1 read, 8 skipped by zone maps");
    EXPECT_EQ(QueryText(con, Format(kRange, "sorted")), "10000|555000.00");
  }
}

}  // namespace
}  // namespace stockroom
