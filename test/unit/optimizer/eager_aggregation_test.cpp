// An aggregate over a join of a large table with a small one aggregates the large side by
// its join keys first (optimizer/eager_aggregation.cpp), where that removes most of its
// rows, and only then joins and combines the partial results. Results are checked against
// PostgreSQL in test/sql/select/eager_aggregation.test.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class EagerAggregationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // 200 K sales over 100 days (2000 a day), each of an amount equal to its day; the day
    // dimension has one row per day, and day 5 twice.
    con_.Query(
        "CREATE TABLE sales AS SELECT i AS id, i % 100 AS day_key, i % 30 AS product_key, "
        "CAST(i % 100 AS numeric(12,2)) AS amount FROM generate_series(1, 200000) i");
    con_.Query(
        "CREATE TABLE days AS SELECT d AS day_key, d / 7 AS week, d < 10 AS early FROM generate_series(0, 99) d "
        "UNION ALL SELECT 5, 0, true");
  }
  std::string Plan(const std::string& sql) { return QueryText(con_, "EXPLAIN " + sql); }
  // The plan's operator names from the top, one per line.
  static bool AggregatesBelowJoin(const std::string& plan) {
    size_t join = plan.find("HASH_JOIN");
    return join != std::string::npos && plan.find("HASH_GROUP_BY", join) != std::string::npos;
  }

  Database db_;
  Connection con_{db_};
};

TEST_F(EagerAggregationTest, SumByADimensionAttributeAggregatesTheFactsByTheirKeyFirst) {
  std::string sql =
      "SELECT d.week, sum(s.amount), min(s.amount), max(s.id) FROM sales s JOIN days d ON d.day_key = s.day_key "
      "GROUP BY d.week ORDER BY d.week LIMIT 2";
  EXPECT_TRUE(AggregatesBelowJoin(Plan(sql))) << Plan(sql);
  // Week 0 is days 0-6: 2000 x (0 + 1 + ... + 6) = 42000, and day 5's sales count twice
  // (two day rows): + 2000 x 5 = 52000. Week 1, days 7-13: 2000 x 70 = 140000. The last sale
  // of week 0 is 200000 (day 0), of week 1 199913 (day 13).
  EXPECT_EQ(QueryText(con_, sql), "0|52000.00|0.00|200000\n1|140000.00|7.00|199913");
}

TEST_F(EagerAggregationTest, NoRewriteWhereItWouldNotPayOrCannotCombine) {
  for (const char* sql : {
           // The join keeps one week of sales: joining first removes more.
           "SELECT d.week, sum(s.amount) FROM sales s JOIN days d ON d.day_key = s.day_key WHERE d.week = 3 GROUP BY d.week",
           // Nearly one group per sale.
           "SELECT d.week, sum(s.amount) FROM sales s JOIN days d ON d.day_key = s.day_key GROUP BY d.week, s.id",
           // count(*) and sum(integer) are not their own combining function.
           "SELECT d.week, count(*) FROM sales s JOIN days d ON d.day_key = s.day_key GROUP BY d.week",
           "SELECT d.week, sum(s.product_key) FROM sales s JOIN days d ON d.day_key = s.day_key GROUP BY d.week",
           // An aggregate over both sides.
           "SELECT d.week, sum(s.amount * d.week) FROM sales s JOIN days d ON d.day_key = s.day_key GROUP BY d.week",
       }) {
    EXPECT_FALSE(AggregatesBelowJoin(Plan(sql))) << sql << "\n" << Plan(sql);
  }
}

TEST_F(EagerAggregationTest, AStarJoinAggregatesBelowEachJoinInTurn) {
  con_.Query("CREATE TABLE products AS SELECT p AS product_key, p % 10 AS category FROM generate_series(0, 29) p");
  std::string sql =
      "SELECT p.category, d.week, sum(s.amount) FROM sales s JOIN days d ON d.day_key = s.day_key "
      "JOIN products p ON p.product_key = s.product_key GROUP BY p.category, d.week";
  std::string plan = Plan(sql);
  size_t first = plan.find("HASH_GROUP_BY");
  size_t second = plan.find("HASH_GROUP_BY", first + 1);
  size_t third = plan.find("HASH_GROUP_BY", second + 1);
  EXPECT_NE(third, std::string::npos) << plan;
  // A sale's category is its product mod 10, and so its day mod 10: 14 full weeks of 7 days and 2 days of week 14 make
  // 100 groups. All amounts: 2000 x (0 + ... + 99) = 9900000, and day 5 again: + 10000.
  EXPECT_EQ(QueryText(con_, "SELECT count(*), sum(t) FROM (" + sql + ") x (c, w, t)"), "100|9910000.00");
}

}  // namespace
}  // namespace stockroom
