// INSERT ... ON CONFLICT and MERGE beyond what the SQL logic tests can show: concurrent
// upserts of one key (first committer wins, the other gets 40001), durability across
// restarts, and a bulk upsert into a large table.
#include <gtest/gtest.h>

#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

// Runs `first` in `a` and `second` in `b`, both inside transactions begun before either
// statement, commits `a` and then `b`; returns whether `b`'s COMMIT failed with 40001.
bool SecondCommitFails(Connection& a, Connection& b, const std::string& first, const std::string& second) {
  a.Query("BEGIN");
  b.Query("BEGIN");
  a.Query(first);
  b.Query(second);
  a.Query("COMMIT");
  try {
    b.Query("COMMIT");
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kSerializationFailure) << e.what();
    EXPECT_EQ(b.TransactionStatus(), 'I');
    return true;
  }
  return false;
}

TEST(UpsertTest, ConcurrentUpsertsOfAnExistingKeyGiveOne40001) {
  Database db;
  Connection a(db), b(db);
  a.Query("CREATE TABLE stock (sku int PRIMARY KEY, qty int)");
  a.Query("INSERT INTO stock VALUES (1, 10), (2, 20)");
  const std::string add =
      "INSERT INTO stock VALUES (1, 5) ON CONFLICT (sku) DO UPDATE SET qty = stock.qty + EXCLUDED.qty";
  EXPECT_TRUE(SecondCommitFails(a, b, add, add));
  EXPECT_EQ(QueryText(a, "SELECT * FROM stock ORDER BY sku"), "1|15\n2|20");
  // MERGE updating the same row conflicts with the upsert too.
  EXPECT_TRUE(SecondCommitFails(
      a, b, add, "MERGE INTO stock USING (VALUES (1)) s(k) ON sku = k WHEN MATCHED THEN UPDATE SET qty = 0"));
  EXPECT_EQ(QueryText(a, "SELECT * FROM stock ORDER BY sku"), "1|20\n2|20");
  // Upserts of different keys do not conflict.
  EXPECT_FALSE(SecondCommitFails(a, b, add, "INSERT INTO stock VALUES (2, 1) ON CONFLICT (sku) DO UPDATE SET qty = 0"));
  EXPECT_EQ(QueryText(a, "SELECT * FROM stock ORDER BY sku"), "1|25\n2|0");
}

TEST(UpsertTest, ConcurrentInsertsOfANewKeyGiveOne40001) {
  Database db;
  Connection a(db), b(db);
  a.Query("CREATE TABLE stock (sku int PRIMARY KEY, qty int)");
  // Neither sees the other's row: without the check at COMMIT both would insert key 7.
  EXPECT_TRUE(SecondCommitFails(a, b, "INSERT INTO stock VALUES (7, 1) ON CONFLICT (sku) DO UPDATE SET qty = 0",
                                "INSERT INTO stock VALUES (7, 2) ON CONFLICT (sku) DO UPDATE SET qty = 0"));
  EXPECT_TRUE(SecondCommitFails(a, b, "INSERT INTO stock VALUES (8, 1) ON CONFLICT DO NOTHING",
                                "INSERT INTO stock VALUES (8, 2), (9, 2) ON CONFLICT DO NOTHING"));
  // A plain INSERT committed first counts as well (the upsert would have met its row).
  EXPECT_TRUE(SecondCommitFails(a, b, "INSERT INTO stock VALUES (10, 1)",
                                "INSERT INTO stock VALUES (10, 2) ON CONFLICT DO NOTHING"));
  EXPECT_EQ(QueryText(a, "SELECT * FROM stock ORDER BY sku"), "7|1\n8|1\n10|1");
  // NULL keys never conflict, and neither do different keys.
  a.Query("CREATE TABLE pair (a int, b int, UNIQUE (a, b))");
  EXPECT_FALSE(SecondCommitFails(a, b, "INSERT INTO pair VALUES (1, NULL) ON CONFLICT DO NOTHING",
                                 "INSERT INTO pair VALUES (1, NULL), (1, 2) ON CONFLICT DO NOTHING"));
  EXPECT_EQ(QueryText(a, "SELECT count(*) FROM pair"), "3");
}

TEST(UpsertTest, UpsertsAndMergesSurviveRestarts) {
  TempDirectory temp;
  std::string dir = temp / "db";
  const std::string rows = "SELECT * FROM stock ORDER BY sku";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE stock (sku int, qty int, CONSTRAINT stock_key PRIMARY KEY (sku), UNIQUE (qty))");
    con.Query("INSERT INTO stock VALUES (1, 10), (2, 20), (3, 30)");
    con.Query("INSERT INTO stock VALUES (1, 11), (4, 40) ON CONFLICT (sku) DO UPDATE SET qty = EXCLUDED.qty");
    con.Query("MERGE INTO stock USING (VALUES (2), (5)) v(k) ON sku = k WHEN MATCHED THEN DELETE "
              "WHEN NOT MATCHED THEN INSERT VALUES (k, k * 10)");
  }
  for (int open = 0; open < 2; open++) {  // replayed from the log, then from segment files
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, rows), "1|11\n3|30\n4|40\n5|50") << open;
  }
  {
    // The constraints keep their names: ON CONSTRAINT works after a restart.
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("INSERT INTO stock VALUES (3, 31) ON CONFLICT ON CONSTRAINT stock_key DO UPDATE SET qty = EXCLUDED.qty");
    con.Query("INSERT INTO stock VALUES (6, 11) ON CONFLICT ON CONSTRAINT stock_qty_key DO NOTHING");
  }
  Database db(DatabaseConfig{dir});
  Connection con(db);
  EXPECT_EQ(QueryText(con, rows), "1|11\n3|31\n4|40\n5|50");
}

TEST(UpsertTest, BulkUpsertIntoALargeTable) {
  Database db;
  Connection con(db);
  con.Query("CREATE TABLE orders (id bigint PRIMARY KEY, day int, amount numeric(12,2))");
  con.Query("INSERT INTO orders SELECT i, i % 30, i * 0.01 FROM generate_series(1, 1000000) i");
  // A daily increment: 100,000 rows, half of them new, updating amounts of the others.
  con.Query("CREATE TABLE increment AS SELECT i * 20 AS id, 99 AS day, 1.00 AS amount "
            "FROM generate_series(1, 100000) i");
  auto result = con.Query("INSERT INTO orders SELECT * FROM increment ON CONFLICT (id) DO UPDATE "
                          "SET amount = orders.amount + EXCLUDED.amount, day = EXCLUDED.day");
  EXPECT_EQ(result->command_tag, "INSERT 0 100000");
  EXPECT_EQ(QueryText(con, "SELECT count(*), count(DISTINCT id) FROM orders"), "1050000|1050000");
  EXPECT_EQ(QueryText(con, "SELECT count(*), sum(amount) FROM orders WHERE day = 99"), "100000|250105000.00");
  // The same increment again with DO NOTHING changes nothing; MERGE deletes what it matches.
  EXPECT_EQ(con.Query("INSERT INTO orders SELECT * FROM increment ON CONFLICT DO NOTHING")->command_tag, "INSERT 0 0");
  EXPECT_EQ(con.Query("MERGE INTO orders o USING increment i ON o.id = i.id WHEN MATCHED THEN DELETE")->command_tag,
            "MERGE 100000");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM orders"), "950000");
}

}  // namespace
}  // namespace stockroom
