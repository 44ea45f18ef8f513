// The planning spreadsheets (spec §3.1, system `sheets`): marketing_budget (month ×
// channel) and sales_targets (month × region), exported once with the backfill.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "common/types/date_time.hpp"
#include "generate/landing_zone.hpp"
#include "generate/marketing.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr int kPlannedMonthsAhead = 12;
constexpr int64_t kSampledOrders = 2000;  // per month
// Random keys: a budget row is month * 16 + channel, a target row the same with this bit.
constexpr uint64_t kTargetKey = 1ULL << 40;

// The first day of every month of the history and of the next kPlannedMonthsAhead.
std::vector<int32_t> PlanningMonths(const World& world) {
  auto first = date_time::CivilFromDays(world.first_day());
  int32_t month = date_time::DaysFromCivil(first.year, first.month, 1);
  int32_t last = date_time::AddMonthsToDate(world.end_day(), kPlannedMonthsAhead);
  std::vector<int32_t> months;
  for (; month <= last; month = date_time::AddMonthsToDate(month, 1)) months.push_back(month);
  return months;
}

int32_t NextMonth(int32_t month) { return date_time::AddMonthsToDate(month, 1); }

// Rounds dollars to a planner's round number (three significant digits, whole dollars), in
// cents.
int64_t RoundForPlan(double dollars) {
  double unit = dollars < 1000 ? 1 : std::pow(10.0, std::floor(std::log10(dollars)) - 2);
  return std::llround(std::round(dollars / unit) * unit * 100);
}

void WriteMarketingBudget(const World& world, LandingFile& file) {
  MarketingPlan plan(world);
  const auto& channels = MarketingChannels();
  for (int32_t month : PlanningMonths(world)) {
    std::vector<double> planned(channels.size(), 0.0);
    for (int32_t date = month; date < NextMonth(month); date++) {
      for (const Campaign& c : Campaigns()) planned[c.channel] += plan.PlannedSpend(c, date);
    }
    for (size_t ch = 0; ch < channels.size(); ch++) {
      // The planner's number: the plan give or take a few percent, rounded.
      Rng rng(world.seed(), RandomStream::kSheets, static_cast<uint64_t>(month) * 16 + ch);
      CsvLine line;
      line.Date(month).Text(channels[ch].name).Money(RoundForPlan(planned[ch] * rng.LogNormal(1.0, 0.04)));
      file.Add(line);
    }
  }
}

// Returns the average net revenue (subtotal − discounts) of the orders placed in
// [from, to), in dollars, from a sample of them; 0 when there are none.
double AverageOrderRevenue(const World& world, int64_t from, int64_t to) {
  int64_t first = world.OrdersBy(from - 1) + 1, last = world.OrdersBy(to - 1);
  if (last < first) return 0;
  int64_t step = std::max<int64_t>(1, (last - first + 1) / kSampledOrders);
  double sum = 0;
  int64_t count = 0;
  for (int64_t id = first; id <= last; id += step, count++) {
    Order o = world.MakeOrder(id);
    sum += static_cast<double>(o.subtotal() - o.discount_total()) / 100;
  }
  return sum / static_cast<double>(count);
}

// Targets the sales trend: each month's orders (as the day weights spread them) at the
// month's average order value, which the planners project from the last quarter for the
// months ahead; split by region as the customers live; 5% on top, give or take.
void WriteSalesTargets(const World& world, LandingFile& file) {
  double history_weight = 0;
  for (int32_t date = world.first_day(); date <= world.end_day(); date++) {
    history_weight += world.DayWeight(date);
  }
  double orders_per_weight = static_cast<double>(world.volumes().orders) / history_weight;
  int64_t history_end = world.LocalDayStart(world.end_day() + 1);
  double projected_order_value = AverageOrderRevenue(world, world.LocalDayStart(world.end_day() - 90), history_end);
  std::map<std::string, double> region_weights;
  double total_weight = 0;
  for (const City& city : Cities()) {
    region_weights[city.region] += city.weight;
    total_weight += city.weight;
  }
  for (int32_t month : PlanningMonths(world)) {
    double weight = 0;
    for (int32_t date = month; date < NextMonth(month); date++) weight += world.DayWeight(date);
    int64_t start = world.LocalDayStart(month);
    double order_value = start < history_end
                             ? AverageOrderRevenue(world, start, world.LocalDayStart(NextMonth(month)))
                             : projected_order_value;
    int region = 0;
    for (const auto& [name, region_weight] : region_weights) {
      uint64_t key = (static_cast<uint64_t>(month) * 16 + region++) | kTargetKey;
      Rng rng(world.seed(), RandomStream::kSheets, key);
      double target = weight * orders_per_weight * order_value * region_weight / total_weight * rng.Normal(1.05, 0.03);
      CsvLine line;
      line.Date(month).Text(name).Money(RoundForPlan(target));
      file.Add(line);
    }
  }
}

}  // namespace

void AddSheetsJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs) {
  if (!extract.backfill()) return;
  jobs->push_back({"sheets/marketing_budget", 0.05, [&world, extract](LandingZone& zone) {
                     auto file = zone.Open("sheets", "marketing_budget", extract.date, 0, LandingFormat::kCsv,
                                           {"month", "channel", "budget"});
                     WriteMarketingBudget(world, *file);
                     file->Close();
                   }});
  jobs->push_back({"sheets/sales_targets", 0.05, [&world, extract](LandingZone& zone) {
                     auto file = zone.Open("sheets", "sales_targets", extract.date, 0, LandingFormat::kCsv,
                                           {"month", "region", "target_revenue"});
                     WriteSalesTargets(world, *file);
                     file->Close();
                   }});
}

}  // namespace stockroom
