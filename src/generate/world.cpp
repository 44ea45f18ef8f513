#include "generate/world.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "common/types/date_time.hpp"
#include "common/types/time_zone.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr int64_t kMinute = 60 * kMicrosPerSecond;
constexpr int64_t kDay = kMicrosPerDayGen;

// Relative orders per local hour of the day: a quiet night, an evening peak.
constexpr double kHourWeights[24] = {0.30, 0.20, 0.15, 0.10, 0.10, 0.15, 0.30, 0.50, 0.70, 0.90, 1.00, 1.05,
                                     1.10, 1.05, 1.00, 1.00, 1.00, 1.05, 1.15, 1.30, 1.40, 1.30, 1.00, 0.60};
// Relative volume per month (January first): the November-December peak.
constexpr double kMonthWeights[12] = {0.85, 0.80, 0.90, 0.90, 0.95, 0.95, 1.00, 1.00, 0.95, 1.05, 1.45, 1.65};
// Per day of week, Sunday first.
constexpr double kWeekdayWeights[7] = {1.05, 1.10, 1.00, 1.00, 0.95, 0.90, 0.95};
constexpr double kYearlyGrowth = 1.40;

const char* kFirstNames[] = {"James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda",
                             "David", "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica",
                             "Thomas", "Sarah", "Carlos", "Karen", "Daniel", "Lisa", "Matthew", "Nancy",
                             "Anthony", "Sandra", "Mark", "Ashley", "Steven", "Emily", "Andrew", "Michelle",
                             "Joshua", "Amanda", "Kevin", "Melissa", "Brian", "Stephanie", "Jose", "Laura",
                             "Wei", "Priya", "Ahmed", "Mei", "Luis", "Sofia", "Omar", "Aisha", "Hiro", "Olga"};
const char* kLastNames[] = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
                            "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
                            "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson",
                            "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson", "Walker",
                            "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
                            "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
                            "Carter", "O'Brien", "Patel", "Kim", "Chen", "Singh", "Cohen", "Kowalski"};
const char* kEmailDomains[] = {"gmail.com", "gmail.com", "gmail.com", "yahoo.com", "outlook.com",
                               "icloud.com", "hotmail.com", "aol.com"};
const char* kCompanyWords[] = {"Harbor", "Summit", "Maple", "Granite", "Cedar", "Bright", "Keystone", "Pioneer",
                               "Lakeside", "Union", "Redwood", "Atlas", "Beacon", "Northstar", "Meridian"};
const char* kCompanySuffixes[] = {"Home Supply LLC", "Interiors Inc", "Hospitality Group", "Property Management",
                                  "Office Solutions", "Design Studio", "Retail Co", "Vacation Rentals LLC"};
const char* kHomeBrands[] = {"Hearth & Oak", "Linen Lane", "Casa Verde", "Nordhaus", "Willow Home",
                             "Copperfield", "Stonebridge", "Bluebell"};
const char* kTechBrands[] = {"Voltix", "SonicWave", "Arcline", "Nimbus", "Pixelcraft", "Ohmline", "Zentro",
                             "Lumen"};
const char* kAdjectives[] = {"Classic", "Premium", "Essential", "Pro", "Compact", "Deluxe", "Modern", "Ultra",
                             "Everyday", "Signature"};
const char* kSupplierWords[] = {"Golden", "Pacific", "Eastern", "Prime", "Global", "Sunrise", "Dragon", "Liberty",
                                "Continental", "Delta"};
const char* kSupplierKinds[] = {"Manufacturing", "Trading Co", "Industries", "Imports", "Textiles", "Electronics",
                                "Housewares", "Goods"};

struct CountryLead {
  const char* country;
  double weight;
  int min_days, max_days;
};
constexpr CountryLead kSupplierCountries[] = {{"CN", 0.40, 30, 60}, {"US", 0.25, 5, 14}, {"VN", 0.10, 35, 55},
                                              {"MX", 0.10, 10, 20}, {"TW", 0.05, 30, 50}, {"IN", 0.05, 35, 60},
                                              {"DE", 0.05, 25, 45}};

double HourCdf(int hour) {
  double sum = 0;
  for (int h = 0; h < hour; h++) sum += kHourWeights[h];
  return sum;
}

