// The metrics of spec §5 and the team guide's views on a hand-made landing zone
// (test/data/ecommerce_fixture, described in its README.md): the pipeline builds the
// warehouse from it, and every figure is checked against a value computed by hand in the
// comment next to it. Order net revenue = Σ lines (quantity × unit_price − discount −
// refund); cancelled orders count nowhere.
//
// The orders (date = order date in America/New_York; net revenue):
//   100 Gina (B2C)  2024-10-15 walmart     4 × board 12.50                          = 50.00
//   101 Alice       2025-07-10 web         2 × knife 19.99                          = 39.98
//   102 Alice       2025-08-25 web         1 × board 12.50                          = 12.50
//   103 Dan (B2B)   2025-10-06 b2b_portal  10 × speaker 59.99 − 50.00 = 549.90
//                                         + 20 × board 12.50 − refund 25.00 (2 back) = 774.90
//   104 Bob         2025-10-12 web         1 × knife 19.99 − 1.99                   = 18.00
//   105 Carol       2025-10-20 web         cancelled (1 × speaker 59.99)            = —
//   106 Bob         2025-11-15 web         2 × knife 19.99 − 4.98 − refund 17.50 (1 back)
//                                         + 1 × board 12.50 = 17.50 + 12.50          = 30.00
//   107 Frank       2025-07-20 amazon      1 × speaker 54.99                        = 54.99
//   108 Carol       2025-12-05 web         1 × speaker 59.99                        = 59.99
//   109 Alice       2025-12-10 web         knife 19.99 + speaker 59.99 − 9.98       = 70.00
//   110 Dan (B2B)   2025-12-15 b2b_portal  30 × knife 15.00                         = 450.00
//   111 Bob         2025-12-18 web         2 × board 12.50                          = 25.00
// The as-of date (latest order date) is 2025-12-18; the latest snapshot is 2025-12-18.

#include <gtest/gtest.h>

#include <string>

#include "main/connection.hpp"
#include "main/database.hpp"
#include "pipeline/pipeline.hpp"
#include "support/result_text.hpp"

namespace stockroom {
namespace {

class MetricsFixtureTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new Database();
    pipeline::RunOptions options;
    options.landing = std::string(SR_TEST_DATA "/ecommerce_fixture");
    options.project = std::string(SR_TEST_DATA "/../../models/ecommerce");
    pipeline::RunResult result = pipeline::RunPipeline(*db_, options);
    (void)result;
    conn_ = new Connection(*db_);
  }
  static void TearDownTestSuite() {
    delete conn_;
    delete db_;
  }
  static std::string Q(const std::string& sql) { return QueryText(*conn_, sql); }
  static double D(const std::string& sql) { return std::stod(Q(sql)); }

  inline static Database* db_ = nullptr;
  inline static Connection* conn_ = nullptr;
};

TEST_F(MetricsFixtureTest, PipelineSucceeds) {
  EXPECT_EQ(Q("SELECT status FROM pipeline.runs ORDER BY started_at DESC LIMIT 1"), "succeeded")
      << Q("SELECT step || ': ' || coalesce(message, '') FROM pipeline.steps WHERE status = 'failed'");
  EXPECT_EQ(Q("SELECT count(*) FROM pipeline.test_results WHERE status <> 'pass' AND severity = 'error'"), "0")
      << Q("SELECT test_name || ' ' || failing_rows FROM pipeline.test_results WHERE status <> 'pass'");
}

// ---- analytics views -------------------------------------------------------------------

TEST_F(MetricsFixtureTest, Customer360) {
  // Alice: orders 101, 102, 109: 39.98 + 12.50 + 70.00 = 122.48; AOV 122.48 / 3 = 40.83;
  // last order 2025-12-10: 18 − 10 = 8 days → active; she moved: the current version is Austin.
  EXPECT_EQ(Q("SELECT city, state, first_order_date, last_order_date, total_orders, lifetime_value, "
              "avg_order_value, days_since_last_order, customer_status "
              "FROM analytics.customer_360 WHERE customer_id = 1"),
            "Austin|TX|2025-07-10|2025-12-10|3|122.48|40.83|8|active");
  // Bob: 104, 106, 111: 18.00 + 30.00 + 25.00 = 73.00; AOV 24.33; last 2025-12-18 → 0 days.
  EXPECT_EQ(Q("SELECT total_orders, lifetime_value, avg_order_value, days_since_last_order, customer_status "
              "FROM analytics.customer_360 WHERE customer_id = 2"),
            "3|73.00|24.33|0|active");
  // Carol: the cancelled 105 does not count: first order is 108 (2025-12-05), 59.99.
  EXPECT_EQ(Q("SELECT first_order_date, total_orders, lifetime_value FROM analytics.customer_360 "
              "WHERE customer_id = 3"),
            "2025-12-05|1|59.99");
  // Dan (B2B): 774.90 + 450.00 = 1224.90 over 2 orders, AOV 612.45.
  EXPECT_EQ(Q("SELECT customer_segment, total_orders, lifetime_value, avg_order_value "
              "FROM analytics.customer_360 WHERE customer_id = 4"),
            "B2B|2|1224.90|612.45");
  // Erin never ordered → prospect; Frank: 2025-07-20 → 151 days → at_risk (91-365);
  // Gina: 2024-10-15 → 2025-10-15 is 365 days, + 16 + 30 + 18 to 2025-12-18 = 429 days → churned.
  EXPECT_EQ(Q("SELECT customer_id, total_orders, days_since_last_order, customer_status "
              "FROM analytics.customer_360 WHERE customer_id IN (5, 6, 7) ORDER BY customer_id"),
            "5|0|NULL|prospect\n6|1|151|at_risk\n7|1|429|churned");
  // One row per customer, for the current version only.
  EXPECT_EQ(Q("SELECT count(*), count(DISTINCT customer_id) FROM analytics.customer_360"), "7|7");
}

