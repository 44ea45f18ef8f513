// Each segment file ends with its row group's summary (zone maps and sketches), so opening a
// database reads summaries instead of decoding every column, and the first query's
// statistics need no column either (storage/group_summary).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/buffer_pool.hpp"
#include "storage/group_summary.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

std::shared_ptr<TableEntry> Table(Database& db, const std::string& name) {
  return std::static_pointer_cast<TableEntry>(db.catalog().GetEntry("public", name));
}

// 3 full row groups and a partial one (400,000 rows): ids 1..400000, 1000 customers, two
// statuses, amounts 0.00..99.90, a timestamp per id, and a column that is always NULL.
void CreateOrders(Connection& con) {
  con.Query(
      "CREATE TABLE orders AS SELECT i AS id, i % 1000 AS customer, CASE WHEN i % 2 = 0 THEN 'paid' ELSE 'open' END "
      "AS status, ((i % 1000) / 10.0)::numeric(12,2) AS amount, TIMESTAMP '2024-01-01' + i * INTERVAL '1 second' AS "
      "placed_at, NULL::text AS note FROM generate_series(1, 400000) i");
}

TEST(GroupSummaryTest, AReopenedTableHasZoneMapsAndStatisticsWithoutReadingAColumn) {
  TempDirectory temp;
  {
    Database db(DatabaseConfig{temp / "db"});
    Connection con(db);
    CreateOrders(con);
    con.Query("CHECKPOINT");
  }
  Database db(DatabaseConfig{temp / "db"});
  BufferPool& pool = *db.buffer_pool();
  EXPECT_EQ(pool.reads(), 0u);
  EXPECT_EQ(pool.resident_bytes(), 0u) << "the full groups' columns stay in their files";
  TableStatistics stats = Table(db, "orders")->storage->GetStatistics();
  EXPECT_EQ(pool.reads(), 0u) << "the sketches came with the summaries";
  EXPECT_EQ(stats.row_count, 400000u);
  EXPECT_NEAR(stats.columns[0].distinct_count, 400000, 20000);
  EXPECT_NEAR(stats.columns[1].distinct_count, 1000, 50);
  EXPECT_NEAR(stats.columns[2].distinct_count, 2, 0.5);
  EXPECT_EQ(stats.columns[0].min.ToString(), "1");
  EXPECT_EQ(stats.columns[0].max.ToString(), "400000");
  EXPECT_EQ(stats.columns[3].max.ToString(), "99.90");
  EXPECT_EQ(stats.columns[4].min.ToString(), "2024-01-01 00:00:01");
  EXPECT_DOUBLE_EQ(stats.columns[5].null_fraction, 1.0);
  Connection con(db);
  // Zone maps from the summaries skip the first two groups (ids up to 245760).
  std::string plan = QueryText(con, "EXPLAIN ANALYZE SELECT count(*) FROM orders WHERE id > 300000");
  EXPECT_NE(plan.find("2 skipped by zone maps"), std::string::npos) << plan;
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), count(*) FILTER (WHERE status = 'paid'), sum(amount), "
                           "max(placed_at), count(note) FROM orders"),
            // sum(1..400000) = 80000200000; amounts: 400 cycles of 0.0 + ... + 99.9 = 49950
            "400000|80000200000|200000|19980000.00|2024-01-05 15:06:40|0");
  EXPECT_GT(pool.reads(), 0u);
}

TEST(GroupSummaryTest, PartialGroupsBeforeTheLastArePagedAndAFewDeletesStayMarked) {
  TempDirectory temp;
  {
    Database db(DatabaseConfig{temp / "db"});
    Connection con(db);
    // Three inserts of 100,000 rows: three partial groups (each is adopted as it is).
    con.Query("CREATE TABLE t (id bigint, note text)");
    for (int load = 0; load < 3; load++) {
      con.Query("INSERT INTO t SELECT i, 'load " + std::to_string(load) + "' FROM generate_series(" +
                std::to_string(load * 100000 + 1) + ", " + std::to_string(load * 100000 + 100000) + ") i");
    }
    con.Query("DELETE FROM t WHERE id % 10000 = 0");  // 30 rows: too few to compact
    con.Query("CHECKPOINT");
  }
  {
    Database db(DatabaseConfig{temp / "db"});
    Connection con(db);
    BufferPool& pool = *db.buffer_pool();
    EXPECT_EQ(pool.reads(), 0u);
    EXPECT_EQ(pool.resident_bytes(), 0u) << "the first two groups are paged, not decoded";
    // The last group takes new rows; the paged ones do not grow.
    con.Query("INSERT INTO t VALUES (300001, 'late')");
    EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), count(*) FILTER (WHERE note = 'load 1') FROM t"),
              // 1..300001 sum to 45000450001, minus the 30 multiples of 10000 (4650000)
              "299971|44995800001|99990");
    con.Query("CHECKPOINT");
  }
  Database db(DatabaseConfig{temp / "db"});
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), max(note) FROM t"), "299971|44995800001|load 2");
}

TEST(GroupSummaryTest, ATruncatedSummaryIsCorruption) {
  Database db;
  Connection con(db);
  CreateOrders(con);
  auto groups = Table(db, "orders")->storage->Groups();
  auto sketches = DataTable::SketchRows(groups[0], groups[0]->columns.size(), groups[0]->count);
  std::string block = EncodeGroupSummary(*groups[0], &sketches);
  RowGroup decoded;
  for (auto& column : groups[0]->columns) decoded.columns.push_back(ColumnSegment{column.type, 0, nullptr, nullptr, nullptr, {}});
  DecodeGroupSummary(block, decoded, "test");
  ASSERT_TRUE(decoded.sketches);
  EXPECT_EQ((*decoded.sketches)[1].Count(), sketches[1].Count());
  EXPECT_EQ(decoded.columns[0].zone.max.ToString(), groups[0]->columns[0].zone.max.ToString());
  try {
    DecodeGroupSummary(std::string_view(block).substr(0, block.size() / 2), decoded, "test");
    FAIL() << "a truncated summary decoded";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kDataCorrupted) << e.what();
  }
}

}  // namespace
}  // namespace stockroom