// Maps a fraction of a day's volume to microseconds after local midnight.
int64_t TimeOfDayAt(double q) {
  static const double total = HourCdf(24);
  double target = q * total, sum = 0;
  for (int h = 0; h < 24; h++) {
    if (sum + kHourWeights[h] > target || h == 23) {
      double within = std::clamp((target - sum) / kHourWeights[h], 0.0, 0.999999);
      return h * kMicrosPerHour + static_cast<int64_t>(within * kMicrosPerHour);
    }
    sum += kHourWeights[h];
  }
  return 0;
}

double FractionOfDay(int64_t time_of_day) {
  static const double total = HourCdf(24);
  int hour = static_cast<int>(time_of_day / kMicrosPerHour);
  double within = static_cast<double>(time_of_day % kMicrosPerHour) / kMicrosPerHour;
  return (HourCdf(hour) + within * kHourWeights[hour]) / total;
}

int64_t RoundCents(double dollars) { return static_cast<int64_t>(std::llround(dollars * 100)); }

std::string Lower(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  text.erase(std::remove_if(text.begin(), text.end(), [](char c) { return c == '\''; }), text.end());
  return text;
}

const std::vector<double>& CityCumulative() {
  static const std::vector<double> sums = [] {
    std::vector<double> weights;
    for (const auto& city : Cities()) weights.push_back(city.weight);
    return Cumulative(weights);
  }();
  return sums;
}

std::string ZipIn(Rng& rng, int32_t city) {
  char zip[8];
  std::snprintf(zip, sizeof zip, "%s%02d", Cities()[city].zip3, static_cast<int>(rng.Range(1, 98)));
  return zip;
}

// Returns 1 for the same region, 2 for a neighbour, 3 across the country.
int Zone(int32_t warehouse_id, int32_t city) {
  static const char* kOrder[] = {"Northeast", "Southeast", "Midwest", "Southwest", "West"};
  auto index = [](const char* region) {
    for (int i = 0; i < 5; i++) if (std::string_view(kOrder[i]) == region) return i;
    return 0;
  };
  int from = index(Warehouses()[warehouse_id - 1].region), to = index(Cities()[city].region);
  int distance = std::abs(from - to);
  return distance == 0 ? 1 : distance <= 2 ? 2 : 3;
}

// Returns the instant pushed past a weekend to Monday morning (local), for warehouse work.
int64_t NextBusinessTime(const World& world, int64_t t, Rng& rng) {
  int32_t date = world.LocalDate(t);
  int dow = date_time::DayOfWeek(date);
  if (dow != 0 && dow != 6) return t;
  int32_t monday = date + (dow == 6 ? 2 : 1);
  return world.LocalDayStart(monday) + 8 * kMicrosPerHour + rng.Range(0, 8 * kMicrosPerHour);
}

}  // namespace

Volumes::Volumes(double sf)
    : customers(std::max<int64_t>(100, std::llround(800000 * sf))),
      orders(std::max<int64_t>(500, std::llround(5000000 * sf))),
      skus(static_cast<int32_t>(std::max<int64_t>(200, std::llround(12000 * std::sqrt(sf))))),
      suppliers(std::max<int32_t>(10, skus / 60)),
      events_per_day(std::max<int64_t>(500, std::llround(500000 * sf))),
      tickets_per_month(std::max<int64_t>(20, std::llround(2000 * sf))) {}

const char* ChannelName(SalesChannel channel) {
  switch (channel) {
    case SalesChannel::kWeb: return "web";
    case SalesChannel::kB2bPortal: return "b2b_portal";
    case SalesChannel::kAmazon: return "amazon";
    case SalesChannel::kWalmart: return "walmart";
  }
  return "web";
}

const char* ReturnReasonName(ReturnReason reason) {
  switch (reason) {
    case ReturnReason::kDamaged: return "damaged";
    case ReturnReason::kWrongItem: return "wrong_item";
    case ReturnReason::kNotAsDescribed: return "not_as_described";
    case ReturnReason::kChangedMind: return "changed_mind";
    case ReturnReason::kLateDelivery: return "late_delivery";
    case ReturnReason::kOther: return "other";
  }
  return "other";
}

int64_t Product::UpdatedAt(int64_t t) const {
  int64_t updated = created_at;
  if (repriced_at <= t) updated = std::max(updated, repriced_at);
  if (discontinued_at <= t) updated = std::max(updated, discontinued_at);
  return updated;
}

int64_t Customer::UpdatedAt(int64_t t) const {
  int64_t updated = created_at;
  if (moved_at <= t) updated = std::max(updated, moved_at);
  if (opt_in_changed_at <= t) updated = std::max(updated, opt_in_changed_at);
  return updated;
}

