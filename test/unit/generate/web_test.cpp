// The ga4, ads and sheets landing tables of `stockroom generate` as a marketing analyst
// would check them: exact columns and keys of spec §3.1, a purchase event for every tracked
// web order with the buyer's earlier sessions before it, daily volumes and a traffic mix
// that follow the ad spend, ad reports one row per campaign and day with next-day
// restatements, plans that match what happened, and byte-identical output for any thread
// count.
#include <sstream>
#include <string>
#include <vector>

#include "generate/marketing.hpp"
#include "generate/landing_test_support.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

// Returns the first line of the extract's events whose text contains `marker`.
std::string EventLine(const std::string& root, const std::string& date, const std::string& marker) {
  for (const auto& part : Parts(root, "ga4/events", date)) {
    std::istringstream lines(ReadText(part));
    for (std::string line; std::getline(lines, line);) {
      if (line.find(marker) != std::string::npos) return line;
    }
  }
  return "";
}

class GenerateWebTest : public GeneratedLandingTest {
 protected:
  static void SetUpTestSuite() {
    GenerateLanding();
    // The raw tables, one per landing table and extract: `<table>_<n>` with n = 0 for the
    // backfill and 1..kIncrements for the days after it; `<table>_all` unites them.
    const std::string csv = "FORMAT csv, IGNOREHEADER 1";
    LoadAll("shop/orders", "orders",
            "order_id bigint, customer_id bigint, order_ts timestamptz, channel text, status text, warehouse_id int, "
            "ship_city text, ship_state text, ship_zip text, promo_code text, subtotal numeric(12,2), "
            "discount_total numeric(12,2), shipping_fee numeric(12,2), tax numeric(12,2), total numeric(12,2), "
            "ga_session_id bigint, updated_at timestamptz",
            csv);
    LoadAll("ga4/events", "events",
            "event_date text, event_timestamp bigint, event_name text, event_params json, user_id text, "
            "user_pseudo_id text, \"device.category\" text, \"geo.region\" text, \"geo.city\" text, "
            "\"traffic_source.name\" text, \"traffic_source.medium\" text, \"traffic_source.source\" text, "
            "\"ecommerce.transaction_id\" text, \"ecommerce.purchase_revenue\" numeric(12,2)",
            "FORMAT json");
    LoadAll("ads/facebook_ads", "facebook_ads",
            "date_start date, campaign_id bigint, campaign_name text, adset_name text, impressions bigint, "
            "clicks bigint, spend numeric(12,2), actions_purchase bigint",
            csv);
    LoadAll("ads/google_ads", "google_ads",
            "segments_date date, campaign_id bigint, campaign_name text, ad_network_type text, impressions bigint, "
            "clicks bigint, cost_micros bigint, conversions numeric(12,2)",
            csv);
    LoadAll("ads/amazon_ads", "amazon_ads",
            "date date, campaign_name text, campaign_type text, impressions bigint, clicks bigint, "
            "spend numeric(12,2), attributed_sales_14d numeric(12,2), attributed_units_14d bigint",
            csv);
    LoadAll("ads/other_ads", "other_ads",
            "date date, channel text, campaign text, impressions bigint, clicks bigint, spend numeric(12,2)", csv);
    Load("sheets/marketing_budget", Date(0), "marketing_budget", "month date, channel text, budget numeric(12,2)",
         csv);
    Load("sheets/sales_targets", Date(0), "sales_targets", "month date, region text, target_revenue numeric(14,2)",
         csv);
    // Every ad platform's rows in dollars, and the latest version of each.
    conn_->Query(
        "CREATE VIEW ad_rows AS SELECT n, date_start AS date, 'Facebook Ads' AS channel, campaign_name AS campaign, "
        "spend FROM facebook_ads_all UNION ALL SELECT n, segments_date, 'Google Ads', campaign_name, cost_micros / "
        "1000000.0 FROM google_ads_all UNION ALL SELECT n, date, 'Amazon Ads', campaign_name, spend FROM "
        "amazon_ads_all UNION ALL SELECT n, date, CASE channel WHEN 'tiktok' THEN 'TikTok Ads' WHEN 'bing' THEN 'Bing "
        "Ads' WHEN 'pinterest' THEN 'Pinterest Ads' WHEN 'affiliate' THEN 'Affiliate' ELSE 'Email' END, campaign, "
        "spend FROM other_ads_all");
    conn_->Query(
        "CREATE VIEW spend AS SELECT date, channel, campaign, spend FROM (SELECT *, row_number() OVER (PARTITION BY "
        "date, channel, campaign ORDER BY n DESC) AS version FROM ad_rows) r WHERE version = 1");
    conn_->Query(
        "CREATE VIEW sessions AS SELECT (event_params->0->'value'->>'int_value')::bigint AS session_id, "
        "user_pseudo_id, user_id, to_timestamp(event_timestamp / 1000000.0) AS started, event_date, "
        "\"traffic_source.source\" AS source, \"traffic_source.medium\" AS medium, \"traffic_source.name\" AS name "
        "FROM events_all WHERE event_name = 'session_start'");
    conn_->Query(
        "CREATE VIEW purchases AS SELECT (event_params->0->'value'->>'int_value')::bigint AS session_id, "
        "\"ecommerce.transaction_id\"::bigint AS order_id, \"ecommerce.purchase_revenue\" AS revenue, user_id, "
        "user_pseudo_id, to_timestamp(event_timestamp / 1000000.0) AS at FROM events_all WHERE event_name = "
        "'purchase'");
    conn_->Query(
        "CREATE VIEW tracked_orders AS SELECT DISTINCT order_id, customer_id, order_ts, subtotal - discount_total AS "
        "revenue, ga_session_id FROM orders_all WHERE channel = 'web' AND ga_session_id IS NOT NULL AND order_ts >= "
        "'2025-12-02T00:00:00-05:00'::timestamptz");
  }
};

