// A materialized view's rows are durable like a table's: after a restart (log replay) and
// after a checkpoint (segment files) it has the rows of its last committed REFRESH, not a
// recomputation.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

TEST(MaterializedViewTest, RowsSurviveRestartsAndCheckpoints) {
  TempDirectory temp;
  std::string dir = temp / "db";
  const std::string daily = "SELECT day, total, n FROM daily ORDER BY day";
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("CREATE TABLE sales (day int, amount int)");
    con.Query("INSERT INTO sales SELECT i % 3, i FROM generate_series(1, 300000) i");
    con.Query("CREATE MATERIALIZED VIEW daily AS SELECT day, sum(amount) AS total, count(*) AS n FROM sales GROUP BY day");
    con.Query("INSERT INTO sales VALUES (7, 1)");  // not in the view until a refresh
  }
  for (int open = 0; open < 2; open++) {  // replayed from the log, then from segment files
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, daily), "0|15000150000|100000\n1|14999950000|100000\n2|15000050000|100000") << open;
  }
  {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    con.Query("REFRESH MATERIALIZED VIEW daily");
    con.Query("DELETE FROM sales");  // the view keeps what the refresh saw
  }
  for (int open = 0; open < 2; open++) {
    Database db(DatabaseConfig{dir});
    Connection con(db);
    EXPECT_EQ(QueryText(con, daily), "0|15000150000|100000\n1|14999950000|100000\n2|15000050000|100000\n7|1|1") << open;
    EXPECT_EQ(QueryText(con, "SELECT count(*) FROM sales"), "0");
  }
}

}  // namespace
}  // namespace stockroom
