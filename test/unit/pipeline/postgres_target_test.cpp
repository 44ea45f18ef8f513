// The pipeline on a PostgreSQL 15 target (--target) against the embedded engine, on the
// tiny hand project. Needs the test server: ctest's pgdiff/pipeline/tiny starts it (a plain
// unit_tests run skips these tests).
#include "pipeline/embedded_warehouse.hpp"
#include "pipeline_test_support.hpp"
#include "target_test_support.hpp"

namespace stockroom {
namespace {

const char* const kRelations[] = {"raw.shop_customers",    "raw.shop_orders",        "staging.stg_customers",
                                  "staging.stg_orders",    "marts.customer_revenue", "marts.country_revenue"};

// What two runs must record alike (times and run-dependent values left out).
const char* const kRecordQueries[] = {
    "SELECT run_id, status, failed_step, message FROM pipeline.runs",
    "SELECT run_id, step, kind, status, rows_in, rows_out, rows_rejected, message, checksum FROM pipeline.steps",
    "SELECT file, raw_table, run_id, bytes, rows_loaded, rows_rejected FROM pipeline.loaded_files",
    "SELECT run_id, file, line_number, column_name, error_code, reason, raw_line FROM pipeline.load_errors",
    "SELECT run_id, test_name, model, column_name, severity, status, failing_rows, sql FROM pipeline.test_results",
};

std::string SortedRows(pipeline::Warehouse& warehouse, const std::string& sql) {
  pipeline::TextRows rows = warehouse.Query(sql);
  std::vector<std::string> lines;
  for (auto& row : rows.rows) {
    std::string line;
    for (auto& value : row) line += (value ? *value : "NULL") + "|";
    lines.push_back(line);
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (auto& line : lines) out += line + "\n";
  return out;
}

class PostgresTargetTest : public PipelineTest {
 protected:
  void SetUp() override {
    PipelineTest::SetUp();
    if (!pg_.available()) GTEST_SKIP() << "no PostgreSQL test server (SR_PG_CONNINFO_FILE); run ctest -R pgdiff/pipeline";
    target_ = std::make_unique<pipeline::PostgresWarehouse>(pg_.url());
  }

  pipeline::RunResult RunOnTarget() {
    pipeline::RunOptions options;
    options.landing = landing();
    options.project = project();
    options.target = pg_.url();
    return pipeline::RunPipelineOnTarget(options);
  }

  // Every relation and the run record equal on both.
  void ExpectSameAsEmbedded(Database& db) {
    pipeline::EmbeddedWarehouse embedded(db);
    for (auto* relation : kRelations) {
      std::string expected = RelationRows(embedded, relation), actual = RelationRows(*target_, relation);
      EXPECT_EQ(expected, actual) << relation << ": " << FirstDifference(expected, actual);
    }
    for (auto* sql : kRecordQueries) EXPECT_EQ(SortedRows(embedded, sql), SortedRows(*target_, sql)) << sql;
  }

  PostgresTestDatabase pg_;
  std::unique_ptr<pipeline::PostgresWarehouse> target_;
};

TEST_F(PostgresTargetTest, FirstRunBuildsAndRecordsWhatTheEmbeddedEngineDoes) {
  Database db;
  ASSERT_TRUE(Run(db).ok);
  auto result = RunOnTarget();
  ASSERT_TRUE(result.ok) << result.failed_step << ": " << result.message;
  EXPECT_EQ(result.run_id, 1);
  ExpectSameAsEmbedded(db);
  // The lineage columns are filled on the target too, and the rejected line is recorded.
  EXPECT_EQ(SortedRows(*target_, "SELECT _source_file, count(*), count(_loaded_at) FROM raw.shop_orders GROUP BY 1"),
            "shop/orders/2025-01-01/part-00000.ndjson|3|3|\nshop/orders/2025-01-02/part-00000.ndjson|2|2|\n");
  EXPECT_EQ(SortedRows(*target_, "SELECT file, line_number, column_name, error_code FROM pipeline.load_errors"),
            "shop/customers/2025-01-01/part-00000.csv|5|customer_id|22P02|\n");
  // The materialized view is one on the server.
  EXPECT_EQ(target_->Describe("marts.country_revenue").kind, "materialized_view");
}

TEST_F(PostgresTargetTest, RerunAndIncrementMatchTheEmbeddedEngine) {
  Database db;
  ASSERT_TRUE(Run(db).ok);
  ASSERT_TRUE(RunOnTarget().ok);
  ASSERT_TRUE(Run(db).ok);  // nothing new: replaced, incremental with an empty delta, refreshed
  auto rerun = RunOnTarget();
  ASSERT_TRUE(rerun.ok) << rerun.failed_step << ": " << rerun.message;
  Write("landing/shop/orders/2025-01-03/part-00000.ndjson", kOrdersIncrement);
  ASSERT_TRUE(Run(db).ok);
  auto increment = RunOnTarget();
  ASSERT_TRUE(increment.ok) << increment.failed_step << ": " << increment.message;
  EXPECT_EQ(increment.run_id, 3);
  ExpectSameAsEmbedded(db);
  EXPECT_EQ(SortedRows(*target_, "SELECT message, rows_out FROM pipeline.steps WHERE run_id = 3 AND "
                                 "step = 'build staging.stg_orders'"),
            "incremental|2|\n");
}

TEST_F(PostgresTargetTest, FileOverTheLimitLosesNothingOnTheTarget) {
  ASSERT_TRUE(RunOnTarget().ok);
  // max_errors_per_file is 2: three bad lines (3, 4 and 5) fail the file.
  Write("landing/shop/orders/2025-01-03/part-00000.ndjson",
        std::string(kOrdersIncrement) + "{not json\n{\"order_id\": \"x\"}\n[1]\n");
  Write("landing/shop/customers/2025-01-03/part-00000.csv",
        "customer_id,name,country,updated_at\n4,Barbara,US,2025-01-03T10:00:00-05:00\n");
  auto result = RunOnTarget();
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failed_step, "load raw.shop_orders");
  EXPECT_NE(result.message.find("shop/orders/2025-01-03/part-00000.ndjson"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("line 3"), std::string::npos) << result.message;
  EXPECT_EQ(SortedRows(*target_, "SELECT count(*) FROM raw.shop_orders"), "5|\n");
  EXPECT_EQ(SortedRows(*target_, "SELECT file FROM pipeline.loaded_files WHERE run_id = 2"),
            "shop/customers/2025-01-03/part-00000.csv|\n");
  EXPECT_EQ(SortedRows(*target_, "SELECT count(*) FROM pipeline.load_errors WHERE run_id = 2"), "0|\n");
  EXPECT_EQ(SortedRows(*target_, "SELECT status, failed_step FROM pipeline.runs WHERE run_id = 2"),
            "failed|load raw.shop_orders|\n");
  EXPECT_EQ(SortedRows(*target_, "SELECT step, status FROM pipeline.steps WHERE run_id = 2 AND kind = 'build'"),
            "build marts.country_revenue|skipped|\nbuild marts.customer_revenue|skipped|\n"
            "build staging.stg_customers|succeeded|\nbuild staging.stg_orders|skipped|\n");
}

TEST_F(PostgresTargetTest, ValuesReachTheServerExactly) {
  // Every kind of value a landing file holds, with what COPY's text format must escape.
  Write("project/raw/shop_notes.sql",
        "-- landing: shop/notes\n-- format: csv\n"
        "CREATE TABLE raw.shop_notes (id bigint, note text, doc jsonb, flag boolean, ratio double precision, "
        "day date, amount numeric(12,2), at timestamptz, local_at timestamp, code varchar(8));\n");
  Write("landing/shop/notes/2025-01-01/part-00000.csv",
        "id,note,doc,flag,ratio,day,amount,at,local_at,code\n"
        "1,\"tab\there, back\\\\slash \\N and\nnewline\",\"{\"\"a\"\": [1, \"\"x\\ty\"\"], \"\"b\"\": null}\",true,"
        "0.1,2025-02-28,-12.50,2025-03-01T09:15:02-05:00,2025-03-01 09:15:02,ABC\n"
        "2,,,,,,,,,\n"
        "3,\"\",\"\"\"é ✓\"\"\",false,1e300,2024-02-29,0.00,2025-06-01 00:00:00+02,2025-06-01,x\n"
        "4,bad date,{},true,1,2025-02-30,1,2025-01-01T00:00:00Z,2025-01-01,y\n");
  Database db;
  ASSERT_TRUE(Run(db).ok);
  auto result = RunOnTarget();
  ASSERT_TRUE(result.ok) << result.failed_step << ": " << result.message;
  pipeline::EmbeddedWarehouse embedded(db);
  std::string expected = RelationRows(embedded, "raw.shop_notes"), actual = RelationRows(*target_, "raw.shop_notes");
  EXPECT_EQ(expected, actual) << FirstDifference(expected, actual);
  EXPECT_EQ(SortedRows(*target_, "SELECT count(*), count(note), sum(length(note)) FROM raw.shop_notes"), "3|2|36|\n");
  EXPECT_EQ(SortedRows(*target_, "SELECT line_number, column_name FROM pipeline.load_errors WHERE file LIKE 'shop/notes/%'"),
            "6|day|\n");
}

TEST(PostgresTarget, AnUnreachableTargetRunsNothingAndHidesThePassword) {
  pipeline::RunOptions options;
  options.landing = std::string(SR_TEST_DATA) + "/pipeline/tiny/landing";
  options.project = std::string(SR_TEST_DATA) + "/pipeline/tiny/project";
  options.target = "postgresql://ada:s3cret-pw@/warehouse?host=/nonexistent-socket-dir&port=1";
  auto result = pipeline::RunPipelineOnTarget(options);
  EXPECT_FALSE(result.ok);
  EXPECT_EQ(result.failed_step, "target");
  EXPECT_EQ(result.run_id, 0);
  EXPECT_EQ(result.message.find("s3cret-pw"), std::string::npos) << result.message;
  EXPECT_NE(result.message.find("postgresql://ada:***@/warehouse"), std::string::npos) << result.message;
}

}  // namespace
}  // namespace stockroom