TEST_F(MetricsFixtureTest, ProductPerformance) {
  // Knife (1): units 2 (101) + 1 (104) + 2 (106) + 1 (109) + 30 (110) = 36;
  // revenue 39.98 + 18.00 + 17.50 + 19.99 + 450.00 = 545.47; cost 36 × 8.00 = 288.00;
  // margin 257.47 = 47.20 %; returned 1 of 36 = 2.78 %.
  EXPECT_EQ(Q("SELECT units_sold, total_revenue, total_cost, gross_margin, gross_margin_percent, return_rate, "
              "revenue_rank_in_category FROM analytics.product_performance WHERE sku = 'KIT-000001'"),
            "36|545.47|288.00|257.47|47.20|2.78|1");
  // Board (3): units 4 + 1 + 20 + 1 + 2 = 28; revenue 50.00 + 12.50 + 225.00 + 12.50 + 25.00 = 325.00;
  // cost 28 × 4.00 = 112.00; margin 213.00 = 65.54 %; returned 2 of 28 = 7.14 %; Kitchen's 2nd.
  EXPECT_EQ(Q("SELECT units_sold, total_revenue, total_cost, gross_margin, gross_margin_percent, return_rate, "
              "revenue_rank_in_category FROM analytics.product_performance WHERE sku = 'KIT-000003'"),
            "28|325.00|112.00|213.00|65.54|7.14|2");
  // Speaker (2): units 10 + 1 (107) + 1 (108) + 1 (109) = 13 (105 cancelled); revenue 549.90 + 54.99 +
  // 59.99 + 50.01 = 714.89; cost 13 × 30 = 390.00; margin 324.89 = 45.45 %; no returns.
  EXPECT_EQ(Q("SELECT units_sold, total_revenue, total_cost, gross_margin, gross_margin_percent, return_rate, "
              "revenue_rank_in_category FROM analytics.product_performance WHERE sku = 'AUD-000002'"),
            "13|714.89|390.00|324.89|45.45|0.00|1");
  // Towels (4) never sold: zeros, no ratios, still ranked in Bath.
  EXPECT_EQ(Q("SELECT units_sold, total_revenue, gross_margin_percent, return_rate, revenue_rank_in_category "
              "FROM analytics.product_performance WHERE sku = 'BAT-000004'"),
            "0|0.00|NULL|NULL|1");
}

TEST_F(MetricsFixtureTest, MonthlySalesTrends) {
  // 2025-07: 39.98 + 54.99 = 94.97 / 2 orders = 47.49 (47.485 rounds up); June had no orders → NULL.
  // 2025-08: 12.50: (12.50 − 94.97) / 94.97 = −86.84 %.
  // 2025-10: 774.90 + 18.00 = 792.90 (105 cancelled) / 2 = 396.45; September empty → NULL.
  // 2025-11: 30.00: (30.00 − 792.90) / 792.90 = −96.22 %.
  // 2025-12: 59.99 + 70.00 + 450.00 + 25.00 = 604.99 / 4 = 151.25 (151.2475);
  //          (604.99 − 30.00) / 30.00 = 1916.63 %.
  EXPECT_EQ(Q("SELECT year_number, month_number, month_name, orders, customers, total_revenue, avg_order_value, "
              "revenue_growth_percent FROM analytics.monthly_sales_trends ORDER BY year_number, month_number"),
            "2024|10|October|1|1|50.00|50.00|NULL\n"
            "2025|7|July|2|2|94.97|47.49|NULL\n"
            "2025|8|August|1|1|12.50|12.50|-86.84\n"
            "2025|10|October|2|2|792.90|396.45|NULL\n"
            "2025|11|November|1|1|30.00|30.00|-96.22\n"
            "2025|12|December|4|4|604.99|151.25|1916.63");
}

TEST_F(MetricsFixtureTest, GeographicSales) {
  // By the orders' ship-to city: Denver 774.90 + 450.00; Chicago 18.00 + 30.00 + 25.00 (Bob) + 59.99
  // (Carol) = 132.99 over 2 customers = 66.50 (66.495); Alice's orders ship to Boston (52.48) before
  // her move and to Austin (70.00) after.
  EXPECT_EQ(Q("SELECT state, city, customers, orders, total_revenue, revenue_per_customer, revenue_rank "
              "FROM analytics.geographic_sales ORDER BY revenue_rank"),
            "CO|Denver|1|2|1224.90|1224.90|1\n"
            "IL|Chicago|2|4|132.99|66.50|2\n"
            "TX|Austin|1|1|70.00|70.00|3\n"
            "WA|Seattle|1|1|54.99|54.99|4\n"
            "MA|Boston|1|2|52.48|52.48|5\n"
            "AZ|Phoenix|1|1|50.00|50.00|6");
}

