// GROUP BY past memory_limit spills to the data directory's temp folder, says so in EXPLAIN
// ANALYZE, gives the same groups as in memory and leaves no file behind. (Results against
// PostgreSQL: test/sql/spill/aggregate.test.)
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

const char* kGroups =
    "SELECT g % 1000 AS bucket, count(*), sum(total), min(label), max(label) FROM "
    "(SELECT id % 250000 AS g, count(*) AS n, sum(amount) AS total, max(label) AS label FROM sales GROUP BY 1) x "
    "GROUP BY 1 ORDER BY 1";

TEST(SpillAggregateTest, GroupByPastTheLimitSpillsAndGivesTheSameGroups) {
  TempDirectory temp;
  std::string dir = temp / "db";
  Database db(DatabaseConfig{dir});
  Connection con(db);
  con.Query(
      "CREATE TABLE sales AS SELECT i AS id, (i::bigint * 7919) % 10000 / 100.0 AS amount, 'customer ' || (i % 50000) AS label "
      "FROM generate_series(1, 750000) i");
  std::string in_memory = QueryText(con, kGroups);
  EXPECT_EQ(ExplainAnalyzeLine(con, kGroups, "HASH_GROUP_BY ((sales.id").find("spilled"), std::string::npos);

  con.Query("SET memory_limit = '8MB'");
  std::string line = ExplainAnalyzeLine(con, kGroups, "HASH_GROUP_BY ((sales.id");
  EXPECT_NE(line.find("spilled"), std::string::npos) << line;
  EXPECT_NE(line.find("temporary files"), std::string::npos) << line;
  EXPECT_EQ(QueryText(con, kGroups), in_memory);

  // Spill files live in <data directory>/temp and are gone after the query.
  ASSERT_TRUE(std::filesystem::is_directory(dir + "/temp"));
  EXPECT_TRUE(std::filesystem::is_empty(dir + "/temp"));
}

TEST(SpillAggregateTest, AQueryThatCannotSpillStillFailsCleanly) {
  Database db;
  Connection con(db);
  con.Query("CREATE TABLE t AS SELECT i AS id, 'v' || i AS s FROM generate_series(1, 400000) i");
  con.Query("SET memory_limit = '4MB'");
  // DISTINCT aggregates keep their rows in memory (docs/storage-format.md, "Memory").
  try {
    con.Query("SELECT id % 1000, count(DISTINCT s) FROM t GROUP BY 1");
    FAIL() << "expected 53200";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "53200") << e.what();
  }
}

}  // namespace
}  // namespace stockroom
