// The shop's PostgreSQL source: `stockroom generate --postgres` loading and
// ExtractPostgresTable, against the private PostgreSQL 15 server.
#include <filesystem>
#include <fstream>

#include "common/error/exception.hpp"
#include "ingest/external/database_loader.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "source_test_support.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class PostgresSourceTest : public SourceTest {
 protected:
  std::string Out(const std::string& name) { return scratch_ / (name + ".csv"); }
};

TEST_F(PostgresSourceTest, GeneratorLoadsTheCurrentStateOfEveryShopTable) {
  auto database = FreshPostgresDatabase("sr_ext_pg_load");
  std::string url = database->url();
  DatabaseLoadSummary summary = LoadShopIntoPostgres(url, Landing(), {});
  EXPECT_EQ(summary.rows_rejected, 0u);  // SF 0.01 has no malformed lines
  ASSERT_EQ(summary.table_rows.size(), 7u);
  for (const auto& table : ShopDatabaseTables()) {
    size_t expected = ReplayedRows(Landing(), table).size();
    EXPECT_GT(expected, 0u) << table.table;
    EXPECT_EQ(summary.table_rows[table.table], expected) << table.table;
  }
  EXPECT_EQ(summary.table_rows["warehouses"], 3u);
  // The database holds the latest status of an order that changed in an increment.
  PostgresConnection pg(url);
  auto changed = ReplayedRows(Landing(), ShopDatabaseTables()[3], kFirstIncrement);
  ASSERT_FALSE(changed.empty());
  std::string order_id = changed.begin()->first.substr(0, changed.begin()->first.size() - 1);
  std::string landing_status = changed.begin()->second;
  for (int field = 0; field < 4; field++) landing_status = landing_status.substr(landing_status.find('|') + 1);
  landing_status = landing_status.substr(0, landing_status.find('|'));
  EXPECT_EQ(pg.Query("SELECT status FROM shop.orders WHERE order_id = $1", {order_id}).rows[0][0], landing_status);
}

TEST_F(PostgresSourceTest, GeneratorLeavesMalformedLinesOutAndTheLastRowOfAKeyWins) {
  // A landing zone written by hand: the generator's two kinds of malformed line in the
  // backfill, and an increment that names warehouse 1 twice.
  std::string landing = scratch_ / "landing";
  std::filesystem::create_directories(landing + "/shop/warehouses/2025-12-28");
  std::filesystem::create_directories(landing + "/shop/warehouses/2025-12-29");
  std::ofstream(landing + "/shop/warehouses/2025-12-28/part-00000.csv")
      << "warehouse_id,code,name,city,state,zip\n"
      << "1,EWR1,Edison Fulfillment Center,Edison,NJ,08817\n"
      << "1,EWR1,Edison Fulfillment Center,Edison,NJ\n"
      << "2,DFW1,\"Dallas, \"\"North\"\"\",Dallas,TX,\n"
      << "12.3.4x,DFW1,\"Dallas, \"\"North\"\"\",Dallas,TX,\n";
  std::ofstream(landing + "/shop/warehouses/2025-12-29/part-00000.csv")
      << "warehouse_id,code,name,city,state,zip\n"
      << "1,EWR1,Edison Center,Edison,NJ,08817\n"
      << "1,EWR1,Edison Center (renamed),Edison,NJ,\"\"\n";
  auto database = FreshPostgresDatabase("sr_ext_pg_dirt");
  std::string url = database->url();
  DatabaseLoadSummary summary = LoadShopIntoPostgres(url, landing, {});
  EXPECT_EQ(summary.rows_rejected, 2u);
  EXPECT_EQ(summary.rows_read, 4u);
  EXPECT_EQ(summary.table_rows["warehouses"], 2u);
  EXPECT_EQ(summary.table_rows["orders"], 0u);
  PostgresConnection pg(url);
  auto rows = pg.Query("SELECT warehouse_id, name, zip IS NULL, zip FROM shop.warehouses ORDER BY 1");
  ASSERT_EQ(rows.rows.size(), 2u);
  using Row = std::vector<std::optional<std::string>>;
  EXPECT_EQ(rows.rows[0], (Row{"1", "Edison Center (renamed)", "f", ""}));
  EXPECT_EQ(rows.rows[1], (Row{"2", "Dallas, \"North\"", "t", std::nullopt}));
}