int64_t Order::subtotal() const {
  int64_t sum = 0;
  for (const auto& line : lines) sum += line.quantity * line.unit_price;
  return sum;
}

int64_t Order::discount_total() const {
  int64_t sum = 0;
  for (const auto& line : lines) sum += line.discount;
  return sum;
}

const char* Order::StatusAt(int64_t t) const {
  if (cancelled_at <= t) return "cancelled";
  for (const auto& line : lines) {
    if (line.return_requested_at <= t) return "returned";
  }
  if (delivered_at <= t) return "delivered";
  if (shipped_at <= t) return "shipped";
  if (paid_at <= t) return "paid";
  return "placed";
}

int64_t Order::UpdatedAt(int64_t t) const {
  int64_t updated = placed_at;
  for (int64_t event : {paid_at, cancelled_at, shipped_at, delivered_at}) {
    if (event <= t) updated = std::max(updated, event);
  }
  for (const auto& line : lines) {
    if (line.return_requested_at <= t) updated = std::max(updated, line.return_requested_at);
  }
  return updated;
}

bool Order::ChangedIn(const ExtractWindow& window) const {
  if (placed_at > window.to) return false;
  if (window.backfill()) return true;
  for (int64_t event : {placed_at, paid_at, cancelled_at, shipped_at, delivered_at}) {
    if (window.Contains(event)) return true;
  }
  for (const auto& line : lines) {
    if (window.Contains(line.return_requested_at)) return true;
  }
  return false;
}

World::World(const GenerateOptions& options) : options_(options), volumes_(options.sf) {
  if (options.sf <= 0) throw std::invalid_argument("--sf must be positive");
  if (options.increments < 0 || options.increments > 365) {
    throw std::invalid_argument("--increments must be between 0 and 365");
  }
  if (options.event_days < 1 || options.event_days > 365) {
    throw std::invalid_argument("--event-days must be between 1 and 365");
  }
  zone_ = TimeZone::Find("America/New_York");
  if (!zone_) throw std::runtime_error("time zone America/New_York is missing (install tzdata)");
  first_day_ = date_time::AddMonthsToDate(options.end_date, -36) + 1;
  int32_t days = options.end_date - first_day_ + 1;
  day_cumulative_.assign(days + 1, 0.0);
  for (int32_t d = 0; d < days; d++) day_cumulative_[d + 1] = day_cumulative_[d] + DayWeight(first_day_ + d);
  pre_history_customers_ = volumes_.customers / 10;
  BuildCatalogue();
}

World::~World() = default;

std::vector<ExtractWindow> World::Extracts() const {
  std::vector<ExtractWindow> extracts;
  extracts.push_back({backfill_day(), std::numeric_limits<int64_t>::min(), LocalDayStart(backfill_day() + 1) - 1});
  for (int32_t d = backfill_day() + 1; d <= end_day(); d++) {
    extracts.push_back({d, LocalDayStart(d) - 1, LocalDayStart(d + 1) - 1});
  }
  return extracts;
}

int64_t World::LocalDayStart(int32_t date) const { return zone_->LocalToUtc(date * kDay); }

int32_t World::LocalDate(int64_t t) const {
  int64_t local = zone_->UtcToLocal(t);
  return static_cast<int32_t>(local >= 0 ? local / kDay : (local - kDay + 1) / kDay);
}

std::string World::FormatLocal(int64_t t) const {
  int32_t offset = zone_->OffsetAtUtc(t);
  int64_t local = t + offset * kMicrosPerSecond;
  int32_t days = static_cast<int32_t>(local >= 0 ? local / kDay : (local - kDay + 1) / kDay);
  int64_t time_of_day = local - days * kDay;
  auto civil = date_time::CivilFromDays(days);
  int64_t seconds = time_of_day / kMicrosPerSecond;
  int32_t offset_minutes = std::abs(offset) / 60;
  char text[40];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", civil.year, civil.month, civil.day,
                static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60),
                offset < 0 ? '-' : '+', offset_minutes / 60, offset_minutes % 60);
  return text;
}