// ---- metrics ---------------------------------------------------------------------------

TEST_F(MetricsFixtureTest, DailyRevenue) {
  // 103 (B2B): gross 10 × 59.99 + 20 × 12.50 = 849.90; discount 50.00; refund 25.00; net 774.90;
  // cost 10 × 30 + 20 × 4 = 380.00; margin 394.90; Dan's first order → new.
  EXPECT_EQ(Q("SELECT orders, units, gross_revenue, discounts, refunds, net_revenue, cost, margin, new_customers, "
              "returning_customers FROM metrics.daily_revenue WHERE order_date = '2025-10-06' "
              "AND sales_channel = 'b2b_portal' AND customer_segment = 'B2B'"),
            "1|30|849.90|50.00|25.00|774.90|380.00|394.90|1|0");
  // 106: gross 2 × 19.99 + 12.50 = 52.48; discount 4.98; refund 17.50 (returned 1 Dec, counted on
  // the order's day); net 30.00; cost 2 × 8 + 4 = 20.00; margin 10.00; Bob's second → returning.
  EXPECT_EQ(Q("SELECT orders, units, gross_revenue, discounts, refunds, net_revenue, cost, margin, new_customers, "
              "returning_customers FROM metrics.daily_revenue WHERE order_date = '2025-11-15'"),
            "1|3|52.48|4.98|17.50|30.00|20.00|10.00|0|1");
  // 108: Carol's first non-cancelled order (her 105 was cancelled) → new.
  EXPECT_EQ(Q("SELECT orders, net_revenue, new_customers, returning_customers FROM metrics.daily_revenue "
              "WHERE order_date = '2025-12-05'"),
            "1|59.99|1|0");
  // The cancelled 105 (2025-10-20) is nowhere.
  EXPECT_EQ(Q("SELECT count(*) FROM metrics.daily_revenue WHERE order_date = '2025-10-20'"), "0");
  // Totals: net 50.00 + 94.97 + 12.50 + 792.90 + 30.00 + 604.99 = 1585.36 (the months above);
  // orders 11; new customers: Gina, Alice, Frank, Dan, Bob, Carol = 6.
  EXPECT_EQ(Q("SELECT sum(net_revenue), sum(orders), sum(new_customers) FROM metrics.daily_revenue"), "1585.36|11|6");
}

