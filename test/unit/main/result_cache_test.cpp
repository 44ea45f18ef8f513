// The result cache (main/result_cache.hpp): a repeated query is answered from it (its hit
// counter moves) with the same rows, and every change of what the query read makes the
// next run execute again and see the change, whichever connection made it.
#include "main/result_cache.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/types/value.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "main/prepared_statement.hpp"

namespace stockroom {
namespace {

class ResultCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    writer.Query("CREATE TABLE orders (id int, region text, amount int)");
    writer.Query("INSERT INTO orders VALUES (1, 'north', 10), (2, 'south', 20), (3, 'north', 5)");
  }
  std::string Scalar(Connection& con, const std::string& sql) {
    auto result = con.Query(sql);
    bool is_null = false;
    std::string text = result->GetText(0, 0, &is_null);
    return is_null ? "NULL" : text;
  }
  uint64_t Hits() { return db.result_cache().hits(); }

  Database db;
  Connection reader{db};
  Connection writer{db};
};

TEST_F(ResultCacheTest, RepeatedQueryIsServedFromTheCache) {
  const std::string sql = "SELECT sum(amount) FROM orders WHERE region = 'north'";
  EXPECT_EQ(Scalar(reader, sql), "15");
  uint64_t hits = Hits();
  EXPECT_EQ(Scalar(reader, sql), "15");
  EXPECT_EQ(Hits(), hits + 1);
  EXPECT_EQ(Scalar(writer, sql), "15");  // shared by the database's connections
  EXPECT_EQ(Hits(), hits + 2);
}

TEST_F(ResultCacheTest, EveryWriteToATableReadInvalidates) {
  const std::string sql = "SELECT count(*), coalesce(sum(amount), -1) FROM orders";
  auto run = [&] {
    auto r = reader.Query(sql);
    return r->GetText(0, 0) + "/" + r->GetText(1, 0);
  };
  EXPECT_EQ(run(), "3/35");
  EXPECT_EQ(run(), "3/35");
  writer.Query("INSERT INTO orders VALUES (4, 'east', 1)");
  EXPECT_EQ(run(), "4/36");
  writer.Query("UPDATE orders SET amount = 100 WHERE id = 4");
  EXPECT_EQ(run(), "4/135");
  writer.Query("DELETE FROM orders WHERE id = 4");
  EXPECT_EQ(run(), "3/35");
  writer.Query("BEGIN");
  writer.Query("INSERT INTO orders VALUES (5, 'west', 1000)");
  EXPECT_EQ(run(), "3/35");  // not committed yet
  writer.Query("COMMIT");
  EXPECT_EQ(run(), "4/1035");
  writer.Query("TRUNCATE orders");
  EXPECT_EQ(run(), "0/-1");
}

TEST_F(ResultCacheTest, AWriteToAnotherTableKeepsTheEntry) {
  writer.Query("CREATE TABLE other (x int)");
  const std::string sql = "SELECT max(amount) FROM orders";
  EXPECT_EQ(Scalar(reader, sql), "20");
  writer.Query("INSERT INTO other VALUES (1)");
  uint64_t hits = Hits();
  EXPECT_EQ(Scalar(reader, sql), "20");
  EXPECT_EQ(Hits(), hits + 1);
}

TEST_F(ResultCacheTest, DdlRetiresEntries) {
  writer.Query("CREATE VIEW north AS SELECT * FROM orders WHERE region = 'north'");
  EXPECT_EQ(Scalar(reader, "SELECT count(*) FROM north"), "2");
  writer.Query("CREATE OR REPLACE VIEW north AS SELECT * FROM orders WHERE region <> 'north'");
  EXPECT_EQ(Scalar(reader, "SELECT count(*) FROM north"), "1");
}

TEST_F(ResultCacheTest, ParametersAreKeys) {
  auto prepared = reader.Prepare("SELECT sum(amount) FROM orders WHERE region = $1");
  auto run = [&](const std::string& region) {
    auto r = reader.Execute(*prepared, {Value::Text(region)});
    return r->GetText(0, 0);
  };
  EXPECT_EQ(run("north"), "15");
  EXPECT_EQ(run("south"), "20");
  uint64_t hits = Hits();
  EXPECT_EQ(run("north"), "15");
  EXPECT_EQ(Hits(), hits + 1);
}

TEST_F(ResultCacheTest, StableAndVolatileFunctionsAndTransactionBlocksBypass) {
  uint64_t hits = Hits();
  for (int i = 0; i < 2; i++) {
    reader.Query("SELECT random() FROM orders");
    reader.Query("SELECT now(), count(*) FROM orders");
    reader.Query("SELECT current_user, count(*) FROM orders");
    reader.Query("SELECT count(*) FROM pg_catalog.pg_class");
    reader.Query("SELECT 'now'::timestamp, count(*) FROM orders");
    reader.Query("SELECT count(*) FROM orders WHERE 'today'::date > DATE '2000-01-01'");
  }
  reader.Query("BEGIN");
  reader.Query("SELECT count(*) FROM orders");
  reader.Query("SELECT count(*) FROM orders");
  reader.Query("COMMIT");
  EXPECT_EQ(Hits(), hits);
}

TEST_F(ResultCacheTest, DisabledBySize) {
  DatabaseConfig config;
  config.result_cache_bytes = 0;
  Database off(config);
  Connection con(off);
  con.Query("CREATE TABLE t (x int)");
  con.Query("SELECT count(*) FROM t");
  con.Query("SELECT count(*) FROM t");
  EXPECT_EQ(off.result_cache().hits(), 0u);
  EXPECT_EQ(off.result_cache().entries(), 0u);
}

}  // namespace
}  // namespace stockroom