double World::DayWeight(int32_t date) const {
  auto civil = date_time::CivilFromDays(date);
  double weight = std::pow(kYearlyGrowth, (date - first_day_) / 365.25) * kMonthWeights[civil.month - 1] *
                  kWeekdayWeights[date_time::DayOfWeek(date)];
  if (civil.month == 11 || civil.month == 12) {
    // Black Friday (the day after the fourth Thursday of November) to Cyber Monday.
    int32_t november_first = date_time::DaysFromCivil(civil.year, 11, 1);
    int32_t thanksgiving = november_first + (4 - date_time::DayOfWeek(november_first) + 7) % 7 + 21;
    int32_t offset = date - thanksgiving;
    if (offset == 1) weight *= 3.0;
    if (offset == 2 || offset == 3) weight *= 1.8;
    if (offset == 4) weight *= 2.5;
  }
  return weight;
}

int64_t World::TimeAtFraction(double fraction) const {
  double target = std::clamp(fraction, 0.0, 1.0) * day_cumulative_.back();
  size_t day = std::upper_bound(day_cumulative_.begin(), day_cumulative_.end(), target) - day_cumulative_.begin();
  day = std::clamp<size_t>(day, 1, day_cumulative_.size() - 1) - 1;
  double within = (target - day_cumulative_[day]) / (day_cumulative_[day + 1] - day_cumulative_[day]);
  int64_t local = (first_day_ + static_cast<int64_t>(day)) * kDay + TimeOfDayAt(within);
  return zone_->LocalToUtc(local);
}

double World::FractionAt(int64_t t) const {
  int64_t local = zone_->UtcToLocal(t);
  int64_t day = (local >= 0 ? local / kDay : (local - kDay + 1) / kDay) - first_day_;
  if (day < 0) return 0;
  if (day >= static_cast<int64_t>(day_cumulative_.size()) - 1) return 1;
  double within = FractionOfDay(local - (first_day_ + day) * kDay);
  return (day_cumulative_[day] + within * (day_cumulative_[day + 1] - day_cumulative_[day])) /
         day_cumulative_.back();
}

void World::BuildCatalogue() {
  const auto& categories = Categories();
  int64_t catalogue_start = LocalDayStart(first_day_ - 730);
  int64_t history_start = LocalDayStart(first_day_);
  int64_t history_end = LocalDayStart(end_day() + 1);

  std::vector<double> country_weights;
  for (const auto& c : kSupplierCountries) country_weights.push_back(c.weight);
  auto country_sums = Cumulative(country_weights);
  for (int32_t id = 1; id <= volumes_.suppliers; id++) {
    Rng rng(seed(), RandomStream::kSupplier, id);
    const auto& country = kSupplierCountries[rng.Pick(country_sums)];
    Supplier s;
    s.id = id;
    s.name = std::string(rng.Of(kSupplierWords)) + " " + rng.Of(kSupplierWords) + " " + rng.Of(kSupplierKinds);
    s.country = country.country;
    s.lead_time_days = static_cast<int32_t>(rng.Range(country.min_days, country.max_days));
    s.created_at = catalogue_start - rng.Range(0, 365) * kDay;
    suppliers_.push_back(std::move(s));
  }

  std::vector<double> category_weights;
  for (const auto& c : categories) category_weights.push_back(c.weight);
  auto category_sums = Cumulative(category_weights);
  std::vector<std::pair<uint64_t, int32_t>> rank_keys;
  products_by_category_.assign(categories.size(), {});
  for (int32_t id = 1; id <= volumes_.skus; id++) {
    Rng rng(seed(), RandomStream::kProduct, id);
    Product p;
    p.id = id;
    p.category = static_cast<int32_t>(rng.Pick(category_sums));
    const auto& category = categories[p.category];
    p.subcategory = category.subcategories[rng.Next() % category.subcategories.size()];
    p.brand = category.electronics ? rng.Of(kTechBrands) : rng.Of(kHomeBrands);
    char model[16];
    std::snprintf(model, sizeof model, "%c%d", static_cast<char>('A' + rng.Range(0, 25)),
                  static_cast<int>(rng.Range(100, 999)));
    p.name = std::string(p.brand) + " " + rng.Of(kAdjectives) + " " + p.subcategory + " " + model;
    char sku[24];
    std::snprintf(sku, sizeof sku, "%.3s-%06d", category.name, id);
    p.sku = sku;
    for (auto& c : p.sku) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    double price = std::max(3.0, std::floor(rng.LogNormal(category.median_price, 0.55))) + 0.99;
    p.list_price = RoundCents(price);
    p.unit_cost = RoundCents(price * (0.35 + 0.25 * rng.Uniform()));
    p.weight_kg = std::round(rng.LogNormal(category.median_price > 100 ? 12.0 : 0.8, 0.6) * 100) / 100;
    // Suppliers serve categories round robin; a product takes one of its category's.
    int32_t per_category = std::max<int32_t>(1, volumes_.suppliers / static_cast<int32_t>(categories.size()));
    p.supplier_id = 1 + static_cast<int32_t>((p.category + categories.size() * rng.Range(0, per_category - 1)) %
                                             volumes_.suppliers);
    p.warehouse_id = rng.Chance(0.45) ? 1 : rng.Chance(0.55) ? 2 : 3;
    p.created_at = rng.Chance(0.8) ? catalogue_start + rng.Range(0, history_start - catalogue_start - 1)
                                   : history_start + rng.Range(0, history_end - history_start - 1);
    p.repriced_at = kNever;
    p.old_list_price = p.list_price;
    p.old_unit_cost = p.unit_cost;
    if (rng.Chance(0.3)) {
      p.repriced_at = std::max(p.created_at, history_start) + rng.Range(1, history_end - history_start - 1);
      p.list_price = RoundCents(std::floor(price * (0.9 + 0.25 * rng.Uniform())) + 0.99);
      p.unit_cost = RoundCents(p.unit_cost / 100.0 * (0.95 + 0.15 * rng.Uniform()));
    }
    p.discontinued_at = rng.Chance(0.05) ? history_end - rng.Range(1, 365) * kDay : kNever;
    if (p.discontinued_at < p.created_at) p.discontinued_at = kNever;
    rank_keys.emplace_back(rng.Next(), id);
    products_by_category_[p.category].push_back(id);
    products_.push_back(std::move(p));
  }
  // Pareto popularity: a random order of the catalogue, weight 1 / rank^1.1.
  std::sort(rank_keys.begin(), rank_keys.end());
  for (size_t rank = 0; rank < rank_keys.size(); rank++) {
    products_[rank_keys[rank].second - 1].popularity = 1.0 / std::pow(static_cast<double>(rank + 1), 1.1);
  }
  std::vector<double> weights;
  for (const auto& p : products_) weights.push_back(p.popularity);
  popularity_cumulative_ = Cumulative(weights);
}