TEST_F(MetricsFixtureTest, InventoryVelocity) {
  // As of the latest snapshot, 2025-12-18; windows 2025-09-20 .. 12-18 (90 d) and 11-19 .. 12-18 (30 d).
  // EWR1 (1) knife: sold 1 (10-12) + 2 (11-15) + 1 (12-10) = 4 in 90 d, 1 in 30 d; on hand 20, reserved 2
  // → available 18; demand 4 / 90 = 0.04444; days of supply 18 / 0.04444 = 405;
  // sell-through 1 / (1 + 20) = 0.047619; σ = sqrt((1² + 2² + 1² − 4² / 90) / 89) = sqrt(5.82222 / 89)
  // = 0.255770; lead time 10 d: safety stock 1.65 × 0.255770 × sqrt(10) = 1.334545; reorder point
  // 0.04444 × 10 + 1.334545 = 1.778990; 18 + 0 > 1.78 → no reorder.
  EXPECT_EQ(Q("SELECT on_hand, available, on_order, units_sold_30d, units_sold_90d, stockout_days_90d, lead_time_days, "
              "reorder_now, suggested_order_qty, aged_units, velocity_rank FROM metrics.inventory_velocity "
              "WHERE product_id = 1 AND warehouse_id = 1"),
            "20|18|0|1|4|0|10|f|0|0|4");
  EXPECT_NEAR(D("SELECT avg_daily_demand FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 1"),
              4.0 / 90, 1e-9);
  EXPECT_NEAR(D("SELECT days_of_supply FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 1"),
              405, 1e-9);
  EXPECT_NEAR(D("SELECT sell_through_rate_30d FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 1"),
              1.0 / 21, 1e-9);
  EXPECT_NEAR(D("SELECT safety_stock FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 1"),
              1.334545, 1e-6);
  EXPECT_NEAR(D("SELECT reorder_point FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 1"),
              1.778990, 1e-6);
  // DFW1 (2) knife: 30 sold on 12-15 (order 110), in both windows; on hand 30, reserved 30 → available 0
  // from 12-15: stockout days 15, 16, 17, 18 = 4; on order 15. σ = sqrt((900 − 900 / 90) / 89) = sqrt(10);
  // safety stock 1.65 × sqrt(10) × sqrt(10) = 16.5; reorder point 30 / 90 × 10 + 16.5 = 19.8333;
  // 0 + 15 <= 19.83 → reorder; suggested ceil(19.8333 + 30 × 0.3333 − 0 − 15) = ceil(14.8333) = 15;
  // days of supply 0 / 0.3333 = 0; sell-through 30 / (30 + 30) = 0.5; top velocity.
  EXPECT_EQ(Q("SELECT available, on_order, units_sold_30d, units_sold_90d, stockout_days_90d, reorder_now, "
              "suggested_order_qty, velocity_rank FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 2"),
            "0|15|30|30|4|t|15|1");
  EXPECT_NEAR(D("SELECT safety_stock FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 2"), 16.5, 1e-9);
  EXPECT_NEAR(D("SELECT reorder_point FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 2"),
              19.833333, 1e-6);
  EXPECT_NEAR(D("SELECT days_of_supply FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 2"), 0, 1e-9);
  EXPECT_NEAR(D("SELECT sell_through_rate_30d FROM metrics.inventory_velocity WHERE product_id = 1 AND warehouse_id = 2"),
              0.5, 1e-9);
  // EWR1 speaker: sold 1 (12-05) + 1 (12-10) = 2 in both windows; available 2 − 1 = 1; lead time 20 d;
  // σ = sqrt((2 − 4 / 90) / 89) = 0.148231; safety 1.65 × 0.148231 × sqrt(20) = 1.093803; reorder point
  // 2 / 90 × 20 + 1.093803 = 1.538247; 1 <= 1.54 → reorder ceil(1.538247 + 0.666667 − 1) = 2;
  // days of supply 1 / (2 / 90) = 45; sell-through 2 / (2 + 2) = 0.5.
  EXPECT_EQ(Q("SELECT available, units_sold_90d, reorder_now, suggested_order_qty FROM metrics.inventory_velocity "
              "WHERE product_id = 2 AND warehouse_id = 1"),
            "1|2|t|2");
  EXPECT_NEAR(D("SELECT reorder_point FROM metrics.inventory_velocity WHERE product_id = 2 AND warehouse_id = 1"),
              1.538247, 1e-6);
  EXPECT_NEAR(D("SELECT days_of_supply FROM metrics.inventory_velocity WHERE product_id = 2 AND warehouse_id = 1"), 45, 1e-9);
  // DFW1 speaker: 10 sold on 10-06, none in 30 d; σ = sqrt((100 − 100 / 90) / 89) = sqrt(10 / 9);
  // safety 1.65 × 1.054093 × sqrt(20) = 7.778175; reorder point 10 / 90 × 20 + 7.778175 = 10.000397;
  // available 5 <= 10.0004 → reorder ceil(10.000397 + 3.333333 − 5) = ceil(8.33373) = 9;
  // sell-through 0 / (0 + 5) = 0.
  EXPECT_EQ(Q("SELECT units_sold_30d, units_sold_90d, reorder_now, suggested_order_qty, sell_through_rate_30d "
              "FROM metrics.inventory_velocity WHERE product_id = 2 AND warehouse_id = 2"),
            "0|10|t|9|0");
  EXPECT_NEAR(D("SELECT reorder_point FROM metrics.inventory_velocity WHERE product_id = 2 AND warehouse_id = 2"),
              10.000397, 1e-6);
  // DFW1 board: 20 sold on 10-06, nothing on hand all 5 snapshot days → 5 stockout days; sell-through
  // 0 / (0 + 0) → NULL; days of supply 0; safety 1.65 × 20 / sqrt(90) × sqrt(10) = 11; reorder point
  // 20 / 90 × 10 + 11 = 13.2222 → reorder ceil(13.2222 + 6.6667) = 20.
  EXPECT_EQ(Q("SELECT stockout_days_90d, sell_through_rate_30d, reorder_now, suggested_order_qty "
              "FROM metrics.inventory_velocity WHERE product_id = 3 AND warehouse_id = 2"),
            "5|NULL|t|20");
  EXPECT_NEAR(D("SELECT safety_stock FROM metrics.inventory_velocity WHERE product_id = 3 AND warehouse_id = 2"), 11, 1e-9);
  // Towels: never sold → no demand: days of supply NULL, reorder point 0, 15 units of aged stock.
  EXPECT_EQ(Q("SELECT units_sold_90d, days_of_supply, reorder_point, reorder_now, is_aged, aged_units "
              "FROM metrics.inventory_velocity WHERE product_id = 4 AND warehouse_id = 1"),
            "0|NULL|0|f|t|15");
  // Aged stock exists only for the towels: every other SKU sold somewhere in the 90 days.
  EXPECT_EQ(Q("SELECT sum(aged_units), count(*) FROM metrics.inventory_velocity"), "15|7");
}

TEST_F(MetricsFixtureTest, MarketingAttributionTouchpoints) {
  // Order 109 (2025-12-10 10:00 EST): Alice's sessions in the 30 days before — 5121 Facebook (21 d,
  // logged in), 5122 Google (14 d, same browser, not logged in), 5123 Email (7 d, logged in on another
  // device), 5109 Direct (the purchase); 5120 (35 d before) and 5124 (after) are not touchpoints.
  EXPECT_EQ(Q("SELECT session_id, channel_name, touch_number, touch_count FROM metrics.attribution_touchpoints "
              "WHERE order_id = 109 ORDER BY touch_number"),
            "5121|Facebook Ads|1|4\n5122|Google Ads|2|4\n5123|Email|3|4\n5109|Direct|4|4");
  // Order 106: Bob's Google session of 11-01 (14 d) and the Facebook purchase; his 10-12 session is 34 d
  // before → out. Order 104: Direct 7 d before, Google purchase. Orders 108 (Carol, guest: by browser
  // only; her 10-21 session is 46 d before), 111 (Direct only) and 101 have one touchpoint; 102, 103,
  // 107, 110, 100 none; the cancelled 105 is not attributed.
  EXPECT_EQ(Q("SELECT order_id, count(*) FROM metrics.attribution_touchpoints GROUP BY order_id ORDER BY order_id"),
            "101|1\n104|2\n106|2\n108|1\n109|4\n111|1");
}

