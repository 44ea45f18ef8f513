// Issue 5, acceptance 4: dirty data is handled and visible. On a generated SF 0.01 landing
// zone plus hand-written dirt: NetSuite's duplicate rows are dropped and counted, malformed
// rows are rejected with their file and line, a late update wins, the data tests' results
// are in the run record, and a broken landing file fails the run clearly without losing
// anything already loaded.
#include <gtest/gtest.h>

#include <fstream>

#include "generate/generator.hpp"
#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/pipeline.hpp"
#include "pipeline/warehouse_test_support.hpp"
#include "support/temp_directory.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

class DirtyDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDirectory();
    GenerateOptions generate;
    generate.sf = 0.01;
    generate.out = *dir_ / "landing";
    Generate(generate, nullptr);
    db_ = new Database();
    con_ = new Connection(*db_);
    first_ = new pipeline::RunResult(Run());
  }
  static void TearDownTestSuite() {
    delete first_;
    delete con_;
    delete db_;
    delete dir_;
  }
  static pipeline::RunResult Run() {
    pipeline::RunOptions options;
    options.landing = *dir_ / "landing";
    options.project = EcommerceProject();
    return pipeline::RunPipeline(*db_, options);
  }
  // Writes a landing file of a later extract.
  static fs::path WriteExtract(const std::string& table, const std::string& date, const std::string& name,
                               const std::string& text) {
    fs::path path = fs::path(*dir_ / "landing") / table / date / name;
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
    return path;
  }
  static std::string Q(const std::string& sql) { return QueryText(*con_, sql); }

  static TempDirectory* dir_;
  static Database* db_;
  static Connection* con_;
  static pipeline::RunResult* first_;
};

TempDirectory* DirtyDataTest::dir_ = nullptr;
Database* DirtyDataTest::db_ = nullptr;
Connection* DirtyDataTest::con_ = nullptr;
pipeline::RunResult* DirtyDataTest::first_ = nullptr;

TEST_F(DirtyDataTest, DuplicatesAreDroppedAndCounted) {
  ASSERT_TRUE(first_->ok) << first_->failed_step << ": " << first_->message;
  // NetSuite exports about 0.5% of its purchase-order lines twice.
  long raw = std::stol(Q("SELECT count(*) FROM raw.netsuite_purchase_orders"));
  long distinct = std::stol(Q("SELECT count(*) FROM (SELECT DISTINCT po_id, po_line, updated_at FROM "
                              "raw.netsuite_purchase_orders) d"));
  long staged = std::stol(Q("SELECT count(*) FROM staging.stg_purchase_orders"));
  ASSERT_GT(raw, distinct);
  EXPECT_LE(staged, distinct);
  EXPECT_EQ(staged, std::stol(Q("SELECT count(*) FROM (SELECT DISTINCT po_id, po_line FROM "
                                "raw.netsuite_purchase_orders) d")));
  // The run record counts what the staging model dropped.
  EXPECT_EQ(Q("SELECT rows_in - rows_out >= " + std::to_string(raw - distinct) +
              " FROM pipeline.steps WHERE step = 'build staging.stg_purchase_orders' AND run_id = " +
              std::to_string(first_->run_id)),
            "t");
}

TEST_F(DirtyDataTest, DataTestResultsAreInTheRunRecord) {
  ASSERT_TRUE(first_->ok);
  std::string id = std::to_string(first_->run_id);
  EXPECT_GT(std::stol(Q("SELECT count(*) FROM pipeline.test_results WHERE run_id = " + id)), 50);
  EXPECT_EQ(Q("SELECT count(*) FROM pipeline.test_results WHERE run_id = " + id +
              " AND severity = 'error' AND status <> 'pass'"),
            "0");
  EXPECT_EQ(Q("SELECT status FROM pipeline.runs WHERE run_id = " + id), "succeeded");
}