bool World::IsB2b(int64_t customer_id) const {
  return Rng(seed(), RandomStream::kCustomer, customer_id).Uniform() < 0.07;
}

int64_t World::CustomerCreatedAt(int64_t id) const {
  if (id <= pre_history_customers_) {
    int64_t start = LocalDayStart(first_day_ - 730);
    double f = (static_cast<double>(id) - 0.5) / pre_history_customers_;
    return start + static_cast<int64_t>(f * 730 * kDay);
  }
  double f = (static_cast<double>(id - pre_history_customers_) - 0.5) /
             static_cast<double>(volumes_.customers - pre_history_customers_);
  return TimeAtFraction(f);
}

int64_t World::CustomersBy(int64_t t) const {
  int64_t n;
  int64_t history_start = LocalDayStart(first_day_);
  if (t < history_start) {
    int64_t start = LocalDayStart(first_day_ - 730);
    double f = static_cast<double>(t - start) / (730.0 * kDay);
    n = std::llround(std::clamp(f, 0.0, 1.0) * pre_history_customers_);
  } else {
    n = pre_history_customers_ +
        std::llround(FractionAt(t) * static_cast<double>(volumes_.customers - pre_history_customers_));
  }
  n = std::clamp<int64_t>(n, 0, volumes_.customers);
  while (n < volumes_.customers && CustomerCreatedAt(n + 1) <= t) n++;
  while (n > 0 && CustomerCreatedAt(n) > t) n--;
  return n;
}