TEST_F(MetricsFixtureTest, MarketingAttributionOrder109) {
  // 109: net 70.00, not a first order. Δdays 21, 14, 7, 0.
  //   first_touch:    Facebook 1                          → 70.00
  //   last_touch:     the last non-Direct session, Email 1 → 70.00
  //   linear:         0.25 each                           → 17.50 each
  //   time_decay:     2^-3, 2^-2, 2^-1, 2^0 = 0.125, 0.25, 0.5, 1 (sum 1.875) → 1/15, 2/15, 4/15, 8/15
  //                   → 4.67, 9.33, 18.67, 37.33
  //   position_based: 0.4, 0.1, 0.1, 0.4                  → 28.00, 7.00, 7.00, 28.00
  // Spend on 2025-12-10: Facebook 25.00 + 15.00 = 40.00; Google (12,500,000 + 7,500,000 micros) = 20.00;
  // Email 35.00; Amazon Ads 5.00; Direct none.
  EXPECT_EQ(Q("SELECT channel_name, attribution_model, attributed_orders, attributed_revenue, spend "
              "FROM metrics.marketing_attribution WHERE attribution_date = '2025-12-10' "
              "AND channel_name IN ('Facebook Ads', 'Google Ads', 'Email', 'Direct') ORDER BY channel_name, attribution_model"),
            "Direct|first_touch|0.000000|0.00|0.00\n"
            "Direct|last_touch|0.000000|0.00|0.00\n"
            "Direct|linear|0.250000|17.50|0.00\n"
            "Direct|position_based|0.400000|28.00|0.00\n"
            "Direct|time_decay|0.533333|37.33|0.00\n"
            "Email|first_touch|0.000000|0.00|35.00\n"
            "Email|last_touch|1.000000|70.00|35.00\n"
            "Email|linear|0.250000|17.50|35.00\n"
            "Email|position_based|0.100000|7.00|35.00\n"
            "Email|time_decay|0.266667|18.67|35.00\n"
            "Facebook Ads|first_touch|1.000000|70.00|40.00\n"
            "Facebook Ads|last_touch|0.000000|0.00|40.00\n"
            "Facebook Ads|linear|0.250000|17.50|40.00\n"
            "Facebook Ads|position_based|0.400000|28.00|40.00\n"
            "Facebook Ads|time_decay|0.066667|4.67|40.00\n"
            "Google Ads|first_touch|0.000000|0.00|20.00\n"
            "Google Ads|last_touch|0.000000|0.00|20.00\n"
            "Google Ads|linear|0.250000|17.50|20.00\n"
            "Google Ads|position_based|0.100000|7.00|20.00\n"
            "Google Ads|time_decay|0.133333|9.33|20.00");
  auto roas = [](const std::string& channel, const std::string& model) {
    return D("SELECT roas FROM metrics.marketing_attribution WHERE attribution_date = '2025-12-10' AND channel_name = '" +
             channel + "' AND attribution_model = '" + model + "'");
  };
  EXPECT_NEAR(roas("Facebook Ads", "first_touch"), 70.0 / 40, 1e-9);            // 1.75
  EXPECT_NEAR(roas("Facebook Ads", "time_decay"), 70.0 / 15 / 40, 1e-9);        // 4.6667 / 40 = 0.116667
  EXPECT_NEAR(roas("Google Ads", "linear"), 17.5 / 20, 1e-9);                   // 0.875
  EXPECT_NEAR(roas("Google Ads", "position_based"), 7.0 / 20, 1e-9);            // 0.35
  EXPECT_NEAR(roas("Email", "last_touch"), 70.0 / 35, 1e-9);                    // 2.0
  EXPECT_NEAR(roas("Email", "time_decay"), 70.0 * 4 / 15 / 35, 1e-9);           // 18.6667 / 35 = 0.533333
  EXPECT_NEAR(roas("Facebook Ads", "last_touch"), 0, 1e-12);                    // 0 / 40
  // No new customers that day → CAC NULL; Direct has no spend → ROAS NULL; Amazon Ads: spend only, 0 ROAS.
  EXPECT_EQ(Q("SELECT count(*) FROM metrics.marketing_attribution WHERE attribution_date = '2025-12-10' AND cac IS NOT NULL"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM metrics.marketing_attribution WHERE attribution_date = '2025-12-10' "
              "AND channel_name = 'Direct' AND roas IS NULL"),
            "5");
  EXPECT_EQ(Q("SELECT sum(attributed_revenue), sum(spend), min(roas), max(roas) FROM metrics.marketing_attribution "
              "WHERE attribution_date = '2025-12-10' AND channel_name = 'Amazon Ads'"),
            "0.00|25.00|0|0");  // 5 models × 5.00
}

