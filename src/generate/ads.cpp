// The ad platforms' daily campaign reports (spec §3.1, system `ads`): facebook_ads,
// google_ads, amazon_ads and other_ads, and the marketing plan they report on.
#include <algorithm>
#include <cmath>

#include "common/types/date_time.hpp"
#include "generate/landing_zone.hpp"
#include "generate/marketing.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr double kMonthlySpendAtSf1 = 400000;
constexpr double kRestateRate = 0.05;
constexpr double kAmazonOrderValue = 34.0;  // dollars per attributed Amazon order

// Random keys of the plan: (date, what) packed, so channel-days, campaign-days and
// restatements never share a stream.
uint64_t Key(int32_t date, int what) {
  return (static_cast<uint64_t>(date) << 16) | static_cast<uint64_t>(what);
}
constexpr int kChannelNoise = 0, kCampaignNoise = 256, kRestatement = 512, kNumbers = 768;

bool InSeason(Season season, int32_t date) {
  auto civil = date_time::CivilFromDays(date);
  switch (season) {
    case Season::kAlways: return true;
    case Season::kHoliday: return civil.month == 11 || (civil.month == 12 && civil.day <= 24);
    case Season::kSpring: return civil.month == 3 || civil.month == 4;
    case Season::kPrimeDay: return civil.month == 7 && civil.day >= 8 && civil.day <= 17;
  }
  return true;
}

}  // namespace

const std::vector<MarketingChannel>& MarketingChannels() {
  // Shares of the paid budget and auction prices as a mid-market home and electronics
  // retailer sees them; email and affiliate "impressions" are delivered emails and
  // partner placements, their spend the ESP bill and commissions.
  static const std::vector<MarketingChannel> kChannels = {
      {"Facebook Ads", "facebook", AdPlatform::kFacebook, 0.25, 9.0, 0.012, 0.025, "facebook", "cpc"},
      {"Google Ads", "google", AdPlatform::kGoogle, 0.30, 22.0, 0.040, 0.035, "google", "cpc"},
      {"Amazon Ads", "amazon", AdPlatform::kAmazon, 0.18, 6.0, 0.004, 0.110, nullptr, nullptr},
      {"TikTok Ads", "tiktok", AdPlatform::kOther, 0.07, 6.5, 0.009, 0.012, "tiktok", "cpc"},
      {"Bing Ads", "bing", AdPlatform::kOther, 0.05, 18.0, 0.035, 0.032, "bing", "cpc"},
      {"Pinterest Ads", "pinterest", AdPlatform::kOther, 0.04, 5.0, 0.007, 0.015, "pinterest", "cpc"},
      {"Affiliate", "affiliate", AdPlatform::kOther, 0.06, 4.0, 0.010, 0.045, nullptr, "affiliate"},
      {"Email", "email", AdPlatform::kOther, 0.05, 1.2, 0.025, 0.030, "email", "email"},
  };
  return kChannels;
}