using Keys = std::vector<std::string>;

TEST_F(GenerateWebTest, ColumnsAndKeysAreExactlyTheSpecs) {
  EXPECT_EQ(FirstLine(Root(), "ads/facebook_ads", Date(0)),
            "date_start,campaign_id,campaign_name,adset_name,impressions,clicks,spend,actions_purchase");
  EXPECT_EQ(FirstLine(Root(), "ads/google_ads", Date(0)),
            "segments_date,campaign_id,campaign_name,ad_network_type,impressions,clicks,cost_micros,conversions");
  EXPECT_EQ(FirstLine(Root(), "ads/amazon_ads", Date(0)),
            "date,campaign_name,campaign_type,impressions,clicks,spend,attributed_sales_14d,attributed_units_14d");
  EXPECT_EQ(FirstLine(Root(), "ads/other_ads", Date(0)), "date,channel,campaign,impressions,clicks,spend");
  EXPECT_EQ(FirstLine(Root(), "sheets/marketing_budget", Date(0)), "month,channel,budget");
  EXPECT_EQ(FirstLine(Root(), "sheets/sales_targets", Date(0)), "month,region,target_revenue");
  Keys event{"event_date", "event_timestamp", "event_name", "event_params", "user_id", "user_pseudo_id",
             "device.category", "geo.region", "geo.city", "traffic_source.name", "traffic_source.medium",
             "traffic_source.source"};
  EXPECT_EQ(KeyPaths(EventLine(Root(), Date(0), "\"page_view\"")), event);
  event.push_back("ecommerce.transaction_id");
  event.push_back("ecommerce.purchase_revenue");
  EXPECT_EQ(KeyPaths(EventLine(Root(), Date(0), "\"purchase\"")), event);
  // The parameters of spec §3, each value typed as GA4 types it.
  EXPECT_EQ(Q("SELECT DISTINCT json_array_length(event_params), event_params->0->>'key', event_params->1->>'key', "
              "event_params->2->>'key', event_params->3->>'key', event_params->4->>'key' FROM events_all "
              "ORDER BY 1"),
            "2|ga_session_id|page_location|NULL|NULL|NULL\n5|ga_session_id|page_location|transaction_id|value|currency");
  EXPECT_EQ(Q("SELECT count(*) FROM events_all WHERE event_params->0->'value'->>'int_value' IS NULL OR "
              "left(event_params->1->'value'->>'string_value', 25) <> 'https://shop.example.com/' OR (event_name = "
              "'purchase' AND (event_params->2->'value'->>'string_value' <> \"ecommerce.transaction_id\" OR "
              "(event_params->3->'value'->>'double_value')::numeric <> \"ecommerce.purchase_revenue\"))"),
            "0");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT event_name, ',' ORDER BY event_name) FROM events_all"),
            "add_to_cart,begin_checkout,page_view,purchase,session_start,view_item");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT \"device.category\", ',' ORDER BY \"device.category\") FROM events_all"),
            "desktop,mobile,tablet");
}

