// Issue 5, acceptance 3: the backfill then three daily increments, one pipeline run each,
// build the same warehouse as one run over all the files at once; and a run with no new
// files loads nothing and changes nothing.
#include <gtest/gtest.h>

#include "generate/generator.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/warehouse_test_support.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

const char* kDates[] = {"2025-12-28", "2025-12-29", "2025-12-30", "2025-12-31"};

pipeline::RunResult RunProject(Database& db, const fs::path& landing) {
  pipeline::RunOptions options;
  options.landing = landing;
  options.project = EcommerceProject();
  return pipeline::RunPipeline(db, options);
}

TEST(IncrementalBuildTest, DailyRunsEqualOneFullBuild) {
  TempDirectory dir;
  GenerateOptions generate;
  generate.sf = 0.01;
  generate.increments = 3;
  generate.out = dir / "generated";
  Generate(generate, nullptr);

  Database full_db;
  fs::path all = dir / "all";
  LinkExtracts(generate.out, all, kDates[3], /*up_to=*/true);
  auto full = RunProject(full_db, all);
  ASSERT_TRUE(full.ok) << full.failed_step << ": " << full.message;

  Database daily_db;
  fs::path daily = dir / "daily";
  for (const char* date : kDates) {
    LinkExtracts(generate.out, daily, date);
    auto run = RunProject(daily_db, daily);
    ASSERT_TRUE(run.ok) << date << ": " << run.failed_step << ": " << run.message;
  }

  Connection full_con(full_db), daily_con(daily_db);
  // Every landing file was loaded once, in either way of running.
  EXPECT_EQ(QueryText(full_con, "SELECT count(*), sum(rows_loaded) FROM pipeline.loaded_files"),
            QueryText(daily_con, "SELECT count(*), sum(rows_loaded) FROM pipeline.loaded_files"));
  auto relations = ProjectRelations({"dimensions", "facts", "rollups", "analytics", "metrics"});
  ASSERT_GT(relations.size(), 20u);
  for (const auto& relation : relations) {
    EXPECT_EQ(RelationRows(full_con, relation), RelationRows(daily_con, relation)) << relation;
  }

  // A run without new files loads nothing and leaves the warehouse as it was.
  std::string before = RelationRows(daily_con, "facts.fact_sales");
  std::string files = QueryText(daily_con, "SELECT count(*) FROM pipeline.loaded_files");
  auto again = RunProject(daily_db, daily);
  ASSERT_TRUE(again.ok) << again.failed_step << ": " << again.message;
  EXPECT_EQ(QueryText(daily_con, "SELECT count(*) FROM pipeline.loaded_files"), files);
  EXPECT_EQ(QueryText(daily_con, "SELECT count(*) FROM pipeline.loaded_files WHERE run_id = " +
                                     std::to_string(again.run_id)),
            "0");
  EXPECT_EQ(RelationRows(daily_con, "facts.fact_sales"), before);
}

}  // namespace
}  // namespace stockroom