const std::vector<Campaign>& Campaigns() {
  static const std::vector<Campaign> kCampaigns = [] {
    struct Spec {
      int32_t channel;
      const char* name;
      const char* detail;
      const char* utm_source;
      double weight, ctr_factor, start, end;
      Season season;
    };
    // Always-on campaigns of a channel weigh about 1 together; seasonal ones add budget.
    // start < 0 ran before the history, end > 1 runs on past it.
    static const Spec kSpecs[] = {
        {0, "Prospecting - Broad US", "Broad 25-54", nullptr, 0.40, 0.9, -1, 9, Season::kAlways},
        {0, "Retargeting - DPA 30d", "Viewed or Added to Cart 30d", nullptr, 0.25, 1.6, -1, 9, Season::kAlways},
        {0, "Lookalike - Purchasers 1%", "LAL 1% US Purchasers", nullptr, 0.25, 1.0, 0.30, 9, Season::kAlways},
        {0, "Video - Brand Awareness", "Reels and Stories", nullptr, 0.20, 0.6, -1, 0.55, Season::kAlways},
        {0, "Holiday Gift Guide", "Gift Shoppers", nullptr, 0.45, 1.1, -1, 9, Season::kHoliday},
        {0, "Spring Refresh", "Home Decor Interest", nullptr, 0.20, 1.0, -1, 9, Season::kSpring},
        {1, "Search - Brand", "SEARCH", nullptr, 0.12, 3.5, -1, 9, Season::kAlways},
        {1, "Search - Generic Home", "SEARCH", nullptr, 0.20, 1.0, -1, 9, Season::kAlways},
        {1, "Search - Generic Electronics", "SEARCH", nullptr, 0.18, 1.0, -1, 9, Season::kAlways},
        {1, "Shopping - All Products", "SEARCH", nullptr, 0.40, 0.9, -1, 0.60, Season::kAlways},
        {1, "PMax - All Products", "MIXED", nullptr, 0.45, 0.8, 0.55, 9, Season::kAlways},
        {1, "Display - Remarketing", "CONTENT", nullptr, 0.08, 0.2, -1, 9, Season::kAlways},
        {1, "YouTube - Holiday", "YOUTUBE_WATCH", nullptr, 0.25, 0.1, -1, 9, Season::kHoliday},
        {2, "SP - Auto - All Products", "sponsoredProducts", nullptr, 0.40, 1.0, -1, 9, Season::kAlways},
        {2, "SP - Manual - Kitchen", "sponsoredProducts", nullptr, 0.20, 1.1, -1, 9, Season::kAlways},
        {2, "SP - Manual - Audio", "sponsoredProducts", nullptr, 0.20, 1.1, 0.20, 9, Season::kAlways},
        {2, "SB - Brand Store", "sponsoredBrands", nullptr, 0.15, 0.8, -1, 9, Season::kAlways},
        {2, "SD - Retargeting", "sponsoredDisplay", nullptr, 0.10, 0.5, 0.40, 9, Season::kAlways},
        {2, "SP - Prime Day", "sponsoredProducts", nullptr, 1.50, 1.2, -1, 9, Season::kPrimeDay},
        {2, "SP - Holiday Deals", "sponsoredProducts", nullptr, 0.40, 1.1, -1, 9, Season::kHoliday},
        {3, "TikTok - Spark Ads UGC", nullptr, nullptr, 0.70, 1.0, 0.35, 9, Season::kAlways},
        {3, "TikTok - Product Catalog", nullptr, nullptr, 0.30, 1.2, 0.60, 9, Season::kAlways},
        {3, "TikTok - Holiday Hauls", nullptr, nullptr, 0.50, 1.0, 0.35, 9, Season::kHoliday},
        {4, "Bing - Brand", nullptr, nullptr, 0.30, 3.0, -1, 9, Season::kAlways},
        {4, "Bing - Shopping", nullptr, nullptr, 0.70, 0.9, -1, 9, Season::kAlways},
        {5, "Pinterest - Home Decor Pins", nullptr, nullptr, 0.80, 1.0, -1, 9, Season::kAlways},
        {5, "Pinterest - Holiday Ideas", nullptr, nullptr, 0.50, 1.1, -1, 9, Season::kHoliday},
        {5, "Pinterest - Spring Styling", nullptr, nullptr, 0.30, 1.0, 0.25, 9, Season::kSpring},
        {6, "Rakuten - Publisher Network", nullptr, "rakuten", 0.50, 1.0, -1, 9, Season::kAlways},
        {6, "CJ - Coupon Sites", nullptr, "cj", 0.30, 1.4, -1, 9, Season::kAlways},
        {6, "ShareASale - Home Bloggers", nullptr, "shareasale", 0.20, 0.8, 0.50, 9, Season::kAlways},
        {7, "Newsletter - Weekly", nullptr, nullptr, 0.50, 1.0, -1, 9, Season::kAlways},
        {7, "Flow - Abandoned Cart", nullptr, nullptr, 0.25, 2.5, -1, 9, Season::kAlways},
        {7, "Flow - Welcome Series", nullptr, nullptr, 0.25, 1.5, 0.15, 9, Season::kAlways},
        {7, "Holiday Promo Blasts", nullptr, nullptr, 0.40, 1.2, -1, 9, Season::kHoliday},
    };
    std::vector<Campaign> campaigns;
    for (const Spec& s : kSpecs) {
      int32_t index = static_cast<int32_t>(campaigns.size());
      // Facebook ids are 18 digits, Google's 11; the others are not exported.
      int64_t id = s.channel == 0 ? 120208000000000000LL + 7919LL * (index + 1)
                                  : s.channel == 1 ? 20110000000LL + 1013LL * (index + 1) : index + 1;
      campaigns.push_back({index, s.channel, id, s.name, s.detail, s.utm_source, s.weight, s.ctr_factor,
                           s.start, s.end, s.season});
    }
    return campaigns;
  }();
  return kCampaigns;
}

