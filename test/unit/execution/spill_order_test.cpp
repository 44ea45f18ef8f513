// ORDER BY past memory_limit spills sorted runs to temporary files and merges them: EXPLAIN
// ANALYZE says so, the rows come out exactly as an in-memory sort gives them (ties in input
// order on one thread), and with room to spare nothing spills.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

// 400,000 rows. The sort below holds id, k and its keys g and k (about 60 bytes a row with
// the sort's index: 24MB), more than a 16MB limit holds, but returns only id and k (3MB).
// (g, k) has about 1,000 rows per value: ties.
const char* kCreate =
    "CREATE TABLE t AS SELECT i AS id, i % 10 AS k, "
    "CASE WHEN i % 11 = 0 THEN NULL ELSE 'group-' || (i % 37) END AS g "
    "FROM generate_series(1, 400000) i";
const char* kSort = "SELECT id, k FROM t ORDER BY g DESC NULLS FIRST, k";

class SpillOrderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    con_.Query("SET threads = 1");
    con_.Query(kCreate);
    // Stability below is checked against id order: the table holds its rows in that order.
    ASSERT_EQ(QueryText(con_, "SELECT count(*) FROM (SELECT id, lag(id) OVER () AS prev FROM t) x WHERE prev > id"), "0");
  }

  Database db_;
  Connection con_{db_};
};

TEST_F(SpillOrderTest, SortPastTheLimitSpillsAndKeepsTheInMemoryOrder) {
  std::string in_memory = QueryText(con_, kSort);
  EXPECT_EQ(ExplainAnalyzeLine(con_, kSort, "ORDER_BY").find("spilled"), std::string::npos);

  con_.Query("SET memory_limit = '16MB'");
  std::string line = ExplainAnalyzeLine(con_, kSort, "ORDER_BY");
  EXPECT_NE(line.find("[spilled "), std::string::npos) << line;
  EXPECT_NE(line.find("temporary file"), std::string::npos) << line;
  std::string spilled = QueryText(con_, kSort);
  ASSERT_EQ(spilled.size(), in_memory.size());
  EXPECT_TRUE(spilled == in_memory) << "the spilled sort's rows differ from the in-memory sort's";

  // Ties keep input (id) order: rows with equal keys come with increasing ids.
  std::istringstream rows(spilled);
  long rows_seen = 0, ties = 0;
  long prev_id = -1, prev_k = -1;
  std::string prev_g = "none";
  for (std::string row; std::getline(rows, row); rows_seen++) {
    long id = std::stol(row.substr(0, row.find('|')));
    long k = std::stol(row.substr(row.find('|') + 1));
    std::string g = id % 11 == 0 ? "NULL" : "group-" + std::to_string(id % 37);
    if (g == prev_g && k == prev_k) {
      ties++;
      ASSERT_LT(prev_id, id) << "tie out of input order at row " << rows_seen;
    }
    prev_id = id, prev_k = k, prev_g = g;
  }
  EXPECT_EQ(rows_seen, 400000);
  EXPECT_GT(ties, 390000);
}

TEST_F(SpillOrderTest, ParallelSpilledSortEqualsInMemorySort) {
  con_.Query("RESET threads");
  std::string query = std::string(kSort) + ", id DESC";
  std::string in_memory = QueryText(con_, query);
  con_.Query("SET memory_limit = '16MB'");
  EXPECT_NE(ExplainAnalyzeLine(con_, query, "ORDER_BY").find("[spilled "), std::string::npos);
  EXPECT_TRUE(QueryText(con_, query) == in_memory) << "the spilled sort's rows differ from the in-memory sort's";
}

TEST_F(SpillOrderTest, TopNUnderTheLimitDoesNotSpill) {
  con_.Query("SET memory_limit = '16MB'");
  std::string query = std::string(kSort) + ", id LIMIT 3 OFFSET 1000";
  EXPECT_EQ(ExplainAnalyzeLine(con_, query, "TOP_N").find("spilled"), std::string::npos);
  // NULL groups first; their k = 0 rows are the multiples of 110, the 1001st is 110 * 1001.
  EXPECT_EQ(QueryText(con_, query), "110110|0\n110220|0\n110330|0");
}

}  // namespace
}  // namespace stockroom