Customer World::MakeCustomer(int64_t id) const {
  Rng rng(seed(), RandomStream::kCustomer, id);
  Customer c;
  c.id = id;
  c.b2b = rng.Uniform() < 0.07;  // the same first draw as IsB2b
  c.first_name = rng.Of(kFirstNames);
  c.last_name = rng.Of(kLastNames);
  c.created_at = CustomerCreatedAt(id);
  if (c.b2b) {
    c.company_name = std::string(rng.Of(kCompanyWords)) + " " + rng.Of(kCompanySuffixes);
    std::string domain = Lower(c.company_name.substr(0, c.company_name.find(' ')));
    c.email = Lower(c.first_name) + "." + Lower(c.last_name) + std::to_string(id) + "@" + domain + "-biz.com";
  } else {
    c.email = Lower(c.first_name.substr(0, 1) + c.last_name) + std::to_string(id) + "@" + rng.Of(kEmailDomains);
  }
  if (rng.Chance(0.7)) {
    char phone[20];
    std::snprintf(phone, sizeof phone, "+1-%03d-555-%04d", static_cast<int>(rng.Range(201, 989)),
                  static_cast<int>(rng.Range(0, 9999)));
    c.phone = phone;
  }
  c.city = static_cast<int32_t>(rng.Pick(CityCumulative()));
  c.zip = ZipIn(rng, c.city);
  c.moved_at = kNever;
  c.moved_to_city = c.city;
  c.moved_to_zip = c.zip;
  if (rng.Chance(0.12)) {
    c.moved_at = c.created_at + kDay + static_cast<int64_t>(rng.Exponential(400) * kDay);
    c.moved_to_city = static_cast<int32_t>(rng.Pick(CityCumulative()));
    c.moved_to_zip = ZipIn(rng, c.moved_to_city);
  }
  c.opt_in = rng.Chance(0.55);
  c.opt_in_changed_at = rng.Chance(0.08) ? c.created_at + kDay + static_cast<int64_t>(rng.Exponential(300) * kDay)
                                         : kNever;
  return c;
}

int64_t World::PickCustomer(Rng& rng, int64_t at, bool b2b) const {
  int64_t available = std::max<int64_t>(1, CustomersBy(at - 5 * kMinute));
  // Recent customers buy more often: the distance back from the newest is A * u^2, so a
  // tenth of orders come from the newest 1% of customers.
  for (int attempt = 0; attempt < 100; attempt++) {
    double u = rng.Uniform();
    int64_t id = available - static_cast<int64_t>(u * u * static_cast<double>(available));
    id = std::clamp<int64_t>(id, 1, available);
    if (IsB2b(id) == b2b) return id;
  }
  int64_t start = rng.Range(1, available);
  for (int64_t id = start; id >= 1 && start - id < 10000; id--) {
    if (IsB2b(id) == b2b) return id;
  }
  return start;
}

int32_t World::PickProduct(Rng& rng, int64_t at) const {
  int32_t id = 1;
  for (int attempt = 0; attempt < 20; attempt++) {
    id = static_cast<int32_t>(rng.Pick(popularity_cumulative_)) + 1;
    const Product& p = product(id);
    if (p.created_at <= at && p.discontinued_at > at) return id;
  }
  return id;
}

int64_t World::OrderPlacedAt(int64_t id) const {
  return TimeAtFraction((static_cast<double>(id) - 0.5) / static_cast<double>(volumes_.orders));
}

int64_t World::OrdersBy(int64_t t) const {
  int64_t n = std::llround(FractionAt(t) * static_cast<double>(volumes_.orders));
  n = std::clamp<int64_t>(n, 0, volumes_.orders);
  while (n < volumes_.orders && OrderPlacedAt(n + 1) <= t) n++;
  while (n > 0 && OrderPlacedAt(n) > t) n--;
  return n;
}