TEST_F(GenerateWebTest, EveryTrackedWebOrderHasOnePurchaseEventForItsNetRevenue) {
  EXPECT_GT(Number("SELECT count(*) FROM tracked_orders"), 500);
  EXPECT_EQ(Q("SELECT count(*), count(DISTINCT order_id) FROM purchases"), Q("SELECT count(*), count(*) FROM "
                                                                              "tracked_orders"));
  // In the purchasing session of the order, seconds before the order row, for subtotal − discounts.
  EXPECT_EQ(Q("SELECT count(*) FROM tracked_orders o LEFT JOIN purchases p USING (order_id) WHERE p.order_id IS NULL "
              "OR p.session_id <> o.ga_session_id OR p.revenue <> o.revenue OR p.at > o.order_ts OR p.at < "
              "o.order_ts - interval '30 seconds' OR p.user_id::bigint <> o.customer_id"),
            "0");
  // Most buyers are logged in when they pay.
  double logged_in = Number("SELECT avg((user_id IS NOT NULL)::int) FROM purchases");
  EXPECT_GT(logged_in, 0.75);
  EXPECT_LT(logged_in, 0.95);
}

TEST_F(GenerateWebTest, BuyersVisitedBeforeFromOtherSources) {
  // Session ids are unique, one browser each.
  EXPECT_EQ(Q("SELECT count(*) FROM sessions"), Q("SELECT count(DISTINCT session_id) FROM sessions"));
  EXPECT_EQ(Q("SELECT count(*) FROM (SELECT DISTINCT (event_params->0->'value'->>'int_value')::bigint, "
              "user_pseudo_id FROM events_all) s"),
            Q("SELECT count(*) FROM sessions"));
  // An earlier session of a buyer (the purchasing session's id + 1..4) is the same browser
  // and user, 1-28 days before the purchase.
  EXPECT_EQ(Q("SELECT count(*) FROM sessions s JOIN purchases p ON p.session_id = s.session_id - (s.session_id - "
              "1000000000) % 8 WHERE s.session_id < 9000000000 AND (s.session_id - 1000000000) % 8 <> 0 AND "
              "(s.user_pseudo_id <> p.user_pseudo_id OR s.user_id::bigint <> (SELECT customer_id FROM tracked_orders "
              "o WHERE o.order_id = p.order_id) OR s.started >= p.at OR s.started < p.at - interval '30 days')"),
            "0");
  EXPECT_GT(Number("SELECT count(*) FROM sessions WHERE session_id < 9000000000 AND (session_id - 1000000000) % 8 "
                   "BETWEEN 1 AND 4"),
            1000);
  EXPECT_EQ(Q("SELECT count(*) FROM sessions WHERE session_id < 9000000000 AND (session_id - 1000000000) % 8 > 4"),
            "0");
  // The touchpoints of the spec's attribution: most orders of the last ten days have more
  // than the purchasing session, and the first touch is often another channel.
  std::string touchpoints =
      "FROM purchases p JOIN sessions s ON s.user_pseudo_id = p.user_pseudo_id AND s.started <= p.at AND s.started "
      ">= p.at - interval '30 days' WHERE p.at >= '2025-12-21T00:00:00-05:00'::timestamptz";
  double multi = Number("SELECT avg((n > 1)::int) FROM (SELECT p.order_id, count(*) AS n " + touchpoints +
                        " GROUP BY p.order_id) t");
  EXPECT_GT(multi, 0.65);
  double switched = Number(
      "SELECT avg((first_source <> last_source)::int) FROM (SELECT p.order_id, min(s.source || '/' || s.medium "
      "ORDER BY s.started) AS first_source, max(s.source || '/' || s.medium ORDER BY s.started) AS last_source " +
      touchpoints + " GROUP BY p.order_id HAVING count(*) > 1) t");
  EXPECT_GT(switched, 0.5);
}