TEST_F(MetricsFixtureTest, MarketingAttributionNewCustomersAndCac) {
  // 104 (2025-10-12): Bob's first order, net 18.00; Direct 7 d before, Google purchase (Δ 0).
  //   first_touch Direct 1; last_touch Google 1; linear 0.5/0.5 → 9.00/9.00; time_decay 0.5 : 1 → 1/3, 2/3
  //   → 6.00 / 12.00; position_based (two touchpoints) 0.5/0.5. new_customers = the credit of a first order.
  // Google spend that day: 12,000,000 micros = 12.00 → ROAS 18/12 = 1.5 (last), 9/12 = 0.75 (linear),
  // 12/12 = 1.0 (time decay); CAC 12 / 1 = 12 (last), 12 / 0.5 = 24 (linear), 12 / (2/3) = 18 (time decay),
  // NULL for first_touch (no new customer credited to Google).
  EXPECT_EQ(Q("SELECT channel_name, attribution_model, attributed_orders, attributed_revenue, spend, new_customers "
              "FROM metrics.marketing_attribution WHERE attribution_date = '2025-10-12' ORDER BY 1, 2"),
            "Direct|first_touch|1.000000|18.00|0.00|1.000000\n"
            "Direct|last_touch|0.000000|0.00|0.00|0.000000\n"
            "Direct|linear|0.500000|9.00|0.00|0.500000\n"
            "Direct|position_based|0.500000|9.00|0.00|0.500000\n"
            "Direct|time_decay|0.333333|6.00|0.00|0.333333\n"
            "Google Ads|first_touch|0.000000|0.00|12.00|0.000000\n"
            "Google Ads|last_touch|1.000000|18.00|12.00|1.000000\n"
            "Google Ads|linear|0.500000|9.00|12.00|0.500000\n"
            "Google Ads|position_based|0.500000|9.00|12.00|0.500000\n"
            "Google Ads|time_decay|0.666667|12.00|12.00|0.666667");
  auto at = [](const std::string& column, const std::string& model) {
    return D("SELECT " + column + " FROM metrics.marketing_attribution WHERE attribution_date = '2025-10-12' "
             "AND channel_name = 'Google Ads' AND attribution_model = '" + model + "'");
  };
  EXPECT_NEAR(at("roas", "last_touch"), 1.5, 1e-9);
  EXPECT_NEAR(at("roas", "linear"), 0.75, 1e-9);
  EXPECT_NEAR(at("roas", "time_decay"), 1.0, 1e-9);
  EXPECT_NEAR(at("cac", "last_touch"), 12.0, 1e-9);
  EXPECT_NEAR(at("cac", "linear"), 24.0, 1e-9);
  EXPECT_NEAR(at("cac", "time_decay"), 18.0, 1e-9);
  EXPECT_EQ(Q("SELECT cac FROM metrics.marketing_attribution WHERE attribution_date = '2025-10-12' "
              "AND channel_name = 'Google Ads' AND attribution_model = 'first_touch'"),
            "NULL");
  // 106 (2025-11-15): net 30.00, Google 14 d before, Facebook purchase: first Google 30.00; last Facebook
  // 30.00; linear 15.00/15.00; time decay 0.25 : 1 → 0.2 / 0.8 → 6.00 / 24.00; position 15.00/15.00.
  // Facebook spend 10.00 → ROAS 0 / 3.0 / 1.5 / 2.4 / 1.5; Bob's second order → CAC NULL.
  EXPECT_EQ(Q("SELECT attribution_model, attributed_revenue, roas, cac FROM metrics.marketing_attribution "
              "WHERE attribution_date = '2025-11-15' AND channel_name = 'Facebook Ads' ORDER BY 1"),
            "first_touch|0.00|0|NULL\nlast_touch|30.00|3|NULL\nlinear|15.00|1.5|NULL\n"
            "position_based|15.00|1.5|NULL\ntime_decay|24.00|2.4|NULL");
  EXPECT_EQ(Q("SELECT attribution_model, attributed_revenue FROM metrics.marketing_attribution "
              "WHERE attribution_date = '2025-11-15' AND channel_name = 'Google Ads' ORDER BY 1"),
            "first_touch|30.00\nlast_touch|0.00\nlinear|15.00\nposition_based|15.00\ntime_decay|6.00");
  // 111 (2025-12-18): one Direct touchpoint → last touch falls back to it: 25.00 in every model.
  EXPECT_EQ(Q("SELECT count(*), min(attributed_revenue), max(attributed_revenue) FROM metrics.marketing_attribution "
              "WHERE attribution_date = '2025-12-18' AND channel_name = 'Direct'"),
            "5|25.00|25.00");
  // 108 (2025-12-05): one Email touchpoint, Carol's first order: 59.99 and 1 new customer in every model,
  // no spend that day → ROAS NULL, CAC 0 / 1 = 0.
  EXPECT_EQ(Q("SELECT count(*), min(attributed_revenue), min(new_customers), count(roas), max(cac) "
              "FROM metrics.marketing_attribution WHERE attribution_date = '2025-12-05' AND channel_name = 'Email'"),
            "5|59.99|1.000000|0|0");
  // TikTok: spend only (10.00 on 12-11; its one session bought nothing) → 0 attributed, ROAS 0.
  EXPECT_EQ(Q("SELECT count(*), sum(attributed_orders), min(spend), max(roas) FROM metrics.marketing_attribution "
              "WHERE channel_name = 'TikTok Ads'"),
            "5|0.000000|10.00|0");
  // Every model credits each of the 6 attributed orders exactly once: 101, 104, 106, 108, 109, 111;
  // revenue 39.98 + 18.00 + 30.00 + 59.99 + 70.00 + 25.00 = 242.97 (time decay rounds per row:
  // 6.00 + 12.00 + 6.00 + 24.00 + 4.67 + 9.33 + 18.67 + 37.33 + 39.98 + 59.99 + 25.00 = 242.97).
  EXPECT_EQ(Q("SELECT attribution_model, sum(attributed_orders), sum(attributed_revenue), sum(new_customers) "
              "FROM metrics.marketing_attribution GROUP BY 1 ORDER BY 1"),
            "first_touch|6.000000|242.97|3.000000\nlast_touch|6.000000|242.97|3.000000\n"
            "linear|6.000000|242.97|3.000000\nposition_based|6.000000|242.97|3.000000\n"
            "time_decay|6.000000|242.97|3.000000");
}