MarketingPlan::MarketingPlan(const World& world) : world_(world), dollars_per_weight_(1) {
  // Scale so that the last year of the history spends $400K a month at SF 1.
  double weight = 0;
  for (int32_t date = world.end_day() - 364; date <= world.end_day(); date++) {
    for (const Campaign& c : Campaigns()) weight += PlannedSpend(c, date);
  }
  dollars_per_weight_ = kMonthlySpendAtSf1 * 12 * world.options().sf / weight;
}

bool MarketingPlan::Runs(const Campaign& campaign, int32_t date) const {
  double days = world_.end_day() - world_.first_day() + 1;
  double fraction = (date - world_.first_day()) / days;
  return fraction >= campaign.start && fraction < campaign.end && InSeason(campaign.season, date);
}

double MarketingPlan::PlannedSpend(const Campaign& campaign, int32_t date) const {
  if (!Runs(campaign, date)) return 0;
  double share = MarketingChannels()[campaign.channel].share;
  return dollars_per_weight_ * share * campaign.weight * world_.DayWeight(date);
}

double MarketingPlan::NoisySpend(const Campaign& campaign, int32_t date) const {
  double planned = PlannedSpend(campaign, date);
  if (planned == 0) return 0;
  Rng channel_rng(world_.seed(), RandomStream::kAds, Key(date, kChannelNoise + campaign.channel));
  Rng campaign_rng(world_.seed(), RandomStream::kAds, Key(date, kCampaignNoise + campaign.index));
  return planned * channel_rng.LogNormal(1.0, 0.15) * campaign_rng.LogNormal(1.0, 0.10);
}

bool MarketingPlan::Restated(const Campaign& campaign, int32_t date) const {
  Rng rng(world_.seed(), RandomStream::kAds, Key(date, kRestatement + campaign.index));
  return rng.Chance(kRestateRate);
}

AdDay MarketingPlan::Report(const Campaign& campaign, int32_t date, bool restated) const {
  const MarketingChannel& channel = MarketingChannels()[campaign.channel];
  Rng rng(world_.seed(), RandomStream::kAds, Key(date, kNumbers + campaign.index));
  double spend = NoisySpend(campaign, date);
  double impressions = spend / channel.cpm * 1000 * rng.LogNormal(1.0, 0.05);
  double clicks = impressions * channel.ctr * campaign.ctr_factor * rng.LogNormal(1.0, 0.08);
  double conversions = clicks * channel.cvr * rng.LogNormal(1.0, 0.20);
  double order_value = kAmazonOrderValue * rng.LogNormal(1.0, 0.10);
  double late_units = rng.LogNormal(1.0, 0.2);
  if (restated) {
    // Late clicks and conversions come in (they only grow) and spend moves a little, up
    // or down (invalid-click credits).
    Rng late(world_.seed(), RandomStream::kAds, Key(date, kRestatement + campaign.index));
    late.Uniform();  // the draw of Restated()
    double adjust = late.Normal(1.0, 0.03);
    spend *= adjust;
    impressions *= adjust;
    clicks *= 1.0 + std::abs(late.Normal(0, 0.03));
    conversions *= 1.0 + late.Uniform() * 0.2;
  }
  AdDay day;
  day.spend_cents = std::max<int64_t>(0, std::llround(spend * 100));
  day.impressions = std::max<int64_t>(0, std::llround(impressions));
  day.clicks = std::min(day.impressions, std::max<int64_t>(0, std::llround(clicks)));
  // Conversions are credited to clicks: never more of them than clicks.
  day.conversions = std::min(std::round(std::max(0.0, conversions) * 100) / 100, static_cast<double>(day.clicks));
  // Amazon counts whole orders, of 1.3 units on average.
  int64_t orders = std::llround(day.conversions);
  day.units = orders + std::llround(orders * 0.3 * late_units);
  day.sales_cents = std::llround(static_cast<double>(orders) * order_value * 100);
  return day;
}

