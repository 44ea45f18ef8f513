// A WITH query referenced once is planned in place of its reference (as in PostgreSQL 12+):
// no CTE materialization in the plan, and a filter on it reaches the table scan. The cases
// PostgreSQL materializes stay materialized.
#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class CteInliningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    con_.Query("CREATE TABLE t AS SELECT i AS id, i % 10 AS g FROM generate_series(1, 100000) i");
  }
  std::string Plan(const std::string& sql) { return QueryText(con_, "EXPLAIN " + sql); }

  Database db_;
  Connection con_{db_};
};

TEST_F(CteInliningTest, ASingleUseCteIsInlinedAndFiltersReachItsScan) {
  std::string sql = "WITH c AS (SELECT g, count(*) AS n FROM t GROUP BY g) SELECT * FROM c WHERE g = 3";
  std::string plan = Plan(sql);
  EXPECT_EQ(plan.find("CTE"), std::string::npos) << plan;
  EXPECT_NE(plan.find("SEQ_SCAN (public.t, g = 3)"), std::string::npos) << plan;
  EXPECT_EQ(QueryText(con_, sql), "3|10000");
}

TEST_F(CteInliningTest, ACteReadOnlyByAnotherSingleUseCteIsInlinedToo) {
  std::string sql =
      "WITH a AS (SELECT id FROM t WHERE id < 10), b AS (SELECT id * 2 AS d FROM a) SELECT sum(d), count(*) FROM b";
  EXPECT_EQ(Plan(sql).find("CTE"), std::string::npos) << Plan(sql);
  EXPECT_EQ(QueryText(con_, sql), "90|9");  // 2 * (1 + ... + 9)
}

TEST_F(CteInliningTest, MaterializedTwiceUsedAndVolatileCtesStayMaterialized) {
  for (const char* sql : {
           "WITH c AS MATERIALIZED (SELECT g FROM t) SELECT count(*) FROM c WHERE g = 3",
           "WITH c AS (SELECT g FROM t) SELECT count(*) FROM c x JOIN c y USING (g) WHERE x.g = 3 AND y.g = 3",
           "WITH c AS (SELECT g, random() AS r FROM t) SELECT count(*) FROM c WHERE g = 3",
       }) {
    std::string plan = Plan(sql);
    EXPECT_NE(plan.find("CTE_SCAN"), std::string::npos) << sql << "\n" << plan;
  }
  EXPECT_EQ(QueryText(con_, "WITH c AS (SELECT random() AS r) SELECT count(*) FROM c x, c y WHERE x.r = y.r"), "1")
      << "both references read the one value random() gave";
}

}  // namespace
}  // namespace stockroom
