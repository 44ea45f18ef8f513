// COMMENT ON: comments survive restarts (from the log, then from a checkpoint's manifest),
// go with the object they describe, and only the owner may set them.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

const char* kComments =
    "SELECT coalesce(obj_description('sales.orders'::regclass, 'pg_class'), '-') || '|' || "
    "coalesce(col_description('sales.orders'::regclass, 2), '-') || '|' || "
    "coalesce(obj_description('sales.big'::regclass), '-') || '|' || "
    "coalesce(obj_description((SELECT oid FROM pg_namespace WHERE nspname = 'sales'), 'pg_namespace'), '-')";

TEST(CommentTest, CommentsSurviveRestartsAndCheckpoints) {
  TempDirectory temp;
  std::string dir = temp / "db";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE SCHEMA sales");
    con.Query("CREATE TABLE sales.orders (id int PRIMARY KEY, \"Note\" text)");
    con.Query("CREATE MATERIALIZED VIEW sales.big AS SELECT * FROM sales.orders");
    con.Query("COMMENT ON TABLE sales.orders IS 'one row per order'");
    con.Query("COMMENT ON COLUMN sales.orders.\"Note\" IS 'it''s free text'");
    con.Query("COMMENT ON MATERIALIZED VIEW sales.big IS 'big ones'");
    con.Query("COMMENT ON SCHEMA sales IS 'sales'");
    EXPECT_EQ(QueryText(con, kComments), "one row per order|it's free text|big ones|sales");
  }
  for (int open = 0; open < 2; open++) {  // from the log, then from the manifest
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, kComments), "one row per order|it's free text|big ones|sales") << open;
  }
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("COMMENT ON TABLE sales.orders IS NULL");
    con.Query("DROP MATERIALIZED VIEW sales.big");
    con.Query("CREATE MATERIALIZED VIEW sales.big AS SELECT * FROM sales.orders");
    EXPECT_EQ(QueryText(con, kComments), "-|it's free text|-|sales");
  }
  Database db(DatabaseConfig{dir});
  Connection con(db);
  EXPECT_EQ(QueryText(con, kComments), "-|it's free text|-|sales");
}

TEST(CommentTest, OnlyTheOwnerComments) {
  Database db(DatabaseConfig{});
  Connection con(db);
  con.Query("CREATE ROLE clerk");
  con.Query("CREATE TABLE orders (id int)");
  con.Query("GRANT SELECT ON orders TO clerk");
  con.Query("SET ROLE clerk");
  EXPECT_EQ(ErrorState(con, "COMMENT ON TABLE orders IS 'mine'"), "42501 must be owner of table orders");
  EXPECT_EQ(ErrorState(con, "COMMENT ON SCHEMA public IS 'mine'"), "42501 must be owner of schema public");
  con.Query("RESET ROLE");
  EXPECT_EQ(QueryText(con, "SELECT coalesce(obj_description('orders'::regclass), 'none')"), "none");
}

}  // namespace
}  // namespace stockroom
