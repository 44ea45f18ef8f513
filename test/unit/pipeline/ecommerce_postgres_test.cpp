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
#include "target_test_support.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

// The project to compare: the one that ships, or $SR_ECOMMERCE_PROJECT (to check a project
// being written elsewhere).
std::string ProjectDir() {
  if (const char* dir = std::getenv("SR_ECOMMERCE_PROJECT")) return dir;
  return fs::weakly_canonical(fs::path(SR_TEST_DATA) / ".." / ".." / "models" / "ecommerce");
}

// The relations the project builds in the compared folders, found from its files, sorted.
std::vector<std::string> ComparedRelations(const std::string& project) {
  std::vector<std::string> relations;
  for (const char* schema : {"dimensions", "facts", "analytics", "metrics"}) {
    fs::path folder = fs::path(project) / schema;
    if (!fs::is_directory(folder)) continue;
    for (auto& file : fs::directory_iterator(folder)) {
      if (file.path().extension() == ".sql") relations.push_back(std::string(schema) + "." + file.path().stem().string());
    }
  }
  std::sort(relations.begin(), relations.end());
  return relations;
}

// Hard-links into `to` the extracts of landing zone `from` dated `last` or earlier.
void LinkExtractsUpTo(const fs::path& from, const fs::path& to, const std::string& last) {
  for (auto& system : fs::directory_iterator(from)) {
    for (auto& table : fs::directory_iterator(system.path())) {
      for (auto& extract : fs::directory_iterator(table.path())) {
        if (extract.path().filename().string() > last) continue;
        fs::path target = to / system.path().filename() / table.path().filename() / extract.path().filename();
        fs::create_directories(target);
        for (auto& part : fs::directory_iterator(extract.path())) {
          fs::create_hard_link(part.path(), target / part.path().filename());
        }
      }
    }
  }
}

TEST(EcommerceOnPostgres, EveryDimensionFactAnalyticsAndMetricsRelationEqualsTheEmbeddedBuild) {
  PostgresTestDatabase pg;
  if (!pg.available()) GTEST_SKIP() << "no PostgreSQL test server (SR_PG_CONNINFO_FILE); run ctest -R pgdiff/pipeline";
  std::string project = ProjectDir();
  std::vector<std::string> relations = ComparedRelations(project);
  if (relations.empty()) GTEST_SKIP() << project << " has no models in dimensions, facts, analytics or metrics yet";

  TempDirectory dir;
  GenerateOptions generate;
  generate.sf = 0.01;
  generate.increments = 3;  // backfill 2025-12-28, then 29, 30 and 31 December
  generate.out = dir / "generated";
  generate.threads = 2;
  Generate(generate, nullptr);
  LinkExtractsUpTo(dir / "generated", dir / "backfill", "2025-12-28");

  Database db;
  for (const std::string landing : {dir / "backfill", dir / "generated"}) {
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
    std::string expected = WarehouseRows(embedded, relation), actual = WarehouseRows(target, relation);
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
