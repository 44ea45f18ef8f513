// A filter on max(x) OVER (PARTITION BY k) or on max(x) GROUP BY k semi-joins the input
// with the keys of its rows where x passes, and those come from the row groups zone maps
// keep (optimizer/changed_partitions.cpp). Where removing rows would change another window
// function's result, the plan keeps the whole input. Results are checked against PostgreSQL
// in test/sql/window/changed_partitions.test.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class ChangedPartitionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Ten loads of 100 K rows in load order (so each load's rows fill their own row
    // groups): new keys, except that the last load sends 1000 old keys again.
    con_.Query(
        "CREATE TABLE loads AS SELECT CASE WHEN i BETWEEN 900000 AND 900999 THEN (i - 900000) * 7 ELSE i END AS k, "
        "i % 7 AS g, i AS id, TIMESTAMP '2024-03-01' + (i / 100000) * INTERVAL '1 day' AS loaded_at "
        "FROM generate_series(0, 999999) i ORDER BY i");
  }
  std::string Plan(const std::string& sql) { return QueryText(con_, "EXPLAIN ANALYZE " + sql); }

  Database db_;
  Connection con_{db_};
};

TEST_F(ChangedPartitionsTest, TheLatestRowOfRecentlyLoadedKeysReadsTheirKeysFromTheLastLoads) {
  std::string sql =
      "SELECT count(*), min(k), max(k) FROM (SELECT k, max_loaded_at FROM ("
      "  SELECT l.*, row_number() OVER (PARTITION BY k ORDER BY loaded_at DESC, id DESC) AS rn,"
      "         max(loaded_at) OVER (PARTITION BY k) AS max_loaded_at FROM loads l) ranked WHERE rn = 1) m "
      "WHERE m.max_loaded_at > TIMESTAMP '2024-03-09'";
  std::string plan = Plan(sql);
  EXPECT_NE(plan.find("HASH_JOIN (SEMI"), std::string::npos) << plan;
  // The key side reads the last load (1 day of 10) and skips the row groups before it.
  size_t key_side = plan.find("SEQ_SCAN (public.loads, loaded_at > '2024-03-09 00:00:00'");
  ASSERT_NE(key_side, std::string::npos) << plan;
  std::string key_scan = plan.substr(key_side, plan.find('\n', key_side) - key_side);
  EXPECT_NE(key_scan.find("7 skipped by zone maps"), std::string::npos) << key_scan;
  // 99000 new keys and the 1000 sent again (0, 7, ..., 6993).
  EXPECT_EQ(QueryText(con_, sql), "100000|0|999999");
}

TEST_F(ChangedPartitionsTest, GroupsWithARecentRowAreTheOnlyOnesAggregated) {
  std::string sql =
      "SELECT count(*), sum(n) FROM (SELECT k, count(*) AS n FROM loads WHERE k < 100 GROUP BY k "
      "HAVING max(loaded_at) >= TIMESTAMP '2024-03-10') s";
  EXPECT_NE(Plan(sql).find("HASH_JOIN (SEMI"), std::string::npos) << Plan(sql);
  EXPECT_EQ(QueryText(con_, sql), "15|30");  // 0, 7, ..., 98 sent again: 2 rows each
}

TEST_F(ChangedPartitionsTest, NoRewriteWhereAnotherWindowPartitionsByOtherColumnsOrTheMaxIsRunning) {
  for (const char* sql : {
           "SELECT count(*) FROM (SELECT count(*) OVER (PARTITION BY g) AS n, "
           "max(loaded_at) OVER (PARTITION BY k) AS m FROM loads) x WHERE m > TIMESTAMP '2024-03-09'",
           "SELECT count(*) FROM (SELECT max(loaded_at) OVER (PARTITION BY k ORDER BY id) AS m FROM loads) x "
           "WHERE m > TIMESTAMP '2024-03-09'",
           "SELECT count(*) FROM (SELECT max(loaded_at) OVER (PARTITION BY k ROWS BETWEEN UNBOUNDED PRECEDING AND "
           "CURRENT ROW) AS m FROM loads) x WHERE m > TIMESTAMP '2024-03-09'",
       }) {
    EXPECT_EQ(Plan(sql).find("SEMI"), std::string::npos) << sql << "\n" << Plan(sql);
  }
}

TEST_F(ChangedPartitionsTest, APredicateOnThePartitionKeyFiltersTheScanBelowTheWindow) {
  std::string sql =
      "SELECT count(*), max(rn) FROM (SELECT k, row_number() OVER (PARTITION BY k ORDER BY id) AS rn FROM loads) x "
      "WHERE k = 7";
  std::string plan = Plan(sql);
  EXPECT_NE(plan.find("SEQ_SCAN (public.loads, k = 7)"), std::string::npos) << plan;
  EXPECT_EQ(QueryText(con_, sql), "2|2");  // i = 7 and its copy in the last load
}

}  // namespace
}  // namespace stockroom
