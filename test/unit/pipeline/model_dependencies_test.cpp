#include "pipeline/model_dependencies.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace stockroom::pipeline {
namespace {

using Names = std::vector<std::string>;

TEST(ModelDependencies, QualifiedNamesAtAnyDepthWithoutCtes) {
  EXPECT_EQ(QualifiedRelations("WITH recent AS (SELECT * FROM raw.shop_orders WHERE id IN (SELECT id FROM staging.b)) "
                               "SELECT r.*, (SELECT max(x) FROM dims.d) FROM recent AS r "
                               "JOIN (SELECT * FROM staging.a UNION ALL SELECT * FROM staging.c) AS u ON true "
                               "WHERE EXISTS (SELECT 1 FROM facts.f) ORDER BY 1"),
            (Names{"dims.d", "facts.f", "raw.shop_orders", "staging.a", "staging.b", "staging.c"}));
  // Unqualified names (CTEs, pg_catalog lookups) are not dependencies.
  EXPECT_EQ(QualifiedRelations("WITH t AS (SELECT 1 AS a) SELECT * FROM t, generate_series(1, 2)"), Names{});
}

TEST(ModelDependencies, OneSelectOnly) {
  EXPECT_THROW(QualifiedRelations("SELECT 1; SELECT 2"), std::runtime_error);
  EXPECT_THROW(QualifiedRelations("DELETE FROM raw.t"), std::runtime_error);
  try {
    QualifiedRelations("SELECT FROM WHERE");
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("syntax error"), std::string::npos) << e.what();
  }
}

TEST(ModelDependencies, CreateTableColumns) {
  auto created = ParseCreateTable("-- landing: a/b\nCREATE TABLE raw.a_b (id int, \"x.y\" text)");
  EXPECT_EQ(created.relation, "raw.a_b");
  EXPECT_EQ(created.columns, (Names{"id", "x.y"}));
}

}  // namespace
}  // namespace stockroom::pipeline
