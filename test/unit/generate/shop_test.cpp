// The shop system's landing tables: determinism, increments that add up to a full extract,
// orders that agree with their lines, and the documented dirt.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "generate/generator.hpp"
#include "generate/landing_test_support.hpp"
#include "generate/landing_zone.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

class GenerateShopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("generate_shop_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string Generate(const std::string& name, int increments, int threads) {
    GenerateOptions options;
    options.sf = 0.01;
    options.increments = increments;
    options.threads = threads;
    options.out = (dir_ / name).string();
    stockroom::Generate(options, nullptr);
    return options.out;
  }

  fs::path dir_;
};

const char* kOrdersTable =
    "(order_id bigint, customer_id bigint, order_ts timestamptz, channel text, status text, warehouse_id int,"
    " ship_city text, ship_state text, ship_zip text, promo_code text, subtotal numeric(12,2),"
    " discount_total numeric(12,2), shipping_fee numeric(12,2), tax numeric(12,2), total numeric(12,2),"
    " ga_session_id bigint, updated_at timestamptz)";
const char* kCustomersTable =
    "(customer_id bigint, email text, first_name text, last_name text, phone text, customer_type text,"
    " company_name text, address_city text, address_state text, address_zip text, country text,"
    " marketing_opt_in boolean, created_at timestamptz, updated_at timestamptz)";
const char* kItemsTable =
    "(order_item_id bigint, order_id bigint, product_id int, quantity int, unit_price numeric(12,2),"
    " discount numeric(12,2), line_total numeric(12,2), unit_cost numeric(12,2), updated_at timestamptz)";
const char* kReturnsTable =
    "(return_id bigint, order_item_id bigint, order_id bigint, quantity int, reason text, requested_at timestamptz,"
    " received_at timestamptz, refund_amount numeric(12,2), restocked boolean)";

void Load(Connection& con, const std::string& table, const char* columns, const std::string& glob) {
  con.Query("CREATE TABLE " + table + " " + columns);
  con.Query("COPY " + table + " FROM '" + glob + "' WITH (FORMAT csv, HEADER)");
}

// Every system's files, not only the shop's: one thread and two write the same bytes.
TEST_F(GenerateShopTest, SameOptionsGiveByteIdenticalFilesOnAnyThreadCount) {
  std::string one = Generate("one", 3, 1);
  std::string two = Generate("two", 3, 2);
  std::map<std::string, size_t> files;  // per system
  size_t inventory = 0;
  for (const auto& entry : fs::recursive_directory_iterator(one)) {
    if (!entry.is_regular_file()) continue;
    fs::path relative = fs::relative(entry.path(), one);
    fs::path other = fs::path(two) / relative;
    ASSERT_TRUE(fs::exists(other)) << other;
    EXPECT_EQ(ReadBytes(entry.path()), ReadBytes(other)) << entry.path();
    files[relative.begin()->string()]++;
    inventory += relative.string().rfind("shop/inventory_snapshots", 0) == 0;
  }
  size_t other_files = 0, all = 0;
  for (const auto& entry : fs::recursive_directory_iterator(two)) other_files += entry.is_regular_file();
  for (const auto& [system, count] : files) all += count;
  EXPECT_EQ(all, other_files);
  EXPECT_GE(files["shop"], 7u + 4 * 3);  // 7 tables in the backfill; orders, items, customers, stock daily
  EXPECT_GE(files["stripe"] + files["shipstation"] + files["zendesk"], 4u * 3);
  EXPECT_GE(inventory + files["netsuite"] + files["b2b_portal"], 4u + 4 * 3);
  EXPECT_GT(files["ga4"] + files["ads"] + files["sheets"], 30u);
  EXPECT_EQ(files.size(), 9u) << "all nine systems";
}

TEST_F(GenerateShopTest, BackfillPlusIncrementsEqualsOneFullExtract) {
  std::string daily = Generate("daily", 3, 2);
  std::string full = Generate("full", 0, 2);
  ASSERT_TRUE(fs::exists(daily + "/shop/orders/2025-12-28")) << "the backfill is dated end - increments";
  ASSERT_TRUE(fs::exists(daily + "/shop/orders/2025-12-31"));
  Database db;
  Connection con(db);
  for (auto [name, columns] : {std::pair{"orders", kOrdersTable}, std::pair{"customers", kCustomersTable},
                               std::pair{"order_items", kItemsTable}, std::pair{"returns", kReturnsTable}}) {
    Load(con, std::string("daily_") + name, columns, daily + "/shop/" + name + "/*/*.csv");
    Load(con, std::string("full_") + name, columns, full + "/shop/" + name + "/*/*.csv");
  }
  // The increments re-emit changed orders: the latest updated_at of each order is its state.
  EXPECT_GT(std::stoll(QueryText(con, "SELECT count(*) - count(DISTINCT order_id) FROM daily_orders")), 0);
  std::string latest_orders =
      "SELECT DISTINCT ON (order_id) * FROM daily_orders ORDER BY order_id, updated_at DESC";
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM ((" + latest_orders + ") EXCEPT SELECT * FROM full_orders) x"), "0");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM (SELECT * FROM full_orders EXCEPT (" + latest_orders + ")) x"), "0");
  std::string latest_customers =
      "SELECT DISTINCT ON (customer_id) * FROM daily_customers ORDER BY customer_id, updated_at DESC";
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM ((" + latest_customers + ") EXCEPT SELECT * FROM full_customers) x"),
            "0");
  EXPECT_EQ(QueryText(con, "SELECT count(*) = (SELECT count(*) FROM full_customers) FROM (" + latest_customers + ") x"),
            "t");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM (SELECT * FROM daily_order_items EXCEPT SELECT * FROM full_order_items) x"
                           " UNION ALL SELECT count(*) - (SELECT count(*) FROM full_order_items) FROM daily_order_items"),
            "0\n0");
  // A return appears when requested and again when received; the received row wins.
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM ((SELECT DISTINCT ON (return_id) * FROM daily_returns"
                           " ORDER BY return_id, received_at DESC NULLS LAST) EXCEPT SELECT * FROM full_returns) x"),
            "0");
  EXPECT_EQ(QueryText(con, "SELECT count(DISTINCT return_id) = (SELECT count(*) FROM full_returns) FROM daily_returns"),
            "t");
}

