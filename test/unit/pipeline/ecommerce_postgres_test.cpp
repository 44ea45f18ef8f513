// Acceptance 2 of the e-commerce warehouse: on generated SF 0.01 data, every relation of
// dimensions, facts, analytics and metrics that the embedded engine builds equals the one
// the same project builds with --target on PostgreSQL 15. The backfill is loaded and built
// first, then the three daily increments, so incremental models take their incremental
// path on both. Needs the test server: ctest's pgdiff/pipeline/ecommerce_sf0.01 starts it.
#include <filesystem>

#include "generate/generator.hpp"
#include "main/database.hpp"
#include "pipeline/embedded_warehouse.hpp"
#include "pipeline/pipeline.hpp"
#include "support/temp_directory.hpp"
#include "pipeline/warehouse_test_support.hpp"
#include "target_test_support.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

TEST(EcommerceOnPostgres, EveryDimensionFactAnalyticsAndMetricsRelationEqualsTheEmbeddedBuild) {
  PostgresTestDatabase pg;
  if (!pg.available()) GTEST_SKIP() << "no PostgreSQL test server (SR_PG_CONNINFO_FILE); run ctest -R pgdiff/pipeline";
  std::string project = EcommerceProject();
  std::vector<std::string> relations = ProjectRelations({"dimensions", "facts", "rollups", "analytics", "metrics"});
  ASSERT_FALSE(relations.empty()) << project << " has no models in dimensions, facts, analytics or metrics";

  TempDirectory dir;
  GenerateOptions generate;
  generate.sf = 0.01;
  generate.increments = 3;  // backfill 2025-12-28, then 29, 30 and 31 December
  generate.out = dir / "generated";
  generate.threads = 2;
  Generate(generate, nullptr);
  LinkExtracts(dir / "generated", dir / "backfill", "2025-12-28");

  Database db;
  for (const std::string& landing : {dir / "backfill", dir / "generated"}) {
    pipeline::RunOptions options;
    options.landing = landing;
    options.project = project;
    auto embedded = pipeline::RunPipeline(db, options);
    ASSERT_TRUE(embedded.ok) << "embedded, " << landing << ": " << embedded.failed_step << ": " << embedded.message;
    options.target = pg.url();
    auto target = pipeline::RunPipelineOnTarget(options);
    ASSERT_TRUE(target.ok) << "postgresql, " << landing << ": " << target.failed_step << ": " << target.message;
  }

  pipeline::EmbeddedWarehouse embedded(db);
  pipeline::PostgresWarehouse target(pg.url());
  for (auto& relation : relations) {
    std::string expected = RelationRows(embedded, relation), actual = RelationRows(target, relation);
    EXPECT_GT(std::count(expected.begin(), expected.end(), '\n'), 1) << relation << " is empty: nothing compared";
    EXPECT_TRUE(expected == actual) << relation << " differs at " << FirstDifference(expected, actual);
  }
  // The load agreed too: the same files, rows and rejected lines.
  for (const char* sql : {"SELECT count(*), sum(rows_loaded), sum(rows_rejected) FROM pipeline.loaded_files",
                          "SELECT count(*), count(DISTINCT file) FROM pipeline.load_errors"}) {
    EXPECT_EQ(embedded.Query(sql).rows, target.Query(sql).rows) << sql;
  }
}

}  // namespace
}  // namespace stockroom