TEST_F(GenerateWebTest, EventsCoverTheLastThirtyDaysAtTheDailyVolume) {
  // 500,000 a day at SF 1, 5,000 at SF 0.01, more on peak days.
  EXPECT_EQ(Q("SELECT count(DISTINCT event_date), min(event_date), max(event_date) FROM events_all"),
            "30|20251202|20251231");
  double mean = Number("SELECT count(*) / 30.0 FROM events_all");
  EXPECT_GT(mean, 4500);
  EXPECT_LT(mean, 5500);
  EXPECT_GT(Number("SELECT max(n)::float8 / min(n) FROM (SELECT event_date, count(*) AS n FROM events_all GROUP BY "
                   "event_date) d"),
            1.1);
  // The backfill holds the days up to its date; an increment its own day.
  EXPECT_EQ(Q("SELECT n, min(event_date), max(event_date) FROM events_all GROUP BY n ORDER BY n"),
            "0|20251202|20251228\n1|20251229|20251229\n2|20251230|20251230\n3|20251231|20251231");
  // event_date is the shop's local date of the event; timestamps are µs since the Unix epoch.
  EXPECT_EQ(Q("SELECT count(*) FROM events_all WHERE to_char(to_timestamp(event_timestamp / 1000000.0) AT TIME ZONE "
              "'America/New_York', 'YYYYMMDD') <> event_date"),
            "0");
  // Sessions of known customers name them; anonymous ones have no user_id.
  double known = Number("SELECT avg((user_id IS NOT NULL)::int) FROM sessions WHERE session_id >= 9000000000");
  EXPECT_GT(known, 0.15);
  EXPECT_LT(known, 0.3);
}

TEST_F(GenerateWebTest, TrafficSourcesMapToChannelsAndFollowAdSpend) {
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT source || '/' || medium, ',' ORDER BY source || '/' || medium) FROM "
              "sessions"),
            "(direct)/(none),bing/cpc,bing/organic,cj/affiliate,email/email,facebook/cpc,google/cpc,google/organic,"
            "pinterest/cpc,rakuten/affiliate,reddit.com/referral,shareasale/affiliate,tiktok/cpc,wirecutter.com/"
            "referral,youtube.com/referral");
  // A paid session names a campaign that ran that day on its platform.
  EXPECT_EQ(Q("SELECT count(*) FROM sessions s WHERE medium IN ('cpc', 'affiliate', 'email') AND NOT EXISTS (SELECT "
              "1 FROM spend p WHERE p.campaign = s.name AND to_char(p.date, 'YYYYMMDD') = s.event_date)"),
            "0");
  // Days with more Facebook spend bring more Facebook sessions.
  double correlation = Number(
      "SELECT corr(p.spend, s.n) FROM (SELECT date, sum(spend) AS spend FROM spend WHERE channel = 'Facebook Ads' "
      "GROUP BY date) p JOIN (SELECT event_date, count(*) AS n FROM sessions WHERE source = 'facebook' GROUP BY "
      "event_date) s ON to_char(p.date, 'YYYYMMDD') = s.event_date");
  EXPECT_GT(correlation, 0.6);
}

