// Columns a query never reads are not decoded: a count over `SELECT *` with a filter reads
// the filter's column only (optimizer/unused_columns.cpp). Results of the shapes that must
// keep every column (set operations, DISTINCT, CTEs) are checked against PostgreSQL in
// test/sql/select/unused_columns.test.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/buffer_pool.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

TEST(UnusedColumnsTest, ACountOverSelectStarReadsOnlyTheFilteredColumn) {
  TempDirectory temp;
  {
    Database db(DatabaseConfig{temp / "db"});
    Connection con(db);
    con.Query(
        "CREATE TABLE t AS SELECT i AS a, i % 7 AS b, 'name-' || i AS c, i * 0.5 AS d "
        "FROM generate_series(1, 400000) i");
    con.Query("CHECKPOINT");
  }
  // Reopened, no column is in memory: a query reading column a alone tells how many column
  // reads one column of the table takes.
  uint64_t one_column;
  {
    Database db(DatabaseConfig{temp / "db"});
    Connection con(db);
    EXPECT_EQ(QueryText(con, "SELECT count(a) FROM t WHERE a > 100"), "399900");
    one_column = db.buffer_pool()->reads();
    ASSERT_GT(one_column, 0u);
  }
  Database db(DatabaseConfig{temp / "db"});
  Connection con(db);
  BufferPool& pool = *db.buffer_pool();
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM (SELECT * FROM t WHERE a > 100) s"), "399900");
  EXPECT_EQ(pool.reads(), one_column) << "column a, not all four";
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(b) FROM (SELECT *, c || 'x' AS e FROM t) s WHERE a > 100"),
            "399900|1199706");
  EXPECT_EQ(pool.reads(), 2 * one_column) << "and column b";
}

}  // namespace
}  // namespace stockroom
