// Tables larger than the memory budget: row groups written to segment files give their
// columns' memory to the buffer pool, which evicts what scans do not hold and reads it
// back from the files when a scan needs it again.
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/catalog_entry.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "storage/buffer_pool.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

constexpr uint64_t kBudget = 8ull << 20;

// A durable database in `temp` with memory_limit kBudget.
DatabaseConfig BudgetConfig(const TempDirectory& temp) {
  DatabaseConfig config{temp / "db"};
  config.memory_limit = kBudget;
  return config;
}

// 1,228,800 rows (10 row groups): about 40 MB in memory, five times the budget.
void CreateOrders(Connection& con) {
  con.Query("CREATE TABLE orders (id bigint, customer int, status text, amount numeric(12,2)) SORTKEY (id)");
  con.Query(
      "INSERT INTO orders SELECT i, i % 5000, CASE WHEN i % 10 = 0 THEN 'returned' ELSE 'shipped-' || (i % 7) END, "
      "(i % 1000) / 10.0 FROM generate_series(1, 1228800) i");
}

// The answers, from the generating formulas: ids 1..n sum to n(n+1)/2 = 754975334400; one
// row in ten is returned; amounts (i % 1000) / 10 sum to 49950 per 1000 rows: 1228 cycles
// plus (1 + ... + 800) / 10 = 32040 gives 61370640.
constexpr const char* kAggregates = "SELECT count(*), sum(id), count(*) FILTER (WHERE status = 'returned'), sum(amount) FROM orders";
constexpr const char* kExpected = "1228800|754975334400|122880|61370640.00";

TEST(PagingTest, TableLargerThanTheBudgetIsScannedThroughThePool) {
  TempDirectory temp;
  Database db(BudgetConfig(temp));
  Connection con(db);
  CreateOrders(con);
  con.Query("CHECKPOINT");  // the row groups are now in segment files: pageable
  BufferPool& pool = *db.buffer_pool();
  EXPECT_LE(pool.resident_bytes(), kBudget);
  uint64_t reads_before = pool.reads();
  EXPECT_EQ(QueryText(con, kAggregates), kExpected);
  EXPECT_GT(pool.reads(), reads_before) << "evicted columns are read back from the files";
  EXPECT_LE(pool.resident_bytes(), kBudget);
  // Twice more, the same answers: nothing is lost by evicting.
  EXPECT_EQ(QueryText(con, kAggregates), kExpected);
  EXPECT_EQ(QueryText(con, "SELECT status, count(*) FROM orders WHERE id BETWEEN 500000 AND 500100 GROUP BY 1 ORDER BY 1"),
            "returned|11\nshipped-0|12\nshipped-1|13\nshipped-2|13\nshipped-3|12\nshipped-4|13\nshipped-5|14\n"
            "shipped-6|13");
}

TEST(PagingTest, ALoadLargerThanAShareOfTheBudgetIsCheckpointedAtCommit) {
  TempDirectory temp;
  Database db(BudgetConfig(temp));
  Connection con(db);
  // 40 MB of rows in one commit, far from the log's checkpoint size but five times the
  // budget: the commit checkpoints, so the pool holds them within the budget.
  CreateOrders(con);
  auto orders = db.catalog().GetEntry("public", "orders");
  ASSERT_TRUE(orders);
  EXPECT_EQ(static_cast<const TableEntry&>(*orders).storage->UnpagedFullGroupBytes(), 0u);
  EXPECT_LE(db.buffer_pool()->resident_bytes(), kBudget);
  EXPECT_EQ(QueryText(con, kAggregates), kExpected);
}

TEST(PagingTest, ConcurrentScansAndWritesOnPagedGroups) {
  TempDirectory temp;
  Database db(BudgetConfig(temp));
  {
    Connection con(db);
    CreateOrders(con);
    con.Query("CHECKPOINT");
  }
  // Four readers evict each other's columns while a writer deletes from paged groups.
  std::vector<std::vector<std::string>> answers(4);
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; r++) {
    readers.emplace_back([&, r] {
      Connection con(db);
      for (int i = 0; i < 3; i++) answers[r].push_back(QueryText(con, "SELECT count(*), sum(customer) FROM orders"));
    });
  }
  {
    Connection con(db);
    con.Query("BEGIN");
    con.Query("DELETE FROM orders WHERE id % 1000 = 0");
    con.Query("SELECT count(*) FROM orders");  // the deleting transaction reads paged groups too
    con.Query("COMMIT");
  }
  for (auto& t : readers) t.join();
  // Each reader saw the table before or after the delete, never something in between.
  for (auto& reader : answers) {
    for (auto& one : reader) EXPECT_TRUE(one == "1228800|3069109400" || one == "1227572|3066653400") << one;
  }
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(customer) FROM orders"), "1227572|3066653400");
}

TEST(PagingTest, ReopenedDatabaseLoadsWithinTheBudget) {
  TempDirectory temp;
  DatabaseConfig config = BudgetConfig(temp);
  {
    Database db(config);
    Connection con(db);
    CreateOrders(con);
    con.Query("UPDATE orders SET amount = 0 WHERE id = 7");
  }
  Database db(config);  // replays the log, compacts, checkpoints: everything ends up paged
  EXPECT_LE(db.buffer_pool()->resident_bytes(), kBudget);
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(id), sum(amount) FROM orders"), "1228800|754975334400|61370639.30");
  EXPECT_EQ(QueryText(con, "SELECT amount FROM orders WHERE id IN (7, 8) ORDER BY id"), "0.00\n0.80");
  // The size views read paged groups too.
  EXPECT_EQ(QueryText(con, "SELECT tbl_rows FROM svv_table_info WHERE \"table\" = 'orders'"), "1228800");
}

}  // namespace
}  // namespace stockroom
