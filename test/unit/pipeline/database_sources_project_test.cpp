// database_sources: in stockroom_project.yml, read and checked before anything runs
// (docs/ecommerce-warehouse.md, "Database sources"). Extraction itself needs the servers:
// test/external/pipeline_sources_test.cpp.
#include "pipeline/project.hpp"
#include "pipeline_test_support.hpp"

namespace stockroom {
namespace {

class DatabaseSourcesProjectTest : public PipelineTest {
 protected:
  // The tiny project's settings with `sources` appended; returns ReadProject's error ("" if none).
  std::string ReadWith(const std::string& sources) {
    Write("project/stockroom_project.yml", "name: tiny\ntime_zone: UTC\ndatabase_sources:\n" + sources);
    try {
      project_ = pipeline::ReadProject(project());
      return "";
    } catch (const std::exception& e) {
      return e.what();
    }
  }
  pipeline::Project project_;
};

TEST_F(DatabaseSourcesProjectTest, ReadsTheSourcesAndTheirRawTables) {
  ASSERT_EQ(ReadWith("  - system: shop\n    kind: postgres\n    url_env: SHOP_URL\n    schema: oltp\n    tables:\n"
                     "      - {table: customers, watermark: updated_at}\n"
                     "      - {table: orders, key: [order_id]}\n"),
            "");
  ASSERT_EQ(project_.database_sources.size(), 1u);
  const auto& source = project_.database_sources[0];
  EXPECT_EQ(source.time_zone, "America/New_York");
  auto [found, table] = project_.FindSource("raw.shop_orders");
  ASSERT_EQ(found, &source);
  EXPECT_EQ(source.SourceTable(*table), "oltp.orders");
  EXPECT_EQ(table->watermark, "");  // a full extract
  EXPECT_EQ(table->key, std::vector<std::string>{"order_id"});
  auto customers = project_.FindSource("raw.shop_customers").second;
  EXPECT_EQ(customers->key, std::vector<std::string>{"customer_id"});  // the first column
}

TEST_F(DatabaseSourcesProjectTest, RefusesAUrlInTheFileAnUnlistedTableAndAnUnknownOne) {
  EXPECT_NE(ReadWith("  - {system: shop, kind: postgres, url: 'postgresql://u:pw@h/db', tables: [{table: customers}, "
                     "{table: orders}]}\n")
                .find("url_env"),
            std::string::npos);
  EXPECT_NE(ReadWith("  - {system: shop, kind: postgres, url_env: U, tables: [{table: customers}]}\n")
                .find("does not list orders (raw.shop_orders)"),
            std::string::npos);
  EXPECT_NE(ReadWith("  - {system: shop, kind: postgres, url_env: U, tables: [{table: customers}, {table: orders}, "
                     "{table: invoices}]}\n")
                .find("no raw table reads landing folder shop/invoices"),
            std::string::npos);
  EXPECT_NE(ReadWith("  - {system: shop, kind: oracle, url_env: U, tables: [{table: customers}]}\n")
                .find("kind must be postgres or mysql"),
            std::string::npos);
}

TEST_F(DatabaseSourcesProjectTest, AMissingUrlVariableFailsTheSourcesLoadsAndWhatReadsThem) {
  ASSERT_EQ(ReadWith("  - {system: shop, kind: postgres, url_env: SR_TEST_UNSET_SHOP_URL, tables: [{table: customers}, "
                     "{table: orders}]}\n"),
            "");
  ::unsetenv("SR_TEST_UNSET_SHOP_URL");
  Database db;
  auto result = Run(db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failed_step, "load raw.shop_customers");
  EXPECT_NE(result.message.find("SR_TEST_UNSET_SHOP_URL"), std::string::npos) << result.message;
  Connection con(db);
  // The landing folders of shop are not read, and nothing of shop was built.
  EXPECT_EQ(Scalar(con, "SELECT count(*) FROM raw.shop_orders"), "0");
  EXPECT_EQ(Scalar(con, "SELECT count(*) FROM pipeline.steps WHERE step LIKE 'build%' AND status <> 'skipped'"), "0");
}

}  // namespace
}  // namespace stockroom