TEST_F(PostgresSourceTest, FullExtractIsTheTableInTheLandingFormat) {
  auto database = FreshPostgresDatabase("sr_ext_pg_full");
  std::string url = database->url();
  LoadShopIntoPostgres(url, Landing(), {});
  for (const auto& table : ShopDatabaseTables()) {
    std::string out = Out(table.table);
    ExtractResult result = ExtractPostgresTable(url, table.ToSourceTable("shop." + table.table), "", out);
    // Byte for byte the landing rows' text: timestamps with the local offset, true/false,
    // two decimals, NULL empty.
    auto expected = ReplayedRows(Landing(), table);
    EXPECT_EQ(FileRows(out, table), expected) << table.table;
    EXPECT_EQ(result.rows, expected.size()) << table.table;
    EXPECT_EQ(result.watermark.empty(), table.watermark.empty()) << table.table;
    EXPECT_FALSE(std::filesystem::exists(out + ".part"));
  }
}

TEST_F(PostgresSourceTest, WatermarkExtractsOnlyTheRowsChangedSince) {
  auto database = FreshPostgresDatabase("sr_ext_pg_wm");
  std::string url = database->url();
  DatabaseLoadOptions backfill;
  backfill.through = kBackfill;
  LoadShopIntoPostgres(url, Landing(), backfill);
  std::map<std::string, std::string> watermarks;
  for (const auto& table : ShopDatabaseTables()) {
    ExtractResult first =
        ExtractPostgresTable(url, table.ToSourceTable("shop." + table.table), "", Out(table.table + "-0"));
    EXPECT_EQ(FileRows(Out(table.table + "-0"), table), ReplayedRows(Landing(), table, "", kBackfill)) << table.table;
    watermarks[table.table] = first.watermark;
  }
  // The next days arrive; the nightly extract with the last watermark sees exactly them.
  DatabaseLoadOptions increments;
  increments.from = kFirstIncrement;
  increments.replace = false;
  LoadShopIntoPostgres(url, Landing(), increments);
  for (const auto& table : ShopDatabaseTables()) {
    auto source = table.ToSourceTable("shop." + table.table);
    std::string out = Out(table.table + "-1");
    ExtractResult next = ExtractPostgresTable(url, source, watermarks[table.table], out);
    if (table.watermark.empty()) {  // warehouses: a full extract every time
      EXPECT_EQ(FileRows(out, table), ReplayedRows(Landing(), table)) << table.table;
      continue;
    }
    auto changed = ReplayedRows(Landing(), table, kFirstIncrement);
    EXPECT_FALSE(changed.empty()) << table.table;
    EXPECT_EQ(FileRows(out, table), changed) << table.table;
    EXPECT_EQ(next.rows, changed.size()) << table.table;
    EXPECT_GT(next.watermark, watermarks[table.table]) << table.table;
    // Nothing changed since: no rows, the watermark stays.
    ExtractResult none = ExtractPostgresTable(url, source, next.watermark, Out(table.table + "-2"));
    EXPECT_EQ(none.rows, 0u) << table.table;
    EXPECT_EQ(none.watermark, next.watermark) << table.table;
    EXPECT_TRUE(FileRows(Out(table.table + "-2"), table).empty()) << table.table;
  }
}

