// The B2B portal's MySQL source: `stockroom generate --mysql` loading and ExtractMysqlTable,
// against the private MariaDB server.
#include <filesystem>

#include "common/error/exception.hpp"
#include "ingest/external/database_loader.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "source_test_support.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class MysqlSourceTest : public SourceTest {
 protected:
  std::string Out(const std::string& name) { return scratch_ / (name + ".csv"); }
  const SourceTableSchema& Accounts() { return B2bPortalDatabaseTables()[0]; }
};

TEST_F(MysqlSourceTest, GeneratorLoadsTheCurrentAccountsAndExtractsThemAsLanded) {
  std::string url = FreshMysqlDatabase("sr_ext_my_full");
  DatabaseLoadSummary summary = LoadB2bPortalIntoMysql(url, Landing(), {});
  auto expected = ReplayedRows(Landing(), Accounts());
  EXPECT_GT(expected.size(), 50u);
  EXPECT_EQ(summary.table_rows["accounts"], expected.size());
  EXPECT_EQ(summary.rows_rejected, 0u);

  std::string out = Out("accounts");
  ExtractResult result = ExtractMysqlTable(url, Accounts().ToSourceTable("accounts"), "", out);
  // Byte for byte the landing rows: DATETIME as 'YYYY-MM-DD HH:MM:SS', two decimals.
  EXPECT_EQ(FileRows(out, Accounts()), expected);
  EXPECT_EQ(result.rows, expected.size());
  EXPECT_EQ(result.watermark.size(), 19u) << result.watermark;
}

TEST_F(MysqlSourceTest, WatermarkExtractsOnlyTheAccountsChangedSince) {
  std::string url = FreshMysqlDatabase("sr_ext_my_wm");
  DatabaseLoadOptions backfill;
  backfill.through = kBackfill;
  LoadB2bPortalIntoMysql(url, Landing(), backfill);
  auto source = Accounts().ToSourceTable("accounts");
  ExtractResult first = ExtractMysqlTable(url, source, "", Out("accounts-0"));
  EXPECT_EQ(FileRows(Out("accounts-0"), Accounts()), ReplayedRows(Landing(), Accounts(), "", kBackfill));

  DatabaseLoadOptions increments;
  increments.from = kFirstIncrement;
  increments.replace = false;
  LoadB2bPortalIntoMysql(url, Landing(), increments);
  // The portal changes: an upgrade and a new account (at SF 0.01 three days may bring none).
  MysqlConnection portal(url);
  portal.Execute(
      "UPDATE accounts SET tier = 'platinum', credit_limit = 250000.00, updated_at = '2026-01-01 09:30:00' "
      "WHERE account_id = 1");
  portal.Execute(
      "INSERT INTO accounts VALUES (100000, 99999, 'O''Brien, \"Quotes\" & Co', 'bronze', 5000.00, 15, NULL, "
      "'West', '2026-01-01 10:00:00', '2026-01-01 10:00:00')");
  auto changed = ReplayedRows(Landing(), Accounts(), kFirstIncrement);
  auto account_1 = ReplayedRows(Landing(), Accounts()).at("1|");
  std::vector<std::string> fields;
  for (size_t start = 0, end; start <= account_1.size(); start = end + 1) {
    end = std::min(account_1.find('|', start), account_1.size());
    fields.push_back(account_1.substr(start, end - start));
  }
  fields[3] = "platinum", fields[4] = "250000.00", fields[9] = "2026-01-01 09:30:00";
  std::string row;
  for (const auto& field : fields) row += (row.empty() ? "" : "|") + field;
  changed["1|"] = row;
  changed["100000|"] = "100000|99999|O'Brien, \"Quotes\" & Co|bronze|5000.00|15|\\N|West|2026-01-01 10:00:00|2026-01-01 10:00:00";

  ExtractResult next = ExtractMysqlTable(url, source, first.watermark, Out("accounts-1"));
  EXPECT_EQ(FileRows(Out("accounts-1"), Accounts()), changed);
  EXPECT_EQ(next.rows, changed.size());
  EXPECT_EQ(next.watermark, "2026-01-01 10:00:00");

  ExtractResult none = ExtractMysqlTable(url, source, next.watermark, Out("accounts-2"));
  EXPECT_EQ(none.rows, 0u);
  EXPECT_EQ(none.watermark, next.watermark);
}

