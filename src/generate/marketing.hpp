#pragma once

#include <cstdint>
#include <vector>

#include "generate/world.hpp"

namespace stockroom {

// The retailer's paid marketing: the 8 channels of spec §3, their campaigns and what each
// campaign spends a day. The ad platforms' exports (ads.cpp), the budget sheet (sheets.cpp)
// and the web sessions the ads bring (ga4.cpp) all read it, so spend, budget and traffic
// agree with each other.

enum class AdPlatform { kFacebook, kGoogle, kAmazon, kOther };

struct MarketingChannel {
  const char* name;        // as the spec names it: "Facebook Ads"
  const char* key;         // other_ads.channel: tiktok, bing, pinterest, affiliate, email
  AdPlatform platform;
  double share;            // of the paid spend
  double cpm;              // dollars per 1,000 impressions
  double ctr;              // clicks per impression
  double cvr;              // conversions per click
  const char* utm_source;  // GA4 traffic_source of the sessions it brings; nullptr: not the web
  const char* utm_medium;
};
const std::vector<MarketingChannel>& MarketingChannels();

// When in the year a campaign runs.
enum class Season { kAlways, kHoliday, kSpring, kPrimeDay };

struct Campaign {
  int32_t index;           // in Campaigns()
  int32_t channel;         // index into MarketingChannels()
  int64_t id;              // the platform's campaign id
  const char* name;        // also the GA4 traffic_source.name of its sessions
  const char* detail;      // Facebook adset_name, Google ad_network_type, Amazon campaign_type
  const char* utm_source;  // overrides the channel's (affiliate partners); nullptr: the channel's
  double weight;           // share of its channel's spend while it runs
  double ctr_factor;       // its click-through rate relative to the channel's
  double start, end;       // runs on days whose fraction of the history is in [start, end)
  Season season;
};
const std::vector<Campaign>& Campaigns();

// What a campaign reported for a day.
struct AdDay {
  int64_t spend_cents;
  int64_t impressions;
  int64_t clicks;
  double conversions;
  int64_t sales_cents;  // attributed sales (Amazon)
  int64_t units;        // attributed units (Amazon)
};

// Spend by campaign and day: $400K a month across all channels at SF 1 over the last
// year of the history, following the day weight (growth, seasonality), with noise per
// channel-day and per campaign-day. Cheap to build; immutable; thread-safe.
class MarketingPlan {
 public:
  explicit MarketingPlan(const World& world);

  // Returns whether the campaign runs on the local date (any date, also past the history).
  bool Runs(const Campaign& campaign, int32_t date) const;
  // Returns the planned spend in dollars, without noise (0 when it does not run).
  double PlannedSpend(const Campaign& campaign, int32_t date) const;
  // Returns the day's numbers as the platform first reports them, or restated a day later.
  AdDay Report(const Campaign& campaign, int32_t date, bool restated) const;
  // Returns whether the platform restates the day's row the next day (~5% of rows).
  bool Restated(const Campaign& campaign, int32_t date) const;
  // Returns the channel's spend on the date relative to its plain level (its share of the
  // day's weight): about 1, more while seasonal campaigns run, 0 before it starts.
  double Intensity(int32_t channel, int32_t date) const;

 private:
  double NoisySpend(const Campaign& campaign, int32_t date) const;  // dollars

  const World& world_;
  double dollars_per_weight_;  // spend of a campaign-share of 1 on a day of weight 1
};

}  // namespace stockroom
