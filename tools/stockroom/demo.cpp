#include "demo.hpp"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "sql_shell.hpp"

namespace stockroom {

namespace {

const char* kTables[] = {"region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"};

const char* kSchema =
    "CREATE TABLE region (r_regionkey INTEGER NOT NULL, r_name CHAR(25) NOT NULL, r_comment VARCHAR(152));"
    "CREATE TABLE nation (n_nationkey INTEGER NOT NULL, n_name CHAR(25) NOT NULL, n_regionkey INTEGER NOT NULL,"
    " n_comment VARCHAR(152));"
    "CREATE TABLE part (p_partkey INTEGER NOT NULL, p_name VARCHAR(55) NOT NULL, p_mfgr CHAR(25) NOT NULL,"
    " p_brand CHAR(10) NOT NULL, p_type VARCHAR(25) NOT NULL, p_size INTEGER NOT NULL, p_container CHAR(10) NOT NULL,"
    " p_retailprice DECIMAL(15,2) NOT NULL, p_comment VARCHAR(23) NOT NULL);"
    "CREATE TABLE supplier (s_suppkey INTEGER NOT NULL, s_name CHAR(25) NOT NULL, s_address VARCHAR(40) NOT NULL,"
    " s_nationkey INTEGER NOT NULL, s_phone CHAR(15) NOT NULL, s_acctbal DECIMAL(15,2) NOT NULL,"
    " s_comment VARCHAR(101) NOT NULL);"
    "CREATE TABLE partsupp (ps_partkey INTEGER NOT NULL, ps_suppkey INTEGER NOT NULL, ps_availqty INTEGER NOT NULL,"
    " ps_supplycost DECIMAL(15,2) NOT NULL, ps_comment VARCHAR(199) NOT NULL);"
    "CREATE TABLE customer (c_custkey INTEGER NOT NULL, c_name VARCHAR(25) NOT NULL, c_address VARCHAR(40) NOT NULL,"
    " c_nationkey INTEGER NOT NULL, c_phone CHAR(15) NOT NULL, c_acctbal DECIMAL(15,2) NOT NULL,"
    " c_mktsegment CHAR(10) NOT NULL, c_comment VARCHAR(117) NOT NULL);"
    "CREATE TABLE orders (o_orderkey INTEGER NOT NULL, o_custkey INTEGER NOT NULL, o_orderstatus CHAR(1) NOT NULL,"
    " o_totalprice DECIMAL(15,2) NOT NULL, o_orderdate DATE NOT NULL, o_orderpriority CHAR(15) NOT NULL,"
    " o_clerk CHAR(15) NOT NULL, o_shippriority INTEGER NOT NULL, o_comment VARCHAR(79) NOT NULL);"
    "CREATE TABLE lineitem (l_orderkey INTEGER NOT NULL, l_partkey INTEGER NOT NULL, l_suppkey INTEGER NOT NULL,"
    " l_linenumber INTEGER NOT NULL, l_quantity DECIMAL(15,2) NOT NULL, l_extendedprice DECIMAL(15,2) NOT NULL,"
    " l_discount DECIMAL(15,2) NOT NULL, l_tax DECIMAL(15,2) NOT NULL, l_returnflag CHAR(1) NOT NULL,"
    " l_linestatus CHAR(1) NOT NULL, l_shipdate DATE NOT NULL, l_commitdate DATE NOT NULL,"
    " l_receiptdate DATE NOT NULL, l_shipinstruct CHAR(25) NOT NULL, l_shipmode CHAR(10) NOT NULL,"
    " l_comment VARCHAR(44) NOT NULL) SORTKEY (l_shipdate);";

const char* kReport[] = {
    "\\echo '== Revenue by order year'",
    "SELECT extract(year FROM o_orderdate) AS year, count(DISTINCT o_orderkey) AS orders,"
    " sum(l_extendedprice * (1 - l_discount))::numeric(18,2) AS revenue"
    " FROM orders JOIN lineitem ON l_orderkey = o_orderkey GROUP BY 1 ORDER BY 1;",
    "\\echo '== Top 5 nations by 1995 revenue'",
    "SELECT n_name AS nation, sum(l_extendedprice * (1 - l_discount))::numeric(18,2) AS revenue"
    " FROM customer JOIN orders ON o_custkey = c_custkey JOIN lineitem ON l_orderkey = o_orderkey"
    " JOIN nation ON n_nationkey = c_nationkey"
    " WHERE o_orderdate >= date '1995-01-01' AND o_orderdate < date '1996-01-01'"
    " GROUP BY n_name ORDER BY revenue DESC LIMIT 5;",
    "\\echo '== Pricing summary (TPC-H Q1)'",
    "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,"
    " sum(l_extendedprice * (1 - l_discount) * (1 + l_tax)) AS sum_charge,"
    " avg(l_discount)::numeric(6,4) AS avg_disc, count(*) AS count_order"
    " FROM lineitem WHERE l_shipdate <= date '1998-12-01' - interval '90' day"
    " GROUP BY 1, 2 ORDER BY 1, 2;",
};

}  // namespace

int RunDemo(int argc, char** argv) {
  std::string data = "../shared/data/tpch/sf0.1";
  if (const char* env = std::getenv("STOCKROOM_TPCH_DIR")) data = env;
  for (int i = 0; i < argc; i++) {
    std::string arg = argv[i];
    if (arg == "--data" && i + 1 < argc) data = argv[++i];
  }
  if (!std::filesystem::exists(data + "/lineitem.tbl.gz")) {
    std::fprintf(stderr, "stockroom demo: TPC-H SF 0.1 files not found in %s (use --data DIR)\n", data.c_str());
    return 1;
  }
  std::printf("Stockroom demo: loading TPC-H SF 0.1 from %s into an embedded database (in memory).\n\n", data.c_str());
  ShellOptions options;
  options.quiet = true;
  auto add = [&](const std::string& command) {
    options.actions.push_back({ShellOptions::Action::Kind::kCommand, command});
  };
  add(kSchema);
  add("\\timing on");
  for (const char* table : kTables) {
    add(std::string("\\echo 'COPY ") + table + "'");
    add(std::string("COPY ") + table + " FROM '" + data + "/" + table + ".tbl.gz' WITH (FORMAT csv, DELIMITER '|')");
  }
  add("ANALYZE");
  add("\\timing off");
  add("SELECT 'lineitem' AS table_name, count(*) AS row_count FROM lineitem UNION ALL "
      "SELECT 'orders', count(*) FROM orders UNION ALL SELECT 'customer', count(*) FROM customer "
      "ORDER BY row_count DESC;");
  add("\\timing on");
  for (const char* line : kReport) add(line);
  DatabaseConfig config;
  Database db(config);
  Connection connection(db);
  SqlShell shell(connection, std::move(options));
  return shell.Run();
}

}  // namespace stockroom