TEST_F(GenerateShopTest, OrdersAgreeWithLinesCustomersAndProducts) {
  std::string out = Generate("shape", 0, 2);
  Database db;
  Connection con(db);
  Load(con, "orders", kOrdersTable, out + "/shop/orders/*/*.csv");
  Load(con, "order_items", kItemsTable, out + "/shop/order_items/*/*.csv");
  Load(con, "customers", kCustomersTable, out + "/shop/customers/*/*.csv");
  // 5,000,000 x 0.01 orders and 800,000 x 0.01 customers (spec §2).
  EXPECT_EQ(QueryText(con, "SELECT count(*), count(DISTINCT order_id) FROM orders"), "50000|50000");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM customers"), "8000");
  // Order money adds up: lines to the order, the order to its total (spec §7).
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM orders o JOIN (SELECT order_id, sum(line_total) AS lines,"
                           " sum(quantity * unit_price) AS gross, sum(discount) AS discount FROM order_items GROUP BY 1) l"
                           " USING (order_id) WHERE o.subtotal - o.discount_total <> l.lines OR o.subtotal <> l.gross"
                           " OR o.discount_total <> l.discount"
                           " OR o.total <> o.subtotal - o.discount_total + o.shipping_fee + o.tax"),
            "0");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM orders WHERE order_id NOT IN (SELECT order_id FROM order_items)"), "0");
  // Every order's customer exists and was created before the order; B2B orders come from B2B
  // customers, all others from B2C ones.
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM orders o LEFT JOIN customers c USING (customer_id)"
                           " WHERE c.customer_id IS NULL OR c.created_at > o.order_ts"
                           " OR (o.channel = 'b2b_portal') <> (c.customer_type = 'b2b')"),
            "0");
  // Shape: channel mix and lines per order near spec §2, repeat customers, a Nov-Dec peak.
  EXPECT_EQ(QueryText(con, "SELECT channel, round(100.0 * count(*) / 50000) FROM orders GROUP BY 1 ORDER BY 1"),
            "amazon|20\nb2b_portal|8\nwalmart|10\nweb|62");
  double lines = std::stod(QueryText(con, "SELECT count(*)::float / 50000 FROM order_items"));
  EXPECT_NEAR(lines, 3.6, 0.3);
  EXPECT_GT(std::stod(QueryText(con, "SELECT avg(n) FROM (SELECT count(*) AS n FROM orders GROUP BY customer_id) x")), 3.0);
  EXPECT_EQ(QueryText(con, "SELECT extract(month FROM order_ts AT TIME ZONE 'America/New_York') FROM orders"
                           " WHERE order_ts < '2025-01-01' GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"),
            "12");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM orders WHERE status NOT IN"
                           " ('placed','paid','shipped','delivered','cancelled','returned')"),
            "0");
}

TEST(GenerateLandingFileTest, MalformedCopiesFollowRow997AndRowsStayIntact) {
  fs::path dir = fs::temp_directory_path() / ("landing_file_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  LandingTotals totals;
  {
    LandingFile file(dir.string(), "sys", "t", 9496, 0, LandingFormat::kCsv, {"id", "name", "amount"}, false, true,
                     &totals);
    for (int i = 1; i <= 1000; i++) {
      CsvLine line;
      line.Int(i).Text(i == 997 ? "a, \"quoted\" name" : "plain").Money(i * 101);
      file.Add(line);
    }
    file.Close();
  }
  std::string text = ReadBytes(dir / "sys/t/2025-12-31/part-00000.csv");
  std::vector<std::string> lines;
  std::stringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  ASSERT_EQ(lines.size(), 1002u);  // header, 1000 rows, one broken copy
  EXPECT_EQ(lines[0], "id,name,amount");
  EXPECT_EQ(lines[997], "997,\"a, \"\"quoted\"\" name\",1006.97");
  EXPECT_EQ(lines[998], "997,\"a, \"\"quoted\"\" name\"");  // a field short
  EXPECT_EQ(lines[999], "998,plain,1007.98");
  EXPECT_EQ(totals.rows.load(), 1000u);
  EXPECT_EQ(totals.malformed.load(), 1u);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace stockroom