TEST_F(MysqlSourceTest, SpecialCharactersAndNullsRoundTripThroughTheRawLoader) {
  std::string url = FreshMysqlDatabase("sr_ext_my_chars");
  MysqlConnection my(url, /*create_database=*/true);
  my.Execute(
      "CREATE TABLE odd (id INT PRIMARY KEY, note TEXT, amount DECIMAL(12,2), flag BOOLEAN, at DATETIME, "
      "updated_at DATETIME) DEFAULT CHARSET=utf8mb4");
  std::vector<std::string> notes = {"say \"hi\", bye", "two\nlines", "", "", " leading and trailing ",
                                    "caf\xc3\xa9 \xe2\x9c\x93 cr\r\nlf", "back\\slash 'quote'"};
  for (size_t i = 0; i < notes.size(); i++) {
    std::string note = i == 3 ? "NULL" : my.QuoteLiteral(notes[i]);
    my.Execute("INSERT INTO odd VALUES (" + std::to_string(i + 1) + ", " + note + ", " +
               (i == 3 ? "NULL" : std::to_string(i) + ".25") + ", " + (i == 2 ? "NULL" : i % 2 ? "TRUE" : "FALSE") +
               ", '2025-03-0" + std::to_string(i + 1) + " 09:15:02', '2025-04-01 00:00:0" + std::to_string(i) + "')");
  }
  DatabaseSourceTable table;
  table.raw_table = "raw.odd";
  table.source_table = "odd";
  table.columns = {"id", "note", "amount", "flag", "at", "updated_at"};
  table.key_columns = {"id"};
  table.watermark = "updated_at";
  std::string out = Out("odd");
  ExtractResult result = ExtractMysqlTable(url, table, "2025-04-01 00:00:00", out);
  EXPECT_EQ(result.rows, 6u);  // the first row is not above the watermark
  EXPECT_EQ(result.watermark, "2025-04-01 00:00:06");

  LandingCsvReader reader(out);
  std::vector<std::string> rows;
  CsvRecord record;
  while (reader.Next(&record)) rows.push_back(RecordText(record));
  EXPECT_EQ(rows, (std::vector<std::string>{
                      "2|two\nlines|1.25|true|2025-03-02 09:15:02|2025-04-01 00:00:01",
                      "3||2.25|\\N|2025-03-03 09:15:02|2025-04-01 00:00:02",
                      "4|\\N|\\N|true|2025-03-04 09:15:02|2025-04-01 00:00:03",
                      "5| leading and trailing |4.25|false|2025-03-05 09:15:02|2025-04-01 00:00:04",
                      "6|caf\xc3\xa9 \xe2\x9c\x93 cr\r\nlf|5.25|true|2025-03-06 09:15:02|2025-04-01 00:00:05",
                      "7|back\\slash 'quote'|6.25|false|2025-03-07 09:15:02|2025-04-01 00:00:06",
                  }));

  Database db;
  Connection con(db);
  con.Query("CREATE TABLE odd (id integer, note text, amount numeric(12,2), flag boolean, at timestamp, "
            "updated_at timestamp)");
  con.Query("COPY odd FROM '" + out + "' (FORMAT csv, HEADER)");
  EXPECT_EQ(QueryText(con, "SELECT id, note IS NULL, length(note), amount, flag, at FROM odd ORDER BY id"),
            "2|f|9|1.25|t|2025-03-02 09:15:02\n"
            "3|f|0|2.25|NULL|2025-03-03 09:15:02\n"
            "4|t|NULL|NULL|t|2025-03-04 09:15:02\n"
            "5|f|22|4.25|f|2025-03-05 09:15:02\n"
            "6|f|13|5.25|t|2025-03-06 09:15:02\n"
            "7|f|18|6.25|f|2025-03-07 09:15:02");
}

TEST_F(MysqlSourceTest, ErrorsNameTheDatabaseWithoutItsPassword) {
  std::string url = FreshMysqlDatabase("sr_ext_my_errors");
  std::string wrong = url;
  size_t colon = wrong.find(':', std::string("mysql://").size());
  size_t at = wrong.find('@');
  wrong = wrong.substr(0, colon + 1) + "n0t-the-password" + wrong.substr(at);
  try {
    ExtractMysqlTable(wrong, Accounts().ToSourceTable("accounts"), "", Out("x"));
    FAIL() << "expected an authentication error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "08001");
    std::string message = e.what();
    EXPECT_NE(message.find("mysql://stockroom:***@"), std::string::npos) << message;
    EXPECT_EQ(message.find("n0t-the-password"), std::string::npos) << message;
    EXPECT_NE(message.find("Access denied"), std::string::npos) << message;
  }
  LoadB2bPortalIntoMysql(url, Landing(), {});
  try {
    ExtractMysqlTable(url, Accounts().ToSourceTable("no_such_table"), "", Out("y"));
    FAIL() << "expected a missing-table error";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.sqlstate(), "HV000");
    EXPECT_NE(std::string(e.what()).find("doesn't exist"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(Out("y")));
}

}  // namespace
}  // namespace stockroom
