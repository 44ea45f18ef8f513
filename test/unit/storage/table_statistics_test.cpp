// Table statistics for the optimizer: after a large load (or ANALYZE) distinct counts come
// from HyperLogLog sketches of every row group, within a few percent where a sample's
// estimate can be far off; row counts, NULL fractions and ranges are exact.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/table/data_table.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

TableStatistics StatisticsOf(Database& db, const std::string& table) {
  auto entry = std::static_pointer_cast<TableEntry>(db.catalog().GetEntry("public", table));
  return entry->storage->GetStatistics();
}

TEST(TableStatisticsTest, LargeLoadsGiveSketchedDistinctCounts) {
  Database db;
  Connection con(db);
  // 1M rows: `customer` has 150,000 values (50,000 of them twice as often as the rest),
  // `status` 3, `note` half NULL.
  con.Query(
      "CREATE TABLE orders AS SELECT i AS id, CASE WHEN i % 4 < 2 THEN i % 100000 ELSE 100000 + i % 200000 END AS "
      "customer, (ARRAY['open','paid','shipped'])[1 + i % 3] AS status, CASE WHEN i % 2 = 0 THEN 'n' || i END AS note "
      "FROM generate_series(1, 1000000) i");
  TableStatistics stats = StatisticsOf(db, "orders");
  EXPECT_EQ(stats.row_count, 1000000u);
  EXPECT_NEAR(stats.columns[0].distinct_count, 1000000, 50000);
  ASSERT_EQ(QueryText(con, "SELECT count(DISTINCT customer) FROM orders"), "150000");
  EXPECT_NEAR(stats.columns[1].distinct_count, 150000, 7500);
  EXPECT_NEAR(stats.columns[2].distinct_count, 3, 0.5);
  EXPECT_NEAR(stats.columns[3].distinct_count, 500000, 25000);
  EXPECT_DOUBLE_EQ(stats.columns[3].null_fraction, 0.5);
  EXPECT_EQ(stats.columns[0].min.ToString(), "1");
  EXPECT_EQ(stats.columns[0].max.ToString(), "1000000");

  // New rows count at once; ANALYZE sketches the row groups that filled up.
  con.Query("INSERT INTO orders SELECT i, 500000 + i, 'open', NULL FROM generate_series(1000001, 1200000) i");
  con.Query("ANALYZE orders");
  stats = StatisticsOf(db, "orders");
  EXPECT_EQ(stats.row_count, 1200000u);
  ASSERT_EQ(QueryText(con, "SELECT count(DISTINCT customer) FROM orders"), "350000");
  EXPECT_NEAR(stats.columns[1].distinct_count, 350000, 17500);
}

TEST(TableStatisticsTest, AnalyzeSketchesTablesBuiltBySmallInserts) {
  Database db;
  Connection con(db);
  con.Query("CREATE TABLE t (k int)");
  for (int batch = 0; batch < 20; batch++) {
    con.Query("INSERT INTO t SELECT (i::bigint * 7919) % 150000 FROM generate_series(" + std::to_string(batch * 15000) + ", " +
              std::to_string(batch * 15000 + 14999) + ") i");
  }
  con.Query("ANALYZE t");
  TableStatistics stats = StatisticsOf(db, "t");
  EXPECT_EQ(stats.row_count, 300000u);
  EXPECT_NEAR(stats.columns[0].distinct_count, 150000, 7500);
}

}  // namespace
}  // namespace stockroom
