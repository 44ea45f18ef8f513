// A hash join whose build side does not fit in memory_limit spills to disk: EXPLAIN ANALYZE
// says so on the join, the results are those of the same join in memory, and a build side
// made of one key value, which partitioning cannot split, fails cleanly with 53200.
#include <gtest/gtest.h>

#include <dirent.h>

#include <regex>
#include <string>

#include "common/error/exception.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

int FilesIn(const std::string& dir) {
  int n = 0;
  DIR* d = opendir(dir.c_str());
  if (!d) return 0;
  while (dirent* e = readdir(d)) n += e->d_name[0] != '.';
  closedir(d);
  return n;
}

class SpillJoinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    con_.Query(
        "CREATE TABLE build AS SELECT CASE WHEN i % 50 = 0 THEN NULL ELSE i END AS k, i % 1000 AS v, 'b' || i AS s "
        "FROM generate_series(1, 300000) i");
    con_.Query(
        "CREATE TABLE probe AS SELECT CASE WHEN i % 100 = 0 THEN NULL ELSE (i * 7) % 400000 END AS k, i AS w "
        "FROM generate_series(1, 500000) i");
  }

  TempDirectory temp_;
  Database db_{DatabaseConfig{temp_ / "db"}};
  Connection con_{db_};
};

const std::regex kSpilled(R"(\[spilled \d+(MB|kB) \(\d+ rows\) to \d+ temporary files\])");

TEST_F(SpillJoinTest, ExplainAnalyzeSaysTheJoinSpilledAndResultsMatchMemory) {
  const std::string query =
      "SELECT count(*), sum(build.v), sum(probe.w), sum(length(build.s)) FROM probe JOIN build ON probe.k = build.k";
  std::string in_memory = QueryText(con_, query);
  EXPECT_EQ(in_memory, "378000|189000000|94500000000|2506002");
  std::string line = ExplainAnalyzeLine(con_, query, "HASH_JOIN");
  EXPECT_EQ(line.find("spilled"), std::string::npos) << line;

  con_.Query("SET memory_limit = '16MB'");
  line = ExplainAnalyzeLine(con_, query, "HASH_JOIN");
  EXPECT_TRUE(std::regex_search(line, kSpilled)) << line;
  EXPECT_EQ(QueryText(con_, query), in_memory);
  // Spill files are gone with the query (they are unlinked as soon as they are created).
  EXPECT_EQ(FilesIn(temp_ / "db/temp"), 0);
}

TEST_F(SpillJoinTest, EveryJoinTypeGivesTheInMemoryResult) {
  const char* queries[] = {
      "SELECT count(*), count(build.k), sum(build.v), sum(probe.w) FROM probe LEFT JOIN build ON probe.k = build.k",
      "SELECT count(*), count(probe.k), sum(build.v), sum(probe.w) FROM probe RIGHT JOIN build ON probe.k = build.k",
      "SELECT count(*), count(probe.k), count(build.k), sum(build.v) FROM probe FULL JOIN build ON probe.k = build.k",
      "SELECT count(*), sum(w) FROM probe WHERE EXISTS (SELECT 1 FROM build WHERE build.k = probe.k)",
      "SELECT count(*), count(k), sum(w) FROM probe WHERE NOT EXISTS (SELECT 1 FROM build WHERE build.k = probe.k)",
      "SELECT count(*), count(probe.k NOT IN (SELECT k FROM build)) FROM probe",
      "SELECT count(*), count(build.k) FROM probe LEFT JOIN build ON probe.k = build.k AND (probe.w + build.v) % 3 <> 0",
  };
  for (const char* query : queries) {
    con_.Query("RESET memory_limit");
    std::string in_memory = QueryText(con_, query);
    con_.Query("SET memory_limit = '12MB'");
    EXPECT_TRUE(std::regex_search(ExplainAnalyzeLine(con_, query, "HASH_JOIN"), kSpilled)) << query;
    EXPECT_EQ(QueryText(con_, query), in_memory) << query;
  }
}

TEST_F(SpillJoinTest, OneKeyThatDoesNotFitFailsWith53200) {
  con_.Query("CREATE TABLE same AS SELECT 7 AS k, i AS v FROM generate_series(1, 1000000) i");
  con_.Query("SET memory_limit = '8MB'");
  try {
    con_.Query("SELECT count(*) FROM probe WHERE NOT EXISTS (SELECT 1 FROM same WHERE same.k = probe.k)");
    ADD_FAILURE() << "a build side of one key value larger than memory_limit was joined";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.code(), ErrorCode::kOutOfMemory) << e.what();
  }
  // The session stays usable; in memory, the join runs (probe rows 1 and 400001 have key 7).
  con_.Query("RESET memory_limit");
  EXPECT_EQ(QueryText(con_, "SELECT count(*) FROM probe WHERE NOT EXISTS (SELECT 1 FROM same WHERE same.k = probe.k)"),
            "499998");
}

}  // namespace
}  // namespace stockroom