TEST_F(PostgresSourceTest, SpecialCharactersAndNullsRoundTripThroughTheRawLoader) {
  auto database = FreshPostgresDatabase("sr_ext_pg_chars");
  std::string url = database->url();
  PostgresConnection pg(url);
  pg.Execute(
      "CREATE TABLE odd (id integer PRIMARY KEY, note text, amount numeric(12,2), flag boolean, at timestamptz, "
      "updated_at timestamptz)");
  pg.Execute(
      "INSERT INTO odd VALUES "
      "(1, 'say \"hi\", bye', 1.50, true, '2025-07-01 12:00:00.123456+00', '2025-01-01 00:00:01+00'), "
      "(2, E'two\\nlines', -0.01, false, '2025-01-15 12:00:00+00', '2025-01-01 00:00:02+00'), "
      "(3, '', 0, NULL, NULL, '2025-01-01 00:00:03+00'), "
      "(4, NULL, NULL, true, '2025-03-09 07:30:00+00', '2025-01-01 00:00:04+00'), "
      "(5, ' leading and trailing ', 12345678.90, false, '2025-11-02 05:59:59+00', '2025-01-01 00:00:05+00'), "
      "(6, E'caf\\u00e9 \\u2713 cr\\r\\nlf', 2, true, '2024-02-29 23:00:00+00', '2025-01-01 00:00:06+00'), "
      "(7, '\\.', 3, true, '2025-06-30 04:00:00+00', '2025-01-01 00:00:07+00')");
  DatabaseSourceTable table;
  table.raw_table = "raw.odd";
  table.source_table = "public.odd";
  table.columns = {"id", "note", "amount", "flag", "at", "updated_at"};
  table.key_columns = {"id"};
  table.watermark = "updated_at";
  std::string out = Out("odd");
  ExtractResult result = ExtractPostgresTable(url, table, "", out);
  EXPECT_EQ(result.rows, 7u);

  LandingCsvReader reader(out);
  EXPECT_EQ(reader.header(), table.columns);
  std::vector<std::string> rows;
  CsvRecord record;
  while (reader.Next(&record)) rows.push_back(RecordText(record));
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "1|say \"hi\", bye|1.50|true|2025-07-01T08:00:00.123456-04:00|2024-12-31T19:00:01-05:00",
                      "2|two\nlines|-0.01|false|2025-01-15T07:00:00-05:00|2024-12-31T19:00:02-05:00",
                      "3||0.00|\\N|\\N|2024-12-31T19:00:03-05:00",
                      "4|\\N|\\N|true|2025-03-09T03:30:00-04:00|2024-12-31T19:00:04-05:00",
                      "5| leading and trailing |12345678.90|false|2025-11-02T01:59:59-04:00|2024-12-31T19:00:05-05:00",
                      "6|caf\xc3\xa9 \xe2\x9c\x93 cr\r\nlf|2.00|true|2024-02-29T18:00:00-05:00|2024-12-31T19:00:06-05:00",
                      "7|\\.|3.00|true|2025-06-30T00:00:00-04:00|2024-12-31T19:00:07-05:00",
                  }));

  // The raw loader (Stockroom's COPY, as the pipeline runs it) reads back the same values.
  Database db;
  Connection con(db);
  con.Query("CREATE TABLE odd (id integer, note text, amount numeric(12,2), flag boolean, at timestamptz, "
            "updated_at timestamptz)");
  con.Query("COPY odd FROM '" + out + "' (FORMAT csv, HEADER)");
  con.Query("SET TimeZone = 'UTC'");
  EXPECT_EQ(QueryText(con,
                      "SELECT id, note IS NULL, length(note), amount, flag, extract(epoch FROM at) FROM odd ORDER BY id"),
            "1|f|13|1.50|t|1751371200.123456\n"
            "2|f|9|-0.01|f|1736942400.000000\n"
            "3|f|0|0.00|NULL|NULL\n"
            "4|t|NULL|NULL|t|1741505400.000000\n"
            "5|f|22|12345678.90|f|1762063199.000000\n"
            "6|f|13|2.00|t|1709247600.000000\n"
            "7|f|2|3.00|t|1751256000.000000");
  EXPECT_EQ(QueryText(con, "SELECT note FROM odd WHERE id IN (1, 2, 5) ORDER BY id"),
            "say \"hi\", bye\ntwo\nlines\n leading and trailing ");
}

TEST_F(PostgresSourceTest, ErrorsNameTheDatabaseWithoutItsPassword) {
  DatabaseSourceTable table = ShopDatabaseTables()[0].ToSourceTable("shop.customers");
  try {
    ExtractPostgresTable("postgresql://shop:s3cret@localhost/shop?host=/nonexistent/socket", table, "", Out("x"));
    FAIL() << "expected a connection error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "08001");
    std::string message = e.what();
    EXPECT_NE(message.find("postgresql://shop:***@localhost/shop"), std::string::npos) << message;
    EXPECT_EQ(message.find("s3cret"), std::string::npos) << message;
  }
  auto database = FreshPostgresDatabase("sr_ext_pg_errors");
  std::string url = database->url();
  try {
    ExtractPostgresTable(url, table, "", Out("y"));
    FAIL() << "expected a missing-table error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "HV000");
    EXPECT_NE(std::string(e.what()).find("schema \"shop\" does not exist"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(Out("y")));
}

}  // namespace
}  // namespace stockroom
