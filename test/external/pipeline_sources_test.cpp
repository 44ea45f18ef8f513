// Issue 5, acceptance 5: the pipeline with the shop read from its PostgreSQL database and
// the B2B portal from its MariaDB database (database_sources:), the other seven systems
// from the landing files, builds the same warehouse as the pipeline over the landing files
// alone. The databases advance one extract date at a time, as the OLTP systems did, with a
// pipeline run after each day (docs/ecommerce-warehouse.md, "Database sources").
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "ingest/external/database_loader.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/warehouse_test_support.hpp"
#include "source_test_support.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

// What a deployment adds to stockroom_project.yml to read the two OLTP databases.
constexpr const char* kDatabaseSources = R"yml(
database_sources:
  - system: shop
    kind: postgres
    url_env: SR_TEST_SHOP_URL
    schema: shop
    time_zone: America/New_York
    tables:
      - {table: customers,           watermark: updated_at}
      - {table: products,            watermark: updated_at}
      - {table: warehouses}
      - {table: orders,              watermark: updated_at}
      - {table: order_items,         watermark: updated_at}
      - {table: returns,             watermark: "coalesce(received_at, requested_at)"}
      - {table: inventory_snapshots, watermark: snapshot_date, key: [snapshot_date, warehouse_id, product_id]}
  - system: b2b_portal
    kind: mysql
    url_env: SR_TEST_B2B_PORTAL_URL
    tables:
      - {table: accounts, watermark: updated_at}
)yml";

class PipelineSourcesTest : public SourceTest {
 protected:
  pipeline::RunResult Run(Database& db, const std::string& project, const fs::path& landing) {
    pipeline::RunOptions options;
    options.landing = landing;
    options.project = project;
    return pipeline::RunPipeline(db, options);
  }
};

TEST_F(PipelineSourcesTest, DailyRunsFromTheDatabasesEqualRunsFromTheLandingFiles) {
  // The shipped project, plus the database sources.
  fs::path project = scratch_ / "project";
  fs::copy(EcommerceProject(), project, fs::copy_options::recursive);
  std::ofstream(project / "stockroom_project.yml", std::ios::app) << kDatabaseSources;

  auto shop = FreshPostgresDatabase("sr_ext_pipeline_shop");
  std::string portal = FreshMysqlDatabase("sr_ext_pipeline_portal");
  ASSERT_FALSE(HasFailure());
  ::setenv("SR_TEST_SHOP_URL", shop->url().c_str(), 1);
  ::setenv("SR_TEST_B2B_PORTAL_URL", portal.c_str(), 1);

  Database from_files, from_databases;
  fs::path landing = scratch_ / "landing";
  const char* dates[] = {kBackfill, "2025-12-29", "2025-12-30", "2025-12-31"};
  for (const char* date : dates) {
    // The night's extracts: in the landing zone, and applied to the OLTP databases.
    LinkExtracts(Landing(), landing, date);
    DatabaseLoadOptions load;
    load.from = date == std::string(kBackfill) ? "" : date;
    load.through = date;
    load.replace = load.from.empty();
    LoadShopIntoPostgres(shop->url(), Landing(), load);
    LoadB2bPortalIntoMysql(portal, Landing(), load);

    auto files = Run(from_files, EcommerceProject(), landing);
    ASSERT_TRUE(files.ok) << date << ": " << files.failed_step << ": " << files.message;
    auto databases = Run(from_databases, project, landing);
    ASSERT_TRUE(databases.ok) << date << ": " << databases.failed_step << ": " << databases.message;
  }

  Connection files_con(from_files), databases_con(from_databases);
  // The shop and the portal came from the databases (one extract a day and table when
  // anything changed), the other systems from the same landing files.
  EXPECT_EQ(QueryText(databases_con, "SELECT count(*) FROM pipeline.loaded_files WHERE file LIKE 'shop/%' OR file "
                                     "LIKE 'b2b_portal/%'"),
            "0");
  EXPECT_EQ(QueryText(databases_con, "SELECT count(DISTINCT _source_file) FROM raw.shop_orders "
                                     "WHERE _source_file LIKE 'postgresql:shop.orders@%'"),
            "4");
  EXPECT_EQ(QueryText(databases_con, "SELECT count(*) FROM pipeline.source_watermarks WHERE raw_table = "
                                     "'raw.shop_warehouses'"),
            "1");  // the whole table, loaded again only when it changes
  EXPECT_EQ(QueryText(files_con, "SELECT count(*), sum(rows_loaded) FROM pipeline.loaded_files WHERE file NOT LIKE "
                                 "'shop/%' AND file NOT LIKE 'b2b_portal/%'"),
            QueryText(databases_con, "SELECT count(*), sum(rows_loaded) FROM pipeline.loaded_files WHERE file NOT "
                                     "LIKE '%:%'"));

  // Customers' SCD2 history came through the daily extracts (versions that ended).
  EXPECT_NE(QueryText(databases_con, "SELECT count(*) FROM dimensions.dim_customer WHERE NOT is_current"), "0");

  auto relations = ProjectRelations({"dimensions", "facts", "analytics", "metrics"});
  ASSERT_GT(relations.size(), 20u);
  for (const auto& relation : relations) {
    EXPECT_EQ(RelationRows(files_con, relation), RelationRows(databases_con, relation)) << relation;
  }

  // A run with nothing new extracts nothing.
  auto again = Run(from_databases, project, landing);
  ASSERT_TRUE(again.ok) << again.failed_step << ": " << again.message;
  EXPECT_EQ(QueryText(databases_con, "SELECT sum(rows_out) FROM pipeline.steps WHERE kind = 'load' AND run_id = " +
                                         std::to_string(again.run_id)),
            "0");
}

}  // namespace
}  // namespace stockroom