Order World::MakeOrder(int64_t id) const {
  Rng rng(seed(), RandomStream::kOrder, id);
  Order o;
  o.id = id;
  o.placed_at = OrderPlacedAt(id);
  double u = rng.Uniform();
  o.channel = u < 0.62 ? SalesChannel::kWeb
              : u < 0.70 ? SalesChannel::kB2bPortal
              : u < 0.90 ? SalesChannel::kAmazon
                         : SalesChannel::kWalmart;
  bool b2b = o.channel == SalesChannel::kB2bPortal;
  bool marketplace = o.channel == SalesChannel::kAmazon || o.channel == SalesChannel::kWalmart;
  {
    Rng pick(seed(), RandomStream::kOrderCustomer, id);
    o.customer_id = PickCustomer(pick, o.placed_at, b2b);
  }
  Customer customer = MakeCustomer(o.customer_id);
  if (rng.Chance(0.05)) {  // a gift to another address
    o.ship_city = static_cast<int32_t>(rng.Pick(CityCumulative()));
    o.ship_zip = ZipIn(rng, o.ship_city);
  } else {
    o.ship_city = customer.CityAt(o.placed_at);
    o.ship_zip = customer.ZipAt(o.placed_at);
  }
  o.warehouse_id = Cities()[o.ship_city].warehouse_id;

  // Lines: about 3.6 for the web, 10 for B2B, 2 on marketplaces.
  double mean_extra = b2b ? 7.0 : marketplace ? 1.2 : 3.3;
  int lines = std::min(b2b ? 60 : 15, (b2b ? 3 : 1) + static_cast<int>(rng.Exponential(mean_extra)));
  auto civil = date_time::CivilFromDays(LocalDate(o.placed_at));
  o.promo_code = nullptr;
  double promo_rate = 0;
  if (o.channel == SalesChannel::kWeb && rng.Chance(0.18)) {
    if (civil.month == 11 || (civil.month == 12 && civil.day <= 2)) {
      o.promo_code = "BFCM25", promo_rate = 0.25;
    } else if (civil.month >= 3 && civil.month <= 5 && rng.Chance(0.5)) {
      o.promo_code = "SPRING20", promo_rate = 0.20;
    } else {
      static const char* kCodes[] = {"WELCOME10", "SAVE15", "FREESHIP"};
      static const double kRates[] = {0.10, 0.15, 0.0};
      int which = static_cast<int>(rng.Range(0, 2));
      o.promo_code = kCodes[which], promo_rate = kRates[which];
    }
  }
  Rng line_rng(seed(), RandomStream::kLines, id);
  double weight_kg = 0;
  for (int n = 1; n <= lines; n++) {
    int32_t product_id = 0;
    for (int attempt = 0; attempt < 8 && product_id == 0; attempt++) {  // one line per product
      product_id = PickProduct(line_rng, o.placed_at);
      for (const auto& l : o.lines) product_id = l.product_id == product_id ? 0 : product_id;
    }
    if (product_id == 0) continue;
    const Product& p = product(product_id);
    OrderLine line;
    line.order_item_id = id * 100 + n;
    line.product_id = product_id;
    double q = line_rng.Uniform();
    line.quantity = b2b ? 2 + static_cast<int32_t>(line_rng.Exponential(7)) : q < 0.8 ? 1 : q < 0.93 ? 2 : 3 + (q > 0.98);
    line.unit_price = p.ListPriceAt(o.placed_at);
    if (b2b) line.unit_price = line.unit_price * 75 / 100;  // wholesale price
    line.unit_cost = p.UnitCostAt(o.placed_at);
    line.discount = std::llround(line.quantity * line.unit_price * promo_rate);
    weight_kg += p.weight_kg * line.quantity;
    o.lines.push_back(line);
  }

  int64_t net = o.subtotal() - o.discount_total();
  o.shipping_fee = 0;
  o.tax = 0;
  const City& ship_city = Cities()[o.ship_city];
  if (o.channel == SalesChannel::kWeb) {
    bool free_shipping = net >= 5000 || (o.promo_code && std::string_view(o.promo_code) == "FREESHIP");
    o.shipping_fee = free_shipping ? 0 : 599;
    bool taxed = std::string_view(ship_city.state) != "OR";
    o.tax = taxed ? std::llround(net * 0.07) : 0;
  } else if (b2b) {
    o.shipping_fee = std::max<int64_t>(2500, net * 2 / 100);  // freight; B2B buys for resale, untaxed
  }
  o.ga_session_id = o.channel == SalesChannel::kWeb && rng.Chance(0.93) ? 1000000000LL + id * 8 : 0;

  // The timeline.
  Rng time_rng(seed(), RandomStream::kTimeline, id);
  o.paid_at = o.cancelled_at = o.shipped_at = o.delivered_at = kNever;
  o.payment_failed = !marketplace && time_rng.Chance(0.01);
  o.via_shipstation = false;
  o.carrier = o.service = nullptr;
  o.shipment_cost = 0;
  o.promised_date = LocalDate(o.placed_at) + (b2b ? 7 : 5);
  if (o.payment_failed) {
    o.cancelled_at = o.placed_at + time_rng.Range(1, 15) * kMinute;
    return o;
  }
  o.paid_at = o.placed_at + time_rng.Range(20, 600) * kMicrosPerSecond;
  int64_t processing = static_cast<int64_t>(time_rng.LogNormal(b2b ? 30 : 18, 0.6) * kMicrosPerHour);
  o.shipped_at = NextBusinessTime(*this, o.paid_at + processing, time_rng);
  if (time_rng.Chance(0.025)) {
    int64_t cancel = o.paid_at + 10 * kMinute + static_cast<int64_t>(time_rng.Exponential(4) * kMicrosPerHour);
    if (cancel < o.shipped_at) {
      o.cancelled_at = cancel;
      o.shipped_at = kNever;
      return o;
    }
  }
  bool fulfilled_by_amazon = o.channel == SalesChannel::kAmazon && time_rng.Chance(0.2);
  o.via_shipstation = !fulfilled_by_amazon;
  int zone = Zone(o.warehouse_id, o.ship_city);
  bool express = false;
  if (fulfilled_by_amazon) {
    o.carrier = nullptr;
  } else if (b2b || weight_kg > 20) {
    bool ups = time_rng.Chance(0.6);
    o.carrier = ups ? "ups" : "fedex";
    o.service = ups ? "ups_ground" : "fedex_ground";
  } else {
    double c = time_rng.Uniform();
    if (c < 0.35 && weight_kg < 2) {
      o.carrier = "usps", o.service = "usps_ground_advantage";
    } else if (c < 0.65) {
      o.carrier = "ups", o.service = "ups_ground";
    } else if (c < 0.85) {
      o.carrier = "fedex", o.service = "fedex_home_delivery";
    } else if (c < 0.95) {
      express = true;
      bool ups = time_rng.Chance(0.5);
      o.carrier = ups ? "ups" : "fedex";
      o.service = ups ? "ups_2nd_day_air" : "fedex_2day";
    } else {
      o.carrier = "usps", o.service = "usps_priority_mail";
    }
  }
  if (express) o.promised_date = LocalDate(o.placed_at) + 3;
  else if (!b2b) o.promised_date = LocalDate(o.placed_at) + 4 + zone;
  int transit = express ? static_cast<int>(time_rng.Range(1, 2))
                        : static_cast<int>(zone + time_rng.Range(0, 2) + (time_rng.Chance(0.1) ? 1 : 0));
  if (o.via_shipstation) {
    o.shipment_cost = std::llround((600 + 90 * weight_kg * zone) * (express ? 2.5 : 1.0));
    if (time_rng.Chance(0.04)) {
      static const char* kCodes[] = {"delayed", "address_issue", "damaged_in_transit", "weather"};
      o.exceptions.push_back({kCodes[time_rng.Range(0, 3)], o.shipped_at + kDay + time_rng.Range(0, 12) * kMicrosPerHour});
      transit += static_cast<int>(time_rng.Range(1, 4));
    }
  }
  int32_t delivered_date = LocalDate(o.shipped_at) + transit;
  if (date_time::DayOfWeek(delivered_date) == 0) delivered_date++;  // no Sunday deliveries
  o.delivered_at = LocalDayStart(delivered_date) + (10 + time_rng.Range(0, 9)) * kMicrosPerHour +
                   time_rng.Range(0, 59) * kMinute;
  bool late = delivered_date > o.promised_date;

  // Returns, by category; B2B returns a quarter as often.
  Rng return_rng(seed(), RandomStream::kReturns, id);
  for (auto& line : o.lines) {
    const Category& category = Categories()[product(line.product_id).category];
    double rate = category.return_rate * (b2b ? 0.25 : 1.0) * (late ? 1.3 : 1.0);
    if (!return_rng.Chance(rate)) continue;
    line.returned_quantity = line.quantity == 1 ? 1 : static_cast<int32_t>(return_rng.Range(1, line.quantity));
    double r = return_rng.Uniform();
    if (late && r < 0.3) {
      line.return_reason = ReturnReason::kLateDelivery;
    } else {
      r = return_rng.Uniform();
      double damaged = category.electronics ? 0.22 : 0.15;
      line.return_reason = r < damaged                ? ReturnReason::kDamaged
                           : r < damaged + 0.12       ? ReturnReason::kWrongItem
                           : r < damaged + 0.12 + 0.2 ? ReturnReason::kNotAsDescribed
                           : r < 0.9                  ? ReturnReason::kChangedMind
                                                      : ReturnReason::kOther;
    }
    int64_t wait = kDay + static_cast<int64_t>(std::min(28.0, return_rng.Exponential(6)) * kDay);
    line.return_requested_at = o.delivered_at + wait + return_rng.Range(0, 12) * kMicrosPerHour;
    line.return_received_at = line.return_requested_at + return_rng.Range(3, 10) * kDay;
    line.refund = line.returned_quantity * line.unit_price -
                  std::llround(static_cast<double>(line.discount) * line.returned_quantity / line.quantity);
    switch (line.return_reason) {
      case ReturnReason::kDamaged: line.restocked = false; break;
      case ReturnReason::kNotAsDescribed: line.restocked = return_rng.Chance(0.5); break;
      default: line.restocked = return_rng.Chance(0.9); break;
    }
  }
  return o;
}

}  // namespace stockroom