TEST_F(MetricsFixtureTest, CustomerLtv) {
  // As of 2025-12-18. Cohorts (first non-cancelled order): 2024-10 Gina; 2025-07 Alice (07-10) and Frank
  // (07-20); 2025-10 Dan (10-06) and Bob (10-12); 2025-12 Carol (12-05). The tests sum over acquisition
  // channels, so they hold whatever channel dim_customer gives each customer.
  // 2025-07: 30 d: Alice 39.98 (102 is 46 d later) + Frank 54.99 = 94.97; 90 d: + 12.50 = 107.47;
  //          180 d: 07-31 + 180 = 2026-01-27 > as-of → NULL.
  EXPECT_EQ(Q("SELECT sum(customers), sum(revenue_30d), sum(revenue_90d), sum(revenue_180d) FROM metrics.customer_ltv "
              "WHERE cohort_month = '2025-07-01'"),
            "2|94.97|107.47|NULL");
  // Per customer: Alice 39.98 at 30 d and 52.48 at 90 d; Frank 54.99 at both.
  EXPECT_EQ(Q("SELECT ltv_30d, ltv_90d FROM metrics.customer_ltv WHERE cohort_month = '2025-07-01' ORDER BY 1"),
            "39.98|52.48\n54.99|54.99");
  // 2025-10: 30 d (10-31 + 30 = 11-30 <= 12-18): Dan 774.90 (110 is 70 d later) + Bob 18.00 (106 is 34 d
  // later) = 792.90 → 396.45 a customer if one channel; 90 d: 10-31 + 90 = 2026-01-29 → NULL.
  EXPECT_EQ(Q("SELECT sum(customers), sum(revenue_30d), sum(revenue_90d) FROM metrics.customer_ltv "
              "WHERE cohort_month = '2025-10-01'"),
            "2|792.90|NULL");
  // 2024-10: Gina's single order 50.00 at every horizon (10-31-2024 + 365 = 2025-10-31 <= as-of).
  EXPECT_EQ(Q("SELECT customers, ltv_30d, ltv_90d, ltv_180d, ltv_365d FROM metrics.customer_ltv "
              "WHERE cohort_month = '2024-10-01'"),
            "1|50.00|50.00|50.00|50.00");
  // 2025-12: too young for 30 d (12-31 + 30 > 12-18).
  EXPECT_EQ(Q("SELECT customers, ltv_30d FROM metrics.customer_ltv WHERE cohort_month = '2025-12-01'"), "1|NULL");
}

TEST_F(MetricsFixtureTest, CohortRetention) {
  // 2025-07 cohort (Alice, Frank): month 0 both (100%); month 1 (Aug) Alice = 50%; Sep-Nov nobody;
  // month 5 (Dec) Alice = 50%.
  EXPECT_EQ(Q("SELECT month_number, activity_month, cohort_customers, active_customers, retention_rate "
              "FROM metrics.cohort_retention WHERE cohort_month = '2025-07-01' ORDER BY month_number"),
            "0|2025-07-01|2|2|1\n1|2025-08-01|2|1|0.5\n2|2025-09-01|2|0|0\n3|2025-10-01|2|0|0\n"
            "4|2025-11-01|2|0|0\n5|2025-12-01|2|1|0.5");
  // 2025-10 cohort (Dan, Bob): Nov Bob (50%), Dec both (100%).
  EXPECT_EQ(Q("SELECT month_number, active_customers, retention_rate FROM metrics.cohort_retention "
              "WHERE cohort_month = '2025-10-01' ORDER BY month_number"),
            "0|2|1\n1|1|0.5\n2|2|1");
  // Carol's cancelled October order does not put her in the October cohort: 2025-12 has her alone.
  EXPECT_EQ(Q("SELECT month_number, cohort_customers, retention_rate FROM metrics.cohort_retention "
              "WHERE cohort_month = '2025-12-01'"),
            "0|1|1");
  // 2024-10 (Gina): months 0 .. 14 (Oct 2024 .. Dec 2025), active only in month 0.
  EXPECT_EQ(Q("SELECT count(*), max(month_number), sum(active_customers) FROM metrics.cohort_retention "
              "WHERE cohort_month = '2024-10-01'"),
            "15|14|1");
}

