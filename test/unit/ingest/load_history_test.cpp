// The load history (stl_load_commits, stl_load_errors) of a database with a data directory
// outlives restarts, and a torn record at the end of its file (a crash while appending)
// loses only that record.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

const char* kLoads = "SELECT query, table_name, rows_loaded, rows_rejected, status FROM stl_load_commits ORDER BY query";
const char* kErrors = "SELECT query, line_number, colname, raw_field_value, err_code FROM stl_load_errors";

TEST(LoadHistoryTest, HistoryOutlivesRestarts) {
  TempDirectory temp;
  std::string dir = temp / "db";
  std::string file = temp / "orders.csv";
  std::ofstream(file) << "1,10\n2,x\n3,30\n";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE orders (id int, amount int)");
    con.Query("COPY orders FROM '" + file + "' WITH (FORMAT csv, MAXERROR 1)");
  }
  const std::string loads = "1|public.orders|2|1|loaded";
  const std::string errors = "1|2|amount|x|22P02";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, kLoads), loads);
    EXPECT_EQ(QueryText(con, kErrors), errors);
    con.Query("COPY orders FROM '" + file + "' WITH (FORMAT csv, MAXERROR 1)");  // load id 2, not 1 again
  }
  // A crash while appending leaves a partial record at the end.
  std::ofstream(dir + "/load_history", std::ios::app | std::ios::binary) << std::string("\x40\0\0\0\x01\x02", 6);
  Database db(DatabaseConfig{dir});
  Connection con(db);
  EXPECT_EQ(QueryText(con, kLoads), loads + "\n2|public.orders|2|1|loaded");
  EXPECT_EQ(QueryText(con, "SELECT count(*) FROM orders"), "4");
}

}  // namespace
}  // namespace stockroom
