// CREATE TABLE AS writes its rows into the new table like INSERT ... SELECT: a table larger
// than memory_limit is not a query result, so it is built (the pipeline's table models at
// SF 1) instead of failing with 53200 as a result set that size would.
#include <gtest/gtest.h>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

TEST(CreateTableAsMemoryTest, ATableLargerThanMemoryLimitIsCreated) {
  TempDirectory temp;
  Database db{DatabaseConfig{temp / "db"}};
  Connection con{db};
  con.Query("SET memory_limit = '32MB'");
  // About 100 MB of strings.
  EXPECT_EQ(QueryText(con, "CREATE TABLE wide AS SELECT i, repeat('x', 100) || i AS s FROM generate_series(1, 1000000) AS g(i)"),
            "");
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(length(s)), min(s), max(i) FROM wide"),
            "1000000|105888896|" + std::string(100, 'x') + "1|1000000");
  // The same rows as a result set are what memory_limit refuses.
  EXPECT_EQ(ErrorState(con, "SELECT * FROM wide").substr(0, 5), "53200");
}

TEST(CreateTableAsMemoryTest, AFailingQueryCreatesNothing) {
  Database db{DatabaseConfig{}};
  Connection con{db};
  EXPECT_EQ(ErrorState(con, "CREATE TABLE t AS SELECT 1 / (3 - i) AS x FROM generate_series(1, 5) AS g(i)").substr(0, 5),
            "22012");
  EXPECT_EQ(ErrorState(con, "SELECT * FROM t").substr(0, 5), "42P01");
  EXPECT_EQ(QueryText(con, "CREATE TABLE t AS SELECT i FROM generate_series(1, 3) AS g(i) WITH NO DATA"), "");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM t"), "0");
}

}  // namespace
}  // namespace stockroom
