// Objects keep their oids across restarts: a client that cached an oid (psql's \d, pgjdbc's
// type cache, a BI tool's metadata) finds the same object after the server restarts, whether
// the database came back from the log or from a checkpoint's manifest.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

const char* kOids =
    "SELECT n.nspname || '.' || c.relname || '=' || c.oid FROM pg_class c JOIN pg_namespace n "
    "ON n.oid = c.relnamespace WHERE n.nspname IN ('public', 'sales') ORDER BY c.oid";

TEST(PgCatalogOidTest, OidsSurviveRestartsAndCheckpoints) {
  TempDirectory temp;
  std::string dir = temp / "db";
  std::string before, schemas;
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE dropped_first (a int)");
    con.Query("CREATE SCHEMA sales");
    con.Query("CREATE TABLE sales.orders (id int PRIMARY KEY, amount numeric(10,2))");
    con.Query("DROP TABLE dropped_first");  // its oid is not handed out again
    con.Query("CREATE VIEW sales.big AS SELECT * FROM sales.orders WHERE amount > 100");
    con.Query("CREATE TABLE public.customers (id int)");
    before = QueryText(con, kOids);
    schemas = QueryText(con, "SELECT nspname || '=' || oid FROM pg_namespace ORDER BY oid");
    EXPECT_EQ(QueryText(con, "SELECT 'sales.orders'::regclass = (SELECT oid FROM pg_class WHERE relname = 'orders')"),
              "t");
  }
  for (int open = 0; open < 2; open++) {  // from the log, then from the manifest
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, kOids), before) << open;
    EXPECT_EQ(QueryText(con, "SELECT nspname || '=' || oid FROM pg_namespace ORDER BY oid"), schemas) << open;
  }
  std::string after;
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE later (x int)");
    // A new object after restarts gets a fresh oid, above every user relation's.
    EXPECT_EQ(QueryText(con, "SELECT (SELECT oid FROM pg_class WHERE relname = 'later') > "
                             "(SELECT max(oid) FROM pg_class WHERE relname IN ('orders', 'big', 'customers'))"),
              "t");
    after = QueryText(con, kOids);
  }
  Database db(DatabaseConfig{dir});
  Connection con(db);
  EXPECT_EQ(QueryText(con, kOids), after);
}

TEST(PgCatalogOidTest, SystemRelationsHavePostgresOids) {
  Database db;
  Connection con(db);
  EXPECT_EQ(QueryText(con, "SELECT 'pg_class'::regclass, 'pg_catalog.pg_type'::regclass, 'pg_namespace'::regclass"),
            "1259|1247|2615");
  EXPECT_EQ(QueryText(con, "SELECT oid FROM pg_namespace WHERE nspname IN ('pg_catalog', 'public') ORDER BY 1"),
            "11\n2200");
}

}  // namespace
}  // namespace stockroom