TEST_F(DirtyDataTest, MalformedRowsAreRejectedWithFileAndLineAndLateUpdatesWin) {
  ASSERT_TRUE(first_->ok);
  // Order 1 was delivered long ago; a late update (the same row, later) marks it returned.
  // Between two copies of it, a row with a field too few and a row with an amount that is
  // not a number.
  std::string late = Q(
      "SELECT concat_ws(',', order_id, customer_id, to_char(order_ts AT TIME ZONE 'UTC', "
      "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), channel, 'returned', warehouse_id, ship_city, ship_state, ship_zip, "
      "coalesce(promo_code, ''), subtotal, discount_total, shipping_fee, tax, total, coalesce(ga_session_id::text, ''), "
      "'2026-01-02T10:00:00-05:00') FROM raw.shop_orders WHERE order_id = 1 ORDER BY updated_at DESC LIMIT 1");
  std::string header =
      "order_id,customer_id,order_ts,channel,status,warehouse_id,ship_city,ship_state,ship_zip,promo_code,subtotal,"
      "discount_total,shipping_fee,tax,total,ga_session_id,updated_at\n";
  WriteExtract("shop/orders", "2026-01-02", "part-00000.csv",
               header + late + "\n" + "999999991,1,2026-01-02T09:00:00-05:00,web,placed,1\n" +
                   "999999992,1,2026-01-02T09:00:00-05:00,web,placed,1,Boston,MA,02108,,ten,0.00,5.00,0.80,15.80,,"
                   "2026-01-02T10:00:00-05:00\n" +
                   late + "\n");
  auto run = Run();
  ASSERT_TRUE(run.ok) << run.failed_step << ": " << run.message;
  std::string id = std::to_string(run.run_id);
  EXPECT_EQ(Q("SELECT file, line_number FROM pipeline.load_errors WHERE run_id = " + id + " ORDER BY line_number"),
            "shop/orders/2026-01-02/part-00000.csv|3\nshop/orders/2026-01-02/part-00000.csv|4");
  EXPECT_EQ(Q("SELECT rows_loaded, rows_rejected FROM pipeline.loaded_files WHERE file = "
              "'shop/orders/2026-01-02/part-00000.csv'"),
            "2|2");
  EXPECT_EQ(Q("SELECT status FROM facts.fact_orders WHERE order_id = 1"), "returned");
}

TEST_F(DirtyDataTest, ABrokenFileFailsTheRunAndLosesNothing) {
  ASSERT_TRUE(first_->ok);
  std::string raw_before = Q("SELECT count(*) FROM raw.shop_order_items");
  std::string files_before = Q("SELECT count(*) FROM pipeline.loaded_files");
  std::string sales_before = RelationRows(*con_, "facts.fact_sales");
  // Good rows in one file, and a file that is not CSV at all: every line is bad.
  WriteExtract("shop/customers", "2026-01-03", "part-00000.csv",
               "customer_id,email,first_name,last_name,phone,customer_type,company_name,address_city,address_state,"
               "address_zip,country,marketing_opt_in,created_at,updated_at\n"
               "999999,new@example.com,New,Person,,b2c,,Boston,MA,02108,US,true,2026-01-03T09:00:00-05:00,"
               "2026-01-03T09:00:00-05:00\n");
  std::string garbage;
  for (int i = 0; i < 2000; i++) garbage += "\x01\x02 not a csv line\n";
  fs::path broken = WriteExtract("shop/order_items", "2026-01-03", "part-00000.csv", garbage);

  auto run = Run();
  ASSERT_FALSE(run.ok);
  EXPECT_NE(run.failed_step.find("raw.shop_order_items"), std::string::npos) << run.failed_step;
  EXPECT_NE(run.message.find("shop/order_items/2026-01-03/part-00000.csv"), std::string::npos) << run.message;
  EXPECT_EQ(Q("SELECT status, failed_step FROM pipeline.runs WHERE run_id = " + std::to_string(run.run_id)),
            "failed|" + run.failed_step);
  // Nothing of the broken file, nothing lost, and the marts are as they were.
  EXPECT_EQ(Q("SELECT count(*) FROM raw.shop_order_items"), raw_before);
  EXPECT_EQ(Q("SELECT count(*) FROM pipeline.loaded_files WHERE file LIKE 'shop/order_items/2026-01-03/%'"), "0");
  EXPECT_EQ(RelationRows(*con_, "facts.fact_sales"), sales_before);

  // With the file fixed, the next run loads it and completes.
  std::ofstream(broken) << "order_item_id,order_id,product_id,quantity,unit_price,discount,line_total,unit_cost,"
                           "updated_at\n";
  auto fixed = Run();
  ASSERT_TRUE(fixed.ok) << fixed.failed_step << ": " << fixed.message;
  EXPECT_EQ(Q("SELECT count(*) FROM pipeline.loaded_files"), std::to_string(std::stol(files_before) + 2));
  EXPECT_EQ(Q("SELECT count(*) FROM dimensions.dim_customer WHERE customer_id = 999999"), "1");
}

}  // namespace
}  // namespace stockroom
