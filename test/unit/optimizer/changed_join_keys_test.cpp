// An incremental model's `greatest(o.loaded_at, l.loaded_at) > watermark` over
// `orders o LEFT JOIN (lines grouped by order) l` semi-joins both sides with the keys that
// can pass: orders loaded since, and orders with a line loaded since
// (optimizer/changed_join_keys.cpp). Both key lists come from scans that zone maps prune, and
// only the changed orders' lines are grouped. Results are checked against PostgreSQL in
// test/sql/select/changed_join_keys.test.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class ChangedJoinKeysTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 200 K orders loaded on day 1 (by id, so in row groups of their own), then 100 new
    // orders on day 2. 800 K lines (4 per order) on day 1; on day 2 one line each for the
    // 100 new orders and a late line for 50 old orders (ids 0, 1000, ..., 49000).
    con_.Query(
        "CREATE TABLE orders AS SELECT i AS id, i % 10 AS region, TIMESTAMP '2024-03-01' AS loaded_at "
        "FROM generate_series(0, 199999) i UNION ALL "
        "SELECT 200000 + i, i % 10, TIMESTAMP '2024-03-02' FROM generate_series(0, 99) i");
    con_.Query(
        "CREATE TABLE lines AS SELECT i / 4 AS order_id, 2 AS amount, TIMESTAMP '2024-03-01' AS loaded_at "
        "FROM generate_series(0, 799999) i UNION ALL "
        "SELECT 200000 + i, 5, TIMESTAMP '2024-03-02' FROM generate_series(0, 99) i UNION ALL "
        "SELECT i * 1000, 7, TIMESTAMP '2024-03-02' FROM generate_series(0, 49) i");
  }
  std::string Plan(const std::string& sql) { return QueryText(con_, "EXPLAIN ANALYZE " + sql); }

  Database db_;
  Connection con_{db_};
};

constexpr const char* kChangedOrders =
    "SELECT count(*), sum(l.amount), sum(l.n) FROM orders o "
    "LEFT JOIN (SELECT order_id, sum(amount) AS amount, count(*) AS n, max(loaded_at) AS loaded_at "
    "           FROM lines GROUP BY order_id) l ON l.order_id = o.id "
    "WHERE greatest(o.loaded_at, l.loaded_at) > TIMESTAMP '2024-03-01 12:00'";

TEST_F(ChangedJoinKeysTest, OnlyTheChangedOrdersLinesAreGrouped) {
  std::string plan = Plan(kChangedOrders);
  // The orders scan and the lines under the GROUP BY are both semi-joined with the keys.
  size_t first = plan.find("HASH_JOIN (SEMI");
  ASSERT_NE(first, std::string::npos) << plan;
  EXPECT_NE(plan.find("HASH_JOIN (SEMI", first + 1), std::string::npos) << plan;
  size_t group_by = plan.find("HASH_GROUP_BY");
  ASSERT_NE(group_by, std::string::npos) << plan;
  EXPECT_NE(plan.find("HASH_JOIN (SEMI lines.order_id", group_by), std::string::npos) << plan;
  // The key lists read the day-2 rows: zone maps skip the row groups of day 1.
  EXPECT_NE(plan.find("SEQ_SCAN (public.lines, loaded_at > '2024-03-01 12:00:00'::timestamp without time zone)"), std::string::npos) << plan;
  EXPECT_NE(plan.find("skipped by zone maps"), std::string::npos) << plan;
  // 100 new orders (one line of 5 each) and 50 old ones with a late line (4 x 2 + 7 = 15,
  // 5 lines each): 150 orders, 100 x 5 + 50 x 15 = 1250, 100 + 250 = 350 lines.
  EXPECT_EQ(QueryText(con_, kChangedOrders), "150|1250|350");
}

TEST_F(ChangedJoinKeysTest, NoRewriteForOrdinaryPredicatesOrAnInnerSideOfOtherShape) {
  for (const char* sql : {
           // Not a "changed since" lower bound on the right side.
           "SELECT count(*) FROM orders o LEFT JOIN lines l ON l.order_id = o.id "
           "WHERE o.region = 3 OR l.amount = 7",
           // The right side's max is over a window partitioned by another column.
           "SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, max(loaded_at) OVER (PARTITION BY amount) AS m "
           "FROM lines) l ON l.order_id = o.id WHERE o.loaded_at > TIMESTAMP '2024-03-01 12:00' OR "
           "l.m > TIMESTAMP '2024-03-01 12:00'",
           // min() is not "some row passes".
           "SELECT count(*) FROM orders o LEFT JOIN (SELECT order_id, min(loaded_at) AS m FROM lines GROUP BY order_id) l "
           "ON l.order_id = o.id WHERE greatest(o.loaded_at, l.m) > TIMESTAMP '2024-03-01 12:00'",
       }) {
    EXPECT_EQ(Plan(sql).find("SEMI"), std::string::npos) << sql << "\n" << Plan(sql);
  }
}

}  // namespace
}  // namespace stockroom