double MarketingPlan::Intensity(int32_t channel, int32_t date) const {
  double plain = dollars_per_weight_ * MarketingChannels()[channel].share * world_.DayWeight(date);
  double spend = 0;
  for (const Campaign& c : Campaigns()) {
    if (c.channel == channel) spend += NoisySpend(c, date);
  }
  return spend / plain;
}

namespace {

void WriteRow(const Campaign& c, int32_t date, const AdDay& day, LandingFile& file) {
  const MarketingChannel& channel = MarketingChannels()[c.channel];
  CsvLine line;
  switch (channel.platform) {
    case AdPlatform::kFacebook:
      line.Date(date).Int(c.id).Text(c.name).Text(c.detail).Int(day.impressions).Int(day.clicks);
      line.Money(day.spend_cents);
      // The Insights API leaves out an action that did not happen: no purchases is NULL.
      day.conversions >= 0.5 ? line.Int(std::llround(day.conversions)) : line.Null();
      break;
    case AdPlatform::kGoogle:
      line.Date(date).Int(c.id).Text(c.name).Text(c.detail).Int(day.impressions).Int(day.clicks);
      line.Int(day.spend_cents * 10000).Fixed(day.conversions, 2);
      break;
    case AdPlatform::kAmazon:
      line.Date(date).Text(c.name).Text(c.detail).Int(day.impressions).Int(day.clicks).Money(day.spend_cents);
      line.Money(day.sales_cents).Int(day.units);
      break;
    case AdPlatform::kOther:
      line.Date(date).Text(channel.key).Text(c.name).Int(day.impressions).Int(day.clicks);
      line.Money(day.spend_cents);
      break;
  }
  file.Add(line);
}

// Writes the platform's rows of an extract: the backfill has every day up to its date
// (restated where the restatement came by then); an increment has its day as first
// reported and the previous day's restated rows.
void WritePlatform(const World& world, const MarketingPlan& plan, AdPlatform platform,
                   const ExtractWindow& extract, LandingFile& file) {
  int32_t first = extract.backfill() ? world.first_day() : extract.date - 1;
  for (int32_t date = first; date <= extract.date; date++) {
    for (const Campaign& c : Campaigns()) {
      if (MarketingChannels()[c.channel].platform != platform || !plan.Runs(c, date)) continue;
      bool restated = plan.Restated(c, date) && date < extract.date;
      if (!extract.backfill() && date < extract.date && !restated) continue;
      WriteRow(c, date, plan.Report(c, date, restated), file);
    }
  }
}

struct PlatformTable {
  AdPlatform platform;
  const char* table;
  std::vector<std::string> header;
};

const std::vector<PlatformTable>& PlatformTables() {
  static const std::vector<PlatformTable> kTables = {
      {AdPlatform::kFacebook, "facebook_ads",
       {"date_start", "campaign_id", "campaign_name", "adset_name", "impressions", "clicks", "spend",
        "actions_purchase"}},
      {AdPlatform::kGoogle, "google_ads",
       {"segments_date", "campaign_id", "campaign_name", "ad_network_type", "impressions", "clicks",
        "cost_micros", "conversions"}},
      {AdPlatform::kAmazon, "amazon_ads",
       {"date", "campaign_name", "campaign_type", "impressions", "clicks", "spend", "attributed_sales_14d",
        "attributed_units_14d"}},
      {AdPlatform::kOther, "other_ads", {"date", "channel", "campaign", "impressions", "clicks", "spend"}},
  };
  return kTables;
}

}  // namespace

void AddAdsJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs) {
  for (const PlatformTable& table : PlatformTables()) {
    auto run = [&world, &table, extract](LandingZone& zone) {
      MarketingPlan plan(world);
      auto file = zone.Open("ads", table.table, extract.date, 0, LandingFormat::kCsv, table.header);
      WritePlatform(world, plan, table.platform, extract, *file);
      file->Close();
    };
    jobs->push_back({std::string("ads/") + table.table, extract.backfill() ? 0.1 : 0, run});
  }
}

}  // namespace stockroom