TEST_F(GenerateWebTest, AdReportsHaveOneRowPerCampaignAndDay) {
  // Three years of days, one row per campaign running that day.
  EXPECT_EQ(Q("SELECT min(date_start), max(date_start), count(*) = count(DISTINCT date_start || "
              "'/' || campaign_id) FROM facebook_ads_0"),
            "2023-01-01|2025-12-28|t");
  EXPECT_EQ(Q("SELECT min(segments_date), count(*) = count(DISTINCT segments_date || '/' || campaign_id) "
              "FROM google_ads_0"),
            "2023-01-01|t");
  EXPECT_EQ(Q("SELECT count(*) = count(DISTINCT date || '/' || campaign_name) FROM amazon_ads_0"), "t");
  EXPECT_EQ(Q("SELECT count(*) = count(DISTINCT date || '/' || campaign) FROM other_ads_0"), "t");
  // $400K a month at SF 1 over the last year: $48K a year at SF 0.01, split over 8 channels.
  double year = Number("SELECT sum(spend) FROM spend WHERE date >= '2025-01-01'");
  EXPECT_GT(year, 44000);
  EXPECT_LT(year, 52000);
  EXPECT_EQ(Q("SELECT string_agg(channel, ',' ORDER BY s DESC) FROM (SELECT channel, sum(spend) AS s FROM spend "
              "WHERE date >= '2025-01-01' GROUP BY channel) c"),
            "Google Ads,Facebook Ads,Amazon Ads,TikTok Ads,Affiliate,Email,Bing Ads,Pinterest Ads");
  // Consistent funnels; Google in micros of whole cents; Facebook leaves out zero purchases.
  EXPECT_EQ(Q("SELECT count(*) FROM google_ads_all WHERE cost_micros % 10000 <> 0 OR clicks > impressions OR "
              "conversions > clicks"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FILTER (WHERE actions_purchase = 0), count(*) FILTER (WHERE clicks > impressions) "
              "FROM facebook_ads_all"),
            "0|0");
  EXPECT_GT(Number("SELECT count(*) FROM facebook_ads_all WHERE actions_purchase IS NULL"), 0);
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT ad_network_type, ',' ORDER BY ad_network_type) FROM google_ads_all"),
            "CONTENT,MIXED,SEARCH,YOUTUBE_WATCH");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT campaign_type, ',' ORDER BY campaign_type) FROM amazon_ads_all"),
            "sponsoredBrands,sponsoredDisplay,sponsoredProducts");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT channel, ',' ORDER BY channel) FROM other_ads_all"),
            "affiliate,bing,email,pinterest,tiktok");
  // Campaigns start and stop: TikTok started during the history, Google Shopping gave way to PMax.
  EXPECT_GT(Q("SELECT min(date) FROM other_ads_0 WHERE channel = 'tiktok'"), "2024-01-01");
  EXPECT_LT(Q("SELECT max(segments_date) FROM google_ads_0 WHERE campaign_name = 'Shopping - All Products'"),
            "2025-01-01");
  // Holiday campaigns run in November and December only.
  EXPECT_EQ(Q("SELECT DISTINCT extract(month FROM date_start) FROM facebook_ads_0 WHERE campaign_name = 'Holiday "
              "Gift Guide' ORDER BY 1"),
            "11\n12");
}

