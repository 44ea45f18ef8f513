#include "pipeline_test_support.hpp"

namespace stockroom {
namespace {

const char* const kModels[] = {"staging.stg_customers", "staging.stg_orders", "marts.customer_revenue",
                               "marts.country_revenue"};

TEST_F(PipelineTest, FirstRunLoadsBuildsTestsAndRecords) {
  Database db;
  auto result = Run(db);
  ASSERT_TRUE(result.ok) << result.failed_step << ": " << result.message;
  EXPECT_EQ(result.run_id, 1);
  Connection con(db);
  // Raw tables with lineage; the rejected customer line is left out.
  EXPECT_EQ(Scalar(con, "SELECT count(*), count(DISTINCT _source_file), count(_loaded_at) FROM raw.shop_customers"),
            "4|1|4");
  EXPECT_EQ(Scalar(con, "SELECT _source_file, count(*) FROM raw.shop_orders GROUP BY 1 ORDER BY 1"),
            "shop/orders/2025-01-01/part-00000.ndjson|3\nshop/orders/2025-01-02/part-00000.ndjson|2");
  // A nested JSON member through its dotted column name.
  EXPECT_EQ(Scalar(con, "SELECT source FROM staging.stg_orders WHERE order_id = 11"), "app");
  // Deduplicated: the latest row of order 11 and of customer 2.
  EXPECT_EQ(Scalar(con, "SELECT status FROM staging.stg_orders WHERE order_id = 11"), "shipped");
  EXPECT_EQ(RelationRows(con, "marts.customer_revenue"), "1|Ada|US|1|100.50|\n2|Grace Hopper|CA|1|20.00|\n3|Linus|XX|1|42.00|\n");
  EXPECT_EQ(RelationRows(con, "marts.country_revenue"), "CA|1|20.00|\nUS|1|100.50|\nXX|1|42.00|\n");

  EXPECT_EQ(Scalar(con, "SELECT status, failed_step FROM pipeline.runs"), "succeeded|NULL");
  EXPECT_EQ(Scalar(con, "SELECT file, raw_table, rows_loaded, rows_rejected FROM pipeline.loaded_files ORDER BY 1"),
            "shop/customers/2025-01-01/part-00000.csv|raw.shop_customers|4|1\n"
            "shop/orders/2025-01-01/part-00000.ndjson|raw.shop_orders|3|0\n"
            "shop/orders/2025-01-02/part-00000.ndjson|raw.shop_orders|2|0");
  EXPECT_EQ(Scalar(con, "SELECT step, status, rows_in, rows_out FROM pipeline.steps WHERE kind <> 'test' "
                        "ORDER BY started_at, step"),
            "load raw.shop_customers|succeeded|5|4\n"
            "load raw.shop_orders|succeeded|5|5\n"
            "build staging.stg_customers|succeeded|NULL|NULL\n"
            "build staging.stg_orders|succeeded|5|4\n"
            "build marts.customer_revenue|succeeded|4|3\n"
            "build marts.country_revenue|succeeded|3|3");
  // Every test ran once and passed, but the warn test on the unknown country XX.
  EXPECT_EQ(Scalar(con, "SELECT count(*), count(*) FILTER (WHERE status = 'pass') FROM pipeline.test_results"), "9|8");
  EXPECT_EQ(Scalar(con, "SELECT test_name, severity, failing_rows FROM pipeline.test_results WHERE status <> 'pass'"),
            "accepted_values(staging.stg_customers.country)|warn|1");
}

TEST_F(PipelineTest, MalformedRowLandsInLoadErrorsWithFileAndLine) {
  Database db;
  ASSERT_TRUE(Run(db).ok);
  Connection con(db);
  EXPECT_EQ(Scalar(con, "SELECT run_id, file, line_number, column_name, error_code, raw_line FROM pipeline.load_errors"),
            "1|shop/customers/2025-01-01/part-00000.csv|5|customer_id|22P02|oops,Bad,US,2025-01-01T12:00:00-05:00");
}

TEST_F(PipelineTest, RerunLoadsNothingAndGivesTheSameTables) {
  Database db;
  ASSERT_TRUE(Run(db).ok);
  Connection con(db);
  std::vector<std::string> before;
  for (auto* model : kModels) before.push_back(RelationRows(con, model));
  auto second = Run(db);
  ASSERT_TRUE(second.ok) << second.message;
  EXPECT_EQ(second.run_id, 2);
  EXPECT_EQ(Scalar(con, "SELECT count(*) FROM pipeline.loaded_files"), "3");
  EXPECT_EQ(Scalar(con, "SELECT count(*) FROM raw.shop_orders"), "5");
  EXPECT_EQ(Scalar(con, "SELECT sum(rows_out) FROM pipeline.steps WHERE run_id = 2 AND kind = 'load'"), "0");
  EXPECT_EQ(Scalar(con, "SELECT rows_out FROM pipeline.steps WHERE run_id = 2 AND step = 'build staging.stg_orders'"),
            "0");
  EXPECT_EQ(Scalar(con, "SELECT step FROM pipeline.steps WHERE run_id = 2 AND kind = 'refresh'"),
            "refresh marts.country_revenue");
  for (size_t i = 0; i < std::size(kModels); i++) EXPECT_EQ(RelationRows(con, kModels[i]), before[i]) << kModels[i];
}

TEST_F(PipelineTest, IncrementLoadsOnlyItAndTheIncrementalModelEqualsAFullBuild) {
  Database db;
  ASSERT_TRUE(Run(db).ok);
  Write("landing/shop/orders/2025-01-03/part-00000.ndjson", kOrdersIncrement);
  auto second = Run(db);
  ASSERT_TRUE(second.ok) << second.message;
  Connection con(db);
  EXPECT_EQ(Scalar(con, "SELECT file FROM pipeline.loaded_files WHERE run_id = 2"),
            "shop/orders/2025-01-03/part-00000.ndjson");
  // Orders 11 (updated again) and 14 (new) were recomputed and replaced.
  EXPECT_EQ(Scalar(con, "SELECT message, rows_out FROM pipeline.steps WHERE run_id = 2 AND "
                        "step = 'build staging.stg_orders'"),
            "incremental|2");

  Database full;  // everything in one run
  ASSERT_TRUE(Run(full).ok);
  Connection full_con(full);
  for (auto* model : kModels) EXPECT_EQ(RelationRows(con, model), RelationRows(full_con, model)) << model;
  EXPECT_EQ(Scalar(con, "SELECT count(*), sum(amount) FROM staging.stg_orders"), "5|175.50");
}

TEST_F(PipelineTest, FileOverTheLimitFailsTheRunLoadsNothingOfItselfAndKeepsEarlierFiles) {
  Database db;
  ASSERT_TRUE(Run(db).ok);
  // max_errors_per_file is 2: three bad lines (3, 4 and 5) fail the file.
  Write("landing/shop/orders/2025-01-03/part-00000.ndjson",
        std::string(kOrdersIncrement) + "{not json\n{\"order_id\": \"x\"}\n[1]\n");
  Write("landing/shop/customers/2025-01-03/part-00000.csv",
        "customer_id,name,country,updated_at\n4,Barbara,US,2025-01-03T10:00:00-05:00\n");
  auto result = Run(db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failed_step, "load raw.shop_orders");
  EXPECT_NE(result.message.find("shop/orders/2025-01-03/part-00000.ndjson"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("line 3"), std::string::npos) << result.message;
  Connection con(db);
  EXPECT_EQ(Scalar(con, "SELECT count(*) FROM raw.shop_orders WHERE _source_file LIKE '%2025-01-03%'"), "0");
  EXPECT_EQ(Scalar(con, "SELECT file FROM pipeline.loaded_files WHERE run_id = 2"),
            "shop/customers/2025-01-03/part-00000.csv");
  EXPECT_EQ(Scalar(con, "SELECT count(*) FROM raw.shop_orders"), "5");
  EXPECT_EQ(Scalar(con, "SELECT status, failed_step FROM pipeline.runs WHERE run_id = 2"), "failed|load raw.shop_orders");
  // What reads the failed table is skipped; the customers view still builds.
  EXPECT_EQ(Scalar(con, "SELECT step, status, message FROM pipeline.steps WHERE run_id = 2 AND kind = 'build' "
                        "ORDER BY started_at, step"),
            "build staging.stg_customers|succeeded|replaced\n"
            "build staging.stg_orders|skipped|skipped: load of raw.shop_orders failed\n"
            "build marts.customer_revenue|skipped|skipped: load of raw.shop_orders failed\n"
            "build marts.country_revenue|skipped|skipped: load of raw.shop_orders failed");
}

TEST_F(PipelineTest, ErrorTestSkipsDependentsAndFailsTheRun) {
  Write("landing/shop/orders/2025-01-03/part-00000.ndjson",
        R"({"order_id": 15, "customer_id": 1, "amount": -3.00, "status": "placed", "meta": {}, "updated_at": "2025-01-03T09:00:00-05:00"})"
        "\n");
  Database db;
  auto result = Run(db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failed_step, "test expression(staging.stg_orders: amount >= 0)");
  EXPECT_EQ(result.message, "1 failing rows");
  Connection con(db);
  EXPECT_EQ(Scalar(con, "SELECT step, status, message FROM pipeline.steps WHERE kind = 'build' ORDER BY started_at, step"),
            "build staging.stg_customers|succeeded|created\n"
            "build staging.stg_orders|succeeded|created\n"
            "build marts.customer_revenue|skipped|skipped: test expression(staging.stg_orders: amount >= 0) failed\n"
            "build marts.country_revenue|skipped|skipped: test expression(staging.stg_orders: amount >= 0) failed");
  EXPECT_EQ(Scalar(con, "SELECT status, failing_rows, sql FROM pipeline.test_results WHERE severity = 'error' AND "
                        "status <> 'pass'"),
            "fail|1|SELECT * FROM staging.stg_orders WHERE (amount >= 0) IS FALSE");
  EXPECT_EQ(Scalar(con, "SELECT status FROM pipeline.runs"), "failed");
}

TEST_F(PipelineTest, WarnTestIsReportedAndStopsNothing) {
  Database db;
  auto result = Run(db);
  ASSERT_TRUE(result.ok) << result.message;
  Connection con(db);
  EXPECT_EQ(Scalar(con, "SELECT status, message FROM pipeline.steps WHERE "
                        "step = 'test accepted_values(staging.stg_customers.country)'"),
            "succeeded|warning: 1 failing rows");
  EXPECT_EQ(Scalar(con, "SELECT count(*) FROM pipeline.steps WHERE status <> 'succeeded'"), "0");
}

TEST_F(PipelineTest, ResumeCompletesAFailedRunAfterTheCauseIsFixed) {
  Write("landing/shop/orders/2025-01-03/part-00000.ndjson",
        R"({"order_id": 15, "customer_id": 1, "amount": -3.00, "status": "placed", "meta": {}, "updated_at": "2025-01-03T09:00:00-05:00"})"
        "\n");
  Database db;
  ASSERT_FALSE(Run(db).ok);
  // The fix: the source sends the corrected order the next day.
  Write("landing/shop/orders/2025-01-04/part-00000.ndjson",
        R"({"order_id": 15, "customer_id": 1, "amount": 3.00, "status": "placed", "meta": {}, "updated_at": "2025-01-04T09:00:00-05:00"})"
        "\n");
  auto result = Run(db, /*resume=*/true);
  ASSERT_TRUE(result.ok) << result.failed_step << ": " << result.message;
  Connection con(db);
  EXPECT_EQ(Scalar(con, "SELECT run_id, status, resumed_from FROM pipeline.runs ORDER BY run_id"),
            "1|failed|NULL\n2|succeeded|1");
  // The customers view succeeded in run 1 and its input did not change: kept. The orders
  // had a new file: built again, and what was skipped is built now.
  EXPECT_EQ(Scalar(con, "SELECT step, status, message FROM pipeline.steps WHERE run_id = 2 AND kind <> 'test' AND "
                        "kind <> 'load' ORDER BY started_at, step"),
            "build staging.stg_customers|skipped|resume: built in run 1, inputs unchanged\n"
            "build staging.stg_orders|succeeded|incremental\n"
            "build marts.customer_revenue|succeeded|created\n"
            "build marts.country_revenue|succeeded|created");
  EXPECT_EQ(Scalar(con, "SELECT revenue FROM marts.customer_revenue WHERE customer_id = 1"), "103.50");
}

TEST_F(PipelineTest, ResumeAfterAModelIsFixed) {
  Write("project/marts/customer_revenue.sql", "SELECT customer_id, nope FROM staging.stg_customers\n");
  Database db;
  auto failed = Run(db);
  ASSERT_FALSE(failed.ok);
  EXPECT_EQ(failed.failed_step, "build marts.customer_revenue");
  EXPECT_NE(failed.message.find("nope"), std::string::npos) << failed.message;
  std::filesystem::copy_file(std::string(SR_TEST_DATA) + "/pipeline/tiny/project/marts/customer_revenue.sql",
                             project() + "/marts/customer_revenue.sql",
                             std::filesystem::copy_options::overwrite_existing);
  auto result = Run(db, /*resume=*/true);
  ASSERT_TRUE(result.ok) << result.failed_step << ": " << result.message;
  Connection con(db);
  EXPECT_EQ(Scalar(con, "SELECT step, status FROM pipeline.steps WHERE run_id = 2 AND kind = 'build' "
                        "ORDER BY started_at, step"),
            "build staging.stg_customers|skipped\n"
            "build staging.stg_orders|skipped\n"
            "build marts.customer_revenue|succeeded\n"
            "build marts.country_revenue|succeeded");
  EXPECT_EQ(RelationRows(con, "marts.country_revenue"), "CA|1|20.00|\nUS|1|100.50|\nXX|1|42.00|\n");
}

TEST_F(PipelineTest, UnknownReferenceIsAnErrorNamingTheFile) {
  Write("project/marts/broken.sql", "SELECT * FROM staging.stg_nothing\n");
  Database db;
  auto result = Run(db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failed_step, "project");
  EXPECT_NE(result.message.find("marts/broken.sql"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("staging.stg_nothing"), std::string::npos) << result.message;
  Connection con(db);
  EXPECT_THROW(con.Query("SELECT * FROM raw.shop_orders"), std::exception);  // nothing ran
}

TEST_F(PipelineTest, CycleIsAnErrorNamingTheFiles) {
  Write("project/marts/a.sql", "SELECT * FROM marts.b\n");
  Write("project/marts/b.sql", "WITH x AS (SELECT * FROM marts.a) SELECT * FROM x\n");
  Database db;
  auto result = Run(db);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failed_step, "project");
  EXPECT_NE(result.message.find("cycle"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("marts/a.sql"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("marts/b.sql"), std::string::npos) << result.message;
}

TEST_F(PipelineTest, ParallelBuildGivesTheSameTables) {
  Database serial_db, parallel_db;
  pipeline::RunOptions options;
  options.landing = landing();
  options.project = project();
  options.threads = 1;
  ASSERT_TRUE(pipeline::RunPipeline(serial_db, options).ok);
  options.threads = 4;
  ASSERT_TRUE(pipeline::RunPipeline(parallel_db, options).ok);
  Connection serial(serial_db), parallel(parallel_db);
  for (auto* model : kModels) EXPECT_EQ(RelationRows(serial, model), RelationRows(parallel, model)) << model;
}

}  // namespace
}  // namespace stockroom
