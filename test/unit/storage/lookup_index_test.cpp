// Equality lookups on paged columns: after kLookupsBeforeIndex lookups a column gets a
// lookup index, the scan reads only the vectors holding the value, and every answer stays
// what a full scan gives (deleted rows, NULLs, absent values, dates), also after the pool
// evicted the index.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/buffer_pool.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

// 368,640 rows (3 full row groups) in id order; customers scattered over all groups, one
// row in 97 without a customer; a third of the rows deleted after the checkpoint.
void CreateOrders(Connection& con) {
  con.Query(
      "CREATE TABLE orders AS SELECT i::bigint AS id, CASE WHEN i % 97 = 0 THEN NULL ELSE ((i::bigint * 7919) % 50000)::int END AS "
      "customer, date '2020-01-01' + (i * 31) % 1000 AS day FROM generate_series(1, 368640) i");
  con.Query("CHECKPOINT");  // full row groups in segment files: paged
  con.Query("DELETE FROM orders WHERE id % 3 = 0");
}

// The same question through the index (a pushed-down equality) and without (an
// expression the scan cannot push down).
std::string ByIndex(Connection& con, int customer) {
  return QueryText(con, "SELECT count(*), sum(id), min(day) FROM orders WHERE customer = " + std::to_string(customer));
}
std::string ByScan(Connection& con, int customer) {
  return QueryText(con,
                   "SELECT count(*), sum(id), min(day) FROM orders WHERE customer + 0 = " + std::to_string(customer));
}

// Distinct values each time: the result cache answers a repeated query without a scan.
void LookUpUntilIndexed(Connection& con, int first_value = 0) {
  for (uint32_t i = 0; i < PagedColumns::kLookupsBeforeIndex; i++) ByIndex(con, first_value + static_cast<int>(i));
}

TEST(LookupIndexTest, LookupsAfterTheIndexIsBuiltAnswerAsAFullScan) {
  TempDirectory temp;
  Database db(DatabaseConfig{temp / "db"});
  Connection con(db);
  CreateOrders(con);
  std::string plan = QueryText(con, "EXPLAIN ANALYZE SELECT count(*) FROM orders WHERE customer = 17");
  EXPECT_EQ(plan.find("lookup index"), std::string::npos) << "one lookup builds nothing: " << plan;
  uint64_t before = db.buffer_pool()->resident_bytes();
  LookUpUntilIndexed(con);
  EXPECT_GT(db.buffer_pool()->resident_bytes(), before) << "the pool counts the indexes";
  plan = QueryText(con, "EXPLAIN ANALYZE SELECT count(*) FROM orders WHERE customer = 17");
  EXPECT_NE(plan.find("3 searched and 0 skipped by lookup index"), std::string::npos) << plan;
  for (int customer : {0, 1, 17, 7919, 49999, 31337}) EXPECT_EQ(ByIndex(con, customer), ByScan(con, customer));
  EXPECT_EQ(ByIndex(con, 50000), "0|NULL|NULL") << "a value no row has";
}

TEST(LookupIndexTest, DateLookupsAgreeWithAFullScan) {
  TempDirectory temp;
  Database db(DatabaseConfig{temp / "db"});
  Connection con(db);
  CreateOrders(con);
  auto by_day = [&](const std::string& where) {
    return QueryText(con, "SELECT count(*), sum(id) FROM orders WHERE " + where);
  };
  for (uint32_t i = 0; i < PagedColumns::kLookupsBeforeIndex; i++) {
    by_day("day = date '2020-01-01' + " + std::to_string(i));
  }
  for (int d : {0, 5, 999, 1000}) {
    std::string day = "date '2020-01-01' + " + std::to_string(d);
    EXPECT_EQ(by_day("day = " + day), by_day("day + 0 = " + day)) << d;
  }
  EXPECT_NE(QueryText(con, "EXPLAIN ANALYZE SELECT count(*) FROM orders WHERE day = date '2020-03-01'")
                .find("by lookup index"),
            std::string::npos);
}

TEST(LookupIndexTest, AnEvictedIndexIsRebuiltAndAnswersStayTheSame) {
  TempDirectory temp;
  Database db(DatabaseConfig{temp / "db"});
  Connection con(db);
  CreateOrders(con);
  LookUpUntilIndexed(con);
  std::string expected = ByScan(con, 31337);
  EXPECT_EQ(ByIndex(con, 31337), expected);
  db.buffer_pool()->set_limit(1);  // evicts every column and index no scan holds
  std::string plan = QueryText(con, "EXPLAIN ANALYZE SELECT count(*) FROM orders WHERE customer = 31337");
  EXPECT_EQ(plan.find("lookup index"), std::string::npos) << "evicted: " << plan;
  EXPECT_EQ(ByIndex(con, 31337), expected);
  db.buffer_pool()->set_limit(1ull << 40);
  LookUpUntilIndexed(con, 1000);
  plan = QueryText(con, "EXPLAIN ANALYZE SELECT count(*) FROM orders WHERE customer = 31337");
  EXPECT_NE(plan.find("lookup index"), std::string::npos) << "earned again: " << plan;
  EXPECT_EQ(ByIndex(con, 31337), expected);
}

}  // namespace
}  // namespace stockroom