TEST_F(GenerateWebTest, IncrementsRestateThePreviousDay) {
  for (int n = 1; n <= kIncrements; n++) {
    std::string s = std::to_string(n), previous = std::to_string(n - 1);
    SCOPED_TRACE("increment " + s);
    std::string day = "'" + Date(n) + "'::date";
    // The day itself: every campaign that ran, as many as on the backfill's last day.
    EXPECT_EQ(Q("SELECT count(*) FROM google_ads_" + s + " WHERE segments_date = " + day),
              Q("SELECT count(*) FROM google_ads_0 WHERE segments_date = '" + Date(0) + "'"));
    // Otherwise only the previous day's restated rows, with new numbers.
    EXPECT_EQ(Q("SELECT count(*) FROM google_ads_" + s + " WHERE segments_date <> " + day + " AND segments_date <> " +
                day + " - 1"),
              "0");
    EXPECT_EQ(Q("SELECT count(*) FROM google_ads_" + s + " r LEFT JOIN google_ads_" + previous +
                " o ON o.segments_date = r.segments_date AND o.campaign_id = r.campaign_id WHERE r.segments_date = " +
                day + " - 1 AND (o.campaign_id IS NULL OR (o.cost_micros = r.cost_micros AND o.conversions = "
                "r.conversions AND o.clicks = r.clicks))"),
              "0");
  }
  // Across all platforms some rows come back (about 5%: checked on the plan below).
  EXPECT_GT(Number("SELECT count(*) FROM ad_rows r WHERE n > 0 AND date < (SELECT max(date) FROM ad_rows x WHERE x.n = "
                   "r.n)"),
            0);
}

TEST(GenerateWebPlanTest, AboutFivePercentOfAdRowsAreRestated) {
  GenerateOptions options;
  options.sf = 0.01;
  World world(options);
  MarketingPlan plan(world);
  int64_t rows = 0, restated = 0;
  for (int32_t date = world.first_day(); date <= world.end_day(); date++) {
    for (const Campaign& c : Campaigns()) {
      if (!plan.Runs(c, date)) continue;
      rows++;
      restated += plan.Restated(c, date);
      // A restatement changes the numbers, and conversions only grow.
      if (plan.Restated(c, date)) {
        AdDay first = plan.Report(c, date, false), second = plan.Report(c, date, true);
        EXPECT_GE(second.conversions, first.conversions);
      }
    }
  }
  EXPECT_GT(rows, 25000);
  EXPECT_NEAR(static_cast<double>(restated) / rows, 0.05, 0.005);
}

TEST_F(GenerateWebTest, PlansMatchWhatHappened) {
  // 36 months of history and 12 ahead, every channel and region.
  EXPECT_EQ(Q("SELECT count(*), count(DISTINCT month), min(month), max(month), count(DISTINCT channel) FROM "
              "marketing_budget"),
            "384|48|2023-01-01|2026-12-01|8");
  EXPECT_EQ(Q("SELECT count(*), min(month), max(month), string_agg(DISTINCT region, ',' ORDER BY region) FROM "
              "sales_targets"),
            "240|2023-01-01|2026-12-01|Midwest,Northeast,Southeast,Southwest,West");
  // Budgets are the plan the spend followed: each month within 25% of the month's spend.
  EXPECT_EQ(Q("SELECT count(*) FROM (SELECT month, sum(budget) AS budget FROM marketing_budget GROUP BY month) b "
              "JOIN (SELECT date_trunc('month', date)::date AS month, sum(spend) AS spend FROM spend GROUP BY 1) s "
              "USING (month) WHERE month < '2025-12-01' AND abs(budget / spend - 1) > 0.25"),
            "0");
  // Targets are a little above the month's net revenue.
  EXPECT_EQ(Q("SELECT count(*) FROM (SELECT month, sum(target_revenue) AS target FROM sales_targets GROUP BY month) t "
              "JOIN (SELECT date_trunc('month', order_ts AT TIME ZONE 'America/New_York')::date AS month, "
              "sum(subtotal - discount_total) AS revenue FROM orders_0 GROUP BY 1) o USING (month) WHERE month < "
              "'2025-12-01' AND (target / revenue < 0.85 OR target / revenue > 1.35)"),
            "0");
  // Plans keep growing into next year.
  EXPECT_GT(Number("SELECT sum(budget) FROM marketing_budget WHERE month >= '2026-01-01'"),
            Number("SELECT sum(budget) FROM marketing_budget WHERE month >= '2025-01-01' AND month < '2026-01-01'"));
}

}  // namespace
}  // namespace stockroom