TEST_F(MetricsFixtureTest, FulfillmentPerformance) {
  // 2025-12-11, EWR1, UPS: 108 (ordered 12-05 21:00 EST = 12-06 02:00Z, shipped 12-11 15:00Z: 133 h)
  // and 109 (ordered 12-10 15:00Z, shipped 12-11 15:00Z: 24 h). Median (24 + 133) / 2 = 78.5; p90
  // 24 + 0.9 × (133 − 24) = 122.1. 108 delivered 12-15, 4 days, promised 12-13 → late: on-time 0 / 1.
  // 109 not delivered yet, one weather exception.
  EXPECT_EQ(Q("SELECT shipped_orders, delivered_shipments, on_time_shipments, delivery_exceptions, "
              "shipments_with_exceptions FROM metrics.fulfillment_performance "
              "WHERE ship_date = '2025-12-11' AND warehouse_id = 1 AND carrier = 'ups'"),
            "2|1|0|1|1");
  auto at = [](const std::string& column) {
    return D("SELECT " + column + " FROM metrics.fulfillment_performance WHERE ship_date = '2025-12-11' "
             "AND warehouse_id = 1 AND carrier = 'ups'");
  };
  EXPECT_NEAR(at("median_hours_to_ship"), 78.5, 1e-9);
  EXPECT_NEAR(at("p90_hours_to_ship"), 122.1, 1e-9);
  EXPECT_NEAR(at("avg_transit_days"), 4, 1e-9);
  EXPECT_NEAR(at("on_time_rate"), 0, 1e-12);
  // 104: ordered 10-12 23:00Z, shipped 10-14 13:00Z = 38 h; delivered 10-17 (3 days), promised 10-18 → on time.
  EXPECT_EQ(Q("SELECT shipped_orders, median_hours_to_ship, avg_transit_days, on_time_rate "
              "FROM metrics.fulfillment_performance WHERE ship_date = '2025-10-14'"),
            "1|38|3|1");
  // 103: the voided UPS label does not count; FedEx delivered on the promised day (10-09) → on time.
  EXPECT_EQ(Q("SELECT carrier, shipments, on_time_rate FROM metrics.fulfillment_performance "
              "WHERE ship_date = '2025-10-07'"),
            "fedex|1|1");
  // Shipped orders: 100, 101, 102, 103, 104, 106, 107, 108, 109 = 9 (110, 111 not shipped, 105 cancelled).
  EXPECT_EQ(Q("SELECT sum(shipped_orders), sum(delivered_shipments), sum(on_time_shipments) "
              "FROM metrics.fulfillment_performance"),
            "9|8|7");
}

TEST_F(MetricsFixtureTest, DeliveryByZip3) {
  // December: 606xx (Chicago) got 108, 4 days, late; 787xx (Austin) 109, in transit with an exception.
  EXPECT_EQ(Q("SELECT zip3, carrier, shipments, delivered_shipments, avg_transit_days, on_time_rate, delivery_exceptions "
              "FROM metrics.delivery_by_zip3 WHERE ship_month = '2025-12-01' ORDER BY zip3"),
            "606|ups|1|1|4|0|0\n787|ups|1|0|NULL|NULL|1");
  // 021xx (Boston): UPS in July (3 days), USPS in August (3 days), both on time.
  EXPECT_EQ(Q("SELECT ship_month, carrier, median_transit_days, on_time_rate FROM metrics.delivery_by_zip3 "
              "WHERE zip3 = '021' ORDER BY ship_month"),
            "2025-07-01|ups|3|1\n2025-08-01|usps|3|1");
}

TEST_F(MetricsFixtureTest, ReturnRates) {
  // October, Kitchen, B2B portal: 20 boards sold on 103, 2 returned (changed mind): 2 / 20 = 0.1.
  EXPECT_EQ(Q("SELECT sold_units, returned_units, returns, refund_amount, returned_units_changed_mind "
              "FROM metrics.return_rates WHERE order_month = '2025-10-01' AND category_name = 'Kitchen' "
              "AND sales_channel = 'b2b_portal'"),
            "20|2|1|25.00|2");
  EXPECT_NEAR(D("SELECT return_rate FROM metrics.return_rates WHERE order_month = '2025-10-01' "
                "AND category_name = 'Kitchen' AND sales_channel = 'b2b_portal'"),
              0.1, 1e-12);
  // November, Kitchen, web: 106 sold 2 knives + 1 board = 3 units, 1 knife returned damaged: 1 / 3.
  EXPECT_EQ(Q("SELECT sold_units, returned_units, refund_amount, returned_units_damaged FROM metrics.return_rates "
              "WHERE order_month = '2025-11-01' AND category_name = 'Kitchen' AND sales_channel = 'web'"),
            "3|1|17.50|1");
  EXPECT_NEAR(D("SELECT return_rate FROM metrics.return_rates WHERE order_month = '2025-11-01' "
                "AND category_name = 'Kitchen' AND sales_channel = 'web'"),
              1.0 / 3, 1e-12);
  // Overall: 3 units returned of 4 + 2 + 1 + 30 + 1 + 3 + 1 + 1 + 2 + 30 + 2 = 77 sold (105 cancelled).
  EXPECT_EQ(Q("SELECT sum(sold_units), sum(returned_units) FROM metrics.return_rates"), "77|3");
}

}  // namespace
}  // namespace stockroom

