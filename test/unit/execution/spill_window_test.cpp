// Window functions whose input passes memory_limit spill it by their shared PARTITION BY
// columns and compute a part at a time: EXPLAIN ANALYZE says so on the window, the results
// are those of the same query in memory (on one thread and on several, with a skewed key
// whose part is split again), and what cannot spill fails cleanly with 53200.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

// 400,000 rows, about 25MB held by a window over them. Key k: 20,011 values, NULL for every
// 97th row; key sk: the same, but 60,000 rows share the value 0.
const char* kCreate =
    "CREATE TABLE t AS SELECT i AS id, "
    "CASE WHEN i % 97 = 0 THEN NULL ELSE (i::bigint * 7919) % 20011 END AS k, "
    "CASE WHEN i % 20 < 3 THEN 0 ELSE (i::bigint * 7919) % 20011 END AS sk, "
    "'name-' || (i % 1013) AS s, (i % 1000) AS v "
    "FROM generate_series(1, 400000) i";

// Per-key checksums of several windows over partitions by `key`: any row given another
// row's value changes them.
std::string ChecksumQuery(const std::string& key) {
  return "SELECT " + key +
         ", count(*), sum(rn * id), sum(rk * v), sum(coalesce(lg, -1)::bigint * id), sum(fs), max(mx), sum(a) FROM ("
         "SELECT id, v, " + key + ", "
         "row_number() OVER (PARTITION BY " + key + " ORDER BY id) AS rn, "
         "rank() OVER (PARTITION BY " + key + " ORDER BY s) AS rk, "
         "lag(id) OVER (PARTITION BY " + key + " ORDER BY id) AS lg, "
         "sum(v) OVER (PARTITION BY " + key + " ORDER BY id ROWS BETWEEN 2 PRECEDING AND 1 FOLLOWING) AS fs, "
         "max(s) OVER (PARTITION BY " + key + ") AS mx, "
         "row_number() OVER (PARTITION BY " + key + ", s ORDER BY id DESC) AS a "
         "FROM t) x GROUP BY " + key + " ORDER BY " + key;
}

class SpillWindowTest : public ::testing::Test {
 protected:
  void SetUp() override { con_.Query(kCreate); }

  Database db_;
  Connection con_{db_};
};

TEST_F(SpillWindowTest, SpilledWindowEqualsInMemoryWindow) {
  for (const char* threads : {"SET threads = 1", "RESET threads"}) {
    SCOPED_TRACE(threads);
    con_.Query(threads);
    con_.Query("RESET memory_limit");
    std::string query = ChecksumQuery("k");
    std::string in_memory = QueryText(con_, query);
    EXPECT_EQ(ExplainAnalyzeLine(con_, query, "WINDOW").find("spilled"), std::string::npos);

    con_.Query("SET memory_limit = '16MB'");
    std::string line = ExplainAnalyzeLine(con_, query, "WINDOW");
    EXPECT_NE(line.find("[spilled "), std::string::npos) << line;
    EXPECT_NE(line.find("temporary files"), std::string::npos) << line;
    std::string spilled = QueryText(con_, query);
    EXPECT_EQ(std::count(spilled.begin(), spilled.end(), '\n'), 20011);  // 20,011 keys and NULL
    EXPECT_TRUE(spilled == in_memory) << "the spilled window's results differ from the in-memory window's";
  }
}

TEST_F(SpillWindowTest, SkewedPartSplitsAgainAndAgrees) {
  std::string query = ChecksumQuery("sk");
  std::string in_memory = QueryText(con_, query);
  con_.Query("SET memory_limit = '16MB'");
  std::string line = ExplainAnalyzeLine(con_, query, "WINDOW");
  EXPECT_NE(line.find("[spilled "), std::string::npos) << line;
  EXPECT_TRUE(QueryText(con_, query) == in_memory) << "the spilled window's results differ from the in-memory window's";
}

TEST_F(SpillWindowTest, WhatCannotSpillFailsWith53200) {
  con_.Query("SET memory_limit = '16MB'");
  // No PARTITION BY: one sort of everything.
  std::string error = ErrorState(con_, "SELECT count(*), sum(rn) FROM (SELECT row_number() OVER (ORDER BY id) AS rn FROM t) x");
  EXPECT_EQ(error.substr(0, 6), "53200 ") << error;
  EXPECT_NE(error.find("without a PARTITION BY cannot spill"), std::string::npos) << error;
  // One partition of every row: spilling cannot split it.
  error = ErrorState(con_, "SELECT sum(rn) FROM (SELECT row_number() OVER (PARTITION BY id % 1 ORDER BY s, id) AS rn FROM t) x");
  EXPECT_EQ(error.substr(0, 6), "53200 ") << error;
  EXPECT_NE(error.find("window partition is too large"), std::string::npos) << error;
  // The session still works, and with room the query runs.
  con_.Query("RESET memory_limit");
  EXPECT_EQ(QueryText(con_, "SELECT sum(rn) FROM (SELECT row_number() OVER (PARTITION BY id % 1 ORDER BY s, id) AS rn FROM t) x"),
            "80000200000");
}

}  // namespace
}  // namespace stockroom
