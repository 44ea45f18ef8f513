// The GA4 BigQuery export of the web shop (spec §3, system `ga4`): events, one JSON object
// a line, gzip-compressed, for the last --event-days days of the history. Every tracked web
// order has its purchasing session and up to four earlier sessions of the same browser (for
// attribution); non-buying sessions fill each day up to its event volume, with a traffic
// mix that follows the day's ad spend.
#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/types/date_time.hpp"
#include "common/types/time_zone.hpp"
#include "generate/landing_zone.hpp"
#include "generate/marketing.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr int64_t kEventsPerPart = 1000000;
// Session ids: a purchasing session is 1e9 + order_id * 8 (World::MakeOrder) and the
// buyer's earlier sessions follow it (+1..+4); non-buying sessions are numbered per day
// from 9e9, far above any order's.
constexpr int64_t kFillSessionBase = 9000000000LL;
constexpr int64_t kFillSessionsPerDay = 100000000LL;
constexpr int64_t kUnixEpochMicros = 946684800LL * kMicrosPerSecond;
constexpr int kMaxEarlierSessions = 4;
constexpr int kMaxCartProducts = 5;  // the purchasing session puts at most this many lines in the cart
constexpr int kLatestEarlierDay = 28;  // earlier sessions fall 1-28 days before the order's day
constexpr double kKnownVisitorRate = 0.30;
constexpr double kLoggedInPurchaseRate = 0.85, kLoggedInEarlierRate = 0.60, kLoggedInBrowseRate = 0.70;
// Average events of a session, as generated; they size the non-buying fill of a day.
constexpr double kMeanBrowseEvents = 5.8, kMeanPurchaseEvents = 20.3;
// Random-stream keys beside the session ids: a customer's browser, a buyer's schedule.
constexpr uint64_t kBrowserKey = 1ULL << 62, kScheduleKey = 1ULL << 61;
constexpr std::string_view kSite = "https://shop.example.com";

// Relative sessions per local hour: browsing peaks in the evening, later than buying.
constexpr double kHourWeights[24] = {0.35, 0.22, 0.15, 0.12, 0.12, 0.18, 0.35, 0.55, 0.75, 0.90, 1.00, 1.05,
                                     1.10, 1.05, 1.00, 1.00, 1.00, 1.05, 1.15, 1.30, 1.45, 1.40, 1.10, 0.70};

// Where sessions come from. A paid row stands for its channel: source, medium and name come
// from the channel and the campaign picked (affiliates are tagged with the partner's name).
struct TrafficSource {
  const char* source;
  const char* medium;
  const char* name;
  int32_t channel;  // index into MarketingChannels(); -1 unpaid
  double share;     // of sessions on a day of plain spend
  double opening;   // weight in the first session of a buyer's journey
  double closing;   // weight in the purchasing session
};
constexpr TrafficSource kSources[] = {
    {"(direct)", "(none)", "(direct)", -1, 0.220, 0.6, 1.6},
    {"google", "organic", "(organic)", -1, 0.200, 1.3, 1.0},
    {"bing", "organic", "(organic)", -1, 0.025, 1.2, 1.0},
    {"reddit.com", "referral", "(referral)", -1, 0.020, 1.4, 0.7},
    {"wirecutter.com", "referral", "(referral)", -1, 0.020, 1.3, 0.9},
    {"youtube.com", "referral", "(referral)", -1, 0.015, 1.4, 0.6},
    {nullptr, nullptr, nullptr, 0, 0.140, 1.6, 0.8},  // Facebook Ads
    {nullptr, nullptr, nullptr, 1, 0.160, 1.0, 1.3},  // Google Ads
    {nullptr, nullptr, nullptr, 3, 0.040, 1.8, 0.6},  // TikTok Ads
    {nullptr, nullptr, nullptr, 4, 0.030, 1.0, 1.2},  // Bing Ads
    {nullptr, nullptr, nullptr, 5, 0.025, 1.5, 0.7},  // Pinterest Ads
    {nullptr, nullptr, nullptr, 6, 0.040, 0.7, 1.5},  // Affiliate
    {nullptr, nullptr, nullptr, 7, 0.060, 0.4, 1.6},  // Email
};
enum Mix { kBrowseMix, kOpeningMix, kClosingMix };

constexpr const char* kDevices[] = {"mobile", "desktop", "tablet"};

const char* StateName(std::string_view code) {
  static const std::pair<std::string_view, const char*> kStates[] = {
      {"AZ", "Arizona"},   {"CA", "California"},     {"CO", "Colorado"},       {"CT", "Connecticut"},
      {"DC", "District of Columbia"}, {"FL", "Florida"}, {"GA", "Georgia"},     {"ID", "Idaho"},
      {"IL", "Illinois"},  {"IN", "Indiana"},        {"LA", "Louisiana"},      {"MA", "Massachusetts"},
      {"MD", "Maryland"},  {"MI", "Michigan"},       {"MN", "Minnesota"},      {"MO", "Missouri"},
      {"NC", "North Carolina"}, {"NE", "Nebraska"},  {"NJ", "New Jersey"},     {"NM", "New Mexico"},
      {"NV", "Nevada"},    {"NY", "New York"},       {"OH", "Ohio"},           {"OK", "Oklahoma"},
      {"OR", "Oregon"},    {"PA", "Pennsylvania"},   {"RI", "Rhode Island"},   {"TN", "Tennessee"},
      {"TX", "Texas"},     {"UT", "Utah"},           {"VA", "Virginia"},       {"WA", "Washington"},
      {"WI", "Wisconsin"},
  };
  for (const auto& [state, name] : kStates) {
    if (state == code) return name;
  }
  return "(not set)";
}

int PickDevice(Rng& rng) {
  double u = rng.Uniform();
  return u < 0.55 ? 0 : u < 0.95 ? 1 : 2;
}

std::string Slug(std::string_view text) {
  std::string slug;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      slug += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!slug.empty() && slug.back() != '-') {
      slug += '-';
    }
  }
  return slug;
}

// Returns an instant on the local date, at a time of day drawn from the hourly curve.
int64_t TimeInDay(const World& world, const std::vector<double>& hour_sums, int32_t date, Rng& rng) {
  int64_t hour = static_cast<int64_t>(rng.Pick(hour_sums));
  int64_t local = date * kMicrosPerDayGen + hour * kMicrosPerHour + rng.Range(0, kMicrosPerHour - 1);
  return world.zone().LocalToUtc(local);
}

// A web order with a tracked purchasing session, and when its buyer visited before.
struct WebBuyer {
  int64_t order_id;
  int64_t customer_id;
  int64_t session_id;
  int64_t placed_at;
  int64_t revenue_cents;  // subtotal − discounts
  int32_t city;           // ship-to city: where the buyer browses from
  int32_t earlier_count;
  std::array<int64_t, kMaxEarlierSessions> earlier_start;  // earliest first
  std::array<int32_t, kMaxEarlierSessions> earlier_date;
  int32_t product_count;
  std::array<int32_t, kMaxCartProducts> products;  // the order's first lines
};

// The web buyers of the event window by order day, each day built on first use by
// whichever job needs it first. Thread-safe.
class BuyerIndex {
 public:
  BuyerIndex(const World& world, const std::vector<double>& hour_sums, int32_t first_day)
      : world_(world), hour_sums_(hour_sums), first_day_(first_day),
        slots_(std::make_unique<Slot[]>(world.end_day() - first_day + 1)) {}

  // Returns the buyers whose order was placed on the local date (first_day .. end_day).
  const std::vector<WebBuyer>& Day(int32_t date) {
    Slot& slot = slots_[date - first_day_];
    std::call_once(slot.once, [&] { Build(date, &slot.buyers); });
    return slot.buyers;
  }

 private:
  struct Slot {
    std::once_flag once;
    std::vector<WebBuyer> buyers;
  };

  void Build(int32_t date, std::vector<WebBuyer>* buyers) const {
    int64_t first = world_.OrdersBy(world_.LocalDayStart(date) - 1) + 1;
    int64_t last = world_.OrdersBy(world_.LocalDayStart(date + 1) - 1);
    for (int64_t id = first; id <= last; id++) {
      Order o = world_.MakeOrder(id);
      if (o.channel != SalesChannel::kWeb || o.ga_session_id == 0) continue;
      WebBuyer b;
      b.order_id = id;
      b.customer_id = o.customer_id;
      b.session_id = o.ga_session_id;
      b.placed_at = o.placed_at;
      b.revenue_cents = o.subtotal() - o.discount_total();
      b.city = o.ship_city;
      b.product_count = static_cast<int32_t>(std::min<size_t>(o.lines.size(), kMaxCartProducts));
      for (int32_t i = 0; i < b.product_count; i++) b.products[i] = o.lines[i].product_id;
      Schedule(date, &b);
      buyers->push_back(std::move(b));
    }
  }

  // Draws 0-4 earlier visits of the buyer on the 1-28 days before the order, more of
  // them close to it.
  void Schedule(int32_t order_date, WebBuyer* b) const {
    Rng rng(world_.seed(), RandomStream::kSession, kScheduleKey | static_cast<uint64_t>(b->order_id));
    double u = rng.Uniform();
    b->earlier_count = u < 0.25 ? 0 : u < 0.50 ? 1 : u < 0.70 ? 2 : u < 0.85 ? 3 : 4;
    for (int j = 0; j < b->earlier_count; j++) {
      int days_before = 1 + static_cast<int>((kLatestEarlierDay - 1) * std::pow(rng.Uniform(), 1.5) + 0.5);
      b->earlier_start[j] = TimeInDay(world_, hour_sums_, order_date - days_before, rng);
    }
    std::sort(b->earlier_start.begin(), b->earlier_start.begin() + b->earlier_count);
    for (int j = 0; j < b->earlier_count; j++) b->earlier_date[j] = world_.LocalDate(b->earlier_start[j]);
  }

  const World& world_;
  const std::vector<double>& hour_sums_;
  int32_t first_day_;
  std::unique_ptr<Slot[]> slots_;
};

// What every events job shares: the window, the catalogue's pages, the buyers.
struct Ga4Context {
  explicit Ga4Context(const World& w)
      : world(w), plan(w), first_event_day(std::max(w.first_day(), w.end_day() - w.options().event_days + 1)),
        hour_sums(Cumulative(std::vector<double>(std::begin(kHourWeights), std::end(kHourWeights)))),
        buyers(w, hour_sums, first_event_day) {
    double weight = 0;
    for (int32_t date = first_event_day; date <= w.end_day(); date++) weight += w.DayWeight(date);
    mean_weight = weight / (w.end_day() - first_event_day + 1);
    std::vector<double> popularity, city_weights;
    for (const Product& p : w.products()) {
      popularity.push_back(p.popularity);
      product_urls.push_back(std::string(kSite) + "/p/" + Slug(p.sku));
    }
    product_sums = Cumulative(popularity);
    for (const Category& c : Categories()) category_urls.push_back(std::string(kSite) + "/c/" + Slug(c.name));
    for (const City& c : Cities()) {
      city_weights.push_back(c.weight);
      state_names.push_back(StateName(c.state));
    }
    city_sums = Cumulative(city_weights);
  }

  int64_t DayEvents(int32_t date) const {
    return std::llround(world.volumes().events_per_day * world.DayWeight(date) / mean_weight);
  }
  int DayParts(int32_t date) const {
    return static_cast<int>(std::max<int64_t>(1, (DayEvents(date) + kEventsPerPart - 1) / kEventsPerPart));
  }

  const World& world;
  MarketingPlan plan;
  int32_t first_event_day;
  double mean_weight;
  std::vector<double> hour_sums;
  BuyerIndex buyers;
  std::vector<double> product_sums;
  std::vector<std::string> product_urls, category_urls;
  std::vector<double> city_sums;
  std::vector<const char*> state_names;
};

// The traffic mixes of one day: source weights follow the day's spend per channel, and
// paid sessions name one of the campaigns running that day, picked by planned spend.
struct DayTraffic {
  DayTraffic(const Ga4Context& ctx, int32_t date) : campaigns(MarketingChannels().size()) {
    std::vector<std::vector<double>> campaign_weights(MarketingChannels().size());
    for (const Campaign& c : Campaigns()) {
      double planned = ctx.plan.PlannedSpend(c, date);
      if (planned == 0) continue;
      campaigns[c.channel].push_back(&c);
      campaign_weights[c.channel].push_back(planned);
    }
    for (const auto& weights : campaign_weights) campaign_sums.push_back(Cumulative(weights));
    std::array<std::vector<double>, 3> weights;
    for (const TrafficSource& s : kSources) {
      double intensity = s.channel < 0                   ? 1.0
                         : campaigns[s.channel].empty() ? 0.0
                                                        : ctx.plan.Intensity(s.channel, date);
      weights[kBrowseMix].push_back(s.share * intensity);
      weights[kOpeningMix].push_back(s.share * intensity * s.opening);
      weights[kClosingMix].push_back(s.share * intensity * s.closing);
    }
    for (int mix = 0; mix < 3; mix++) mix_sums[mix] = Cumulative(weights[mix]);
  }

  std::array<std::vector<double>, 3> mix_sums;
  std::vector<std::vector<const Campaign*>> campaigns;  // per channel, running that day
  std::vector<std::vector<double>> campaign_sums;
};

enum class VisitKind { kBrowse, kEarlier, kPurchase };

// A session to write: its id, when it starts (a purchase: when the order is placed), and
// its random stream (a non-buying session has drawn its start already).
struct Visit {
  int64_t session_id;
  int64_t at;
  VisitKind kind;
  int32_t earlier;  // which earlier visit of the buyer (0 = the first)
  const WebBuyer* buyer;
  Rng rng;
};

enum class Page { kHome, kCategory, kProduct, kCart, kCheckout, kConfirmation };

struct Hit {
  int64_t offset;  // after the session start
  const char* name;
  Page page;
  int32_t ref;     // category index or product id
};

// Writes a day's sessions as GA4 events. One per job; reuses its buffers across sessions.
class EventWriter {
 public:
  EventWriter(const Ga4Context& ctx, const DayTraffic& traffic, int32_t date, LandingFile& file)
      : ctx_(ctx), world_(ctx.world), traffic_(traffic), file_(file),
        day_start_(ctx.world.LocalDayStart(date)), day_end_(ctx.world.LocalDayStart(date + 1)),
        customers_(std::max<int64_t>(1, ctx.world.CustomersBy(day_start_))) {
    auto civil = date_time::CivilFromDays(date);
    char day[16];
    std::snprintf(day, sizeof day, "%04d%02d%02d", civil.year, civil.month, civil.day);
    prefix_ = std::string("{\"event_date\":\"") + day + "\",\"event_timestamp\":";
  }

  void Write(Visit& visit) {
    Rng& rng = visit.rng;
    Identify(visit);
    hits_.clear();
    int64_t start;
    if (visit.kind == VisitKind::kPurchase) {
      Checkout(rng, *visit.buyer);
      // The purchase event fires a few seconds before the order row is written.
      int64_t anchor = std::max(day_start_, visit.at - rng.Range(1, 20) * kMicrosPerSecond);
      start = Fit(anchor - hits_.back().offset, anchor);
    } else {
      Browse(rng);
      start = Fit(std::min(visit.at, day_end_ - 1 - hits_.back().offset), day_end_ - 1);
    }
    for (const Hit& hit : hits_) Emit(visit, hit, start + hit.offset);
  }

 private:
  // Decides who browses, from where, on what: the session's constant tail of every event.
  void Identify(Visit& visit) {
    Rng& rng = visit.rng;
    int64_t customer = 0;
    bool logged_in = false;
    int32_t city;
    if (visit.buyer) {
      customer = visit.buyer->customer_id;
      bool purchase = visit.kind == VisitKind::kPurchase;
      logged_in = rng.Chance(purchase ? kLoggedInPurchaseRate : kLoggedInEarlierRate);
      city = visit.buyer->city;
    } else if (rng.Chance(kKnownVisitorRate)) {
      customer = rng.Range(1, customers_);
      logged_in = rng.Chance(kLoggedInBrowseRate);
      city = world_.MakeCustomer(customer).CityAt(visit.at);
    } else {
      city = static_cast<int32_t>(rng.Pick(ctx_.city_sums));
    }
    tail_.assign(",\"user_id\":");
    if (logged_in) {
      tail_ += '"';
      AppendInt(&tail_, customer);
      tail_ += '"';
    } else {
      tail_ += "null";
    }
    tail_ += ",\"user_pseudo_id\":\"";
    int device;
    if (customer) {
      // A customer browses from one browser: the same client id on every visit.
      Rng browser(world_.seed(), RandomStream::kSession, kBrowserKey | static_cast<uint64_t>(customer));
      AppendInt(&tail_, browser.Range(100000000, 2147483647));
      tail_ += '.';
      int64_t first_visit = world_.CustomerCreatedAt(customer) - browser.Range(0, 30 * kMicrosPerDayGen);
      AppendInt(&tail_, (first_visit + kUnixEpochMicros) / kMicrosPerSecond);
      device = PickDevice(browser);
    } else {
      AppendInt(&tail_, rng.Range(100000000, 2147483647));
      tail_ += '.';
      AppendInt(&tail_, (visit.at + kUnixEpochMicros) / kMicrosPerSecond);
      device = PickDevice(rng);
    }
    tail_ += "\",\"device\":{\"category\":\"";
    tail_ += kDevices[device];
    tail_ += "\"},\"geo\":{\"region\":\"";
    tail_ += ctx_.state_names[city];
    tail_ += "\",\"city\":\"";
    tail_ += Cities()[city].name;
    tail_ += "\"},\"traffic_source\":{\"name\":\"";
    Mix mix = visit.kind == VisitKind::kPurchase                        ? kClosingMix
              : visit.kind == VisitKind::kEarlier && visit.earlier == 0 ? kOpeningMix
                                                                        : kBrowseMix;
    const TrafficSource& source = kSources[rng.Pick(traffic_.mix_sums[mix])];
    if (source.channel < 0) {
      tail_ += source.name;
      tail_ += "\",\"medium\":\"";
      tail_ += source.medium;
      tail_ += "\",\"source\":\"";
      tail_ += source.source;
    } else {
      const MarketingChannel& channel = MarketingChannels()[source.channel];
      const Campaign& campaign =
          *traffic_.campaigns[source.channel][rng.Pick(traffic_.campaign_sums[source.channel])];
      tail_ += campaign.name;
      tail_ += "\",\"medium\":\"";
      tail_ += channel.utm_medium;
      tail_ += "\",\"source\":\"";
      tail_ += campaign.utm_source ? campaign.utm_source : channel.utm_source;
    }
    tail_ += "\"}";
  }

  // Returns the session start that puts its last hit at or before `latest` and its first
  // in the day, squeezing the gaps when the session would not fit.
  int64_t Fit(int64_t start, int64_t latest) {
    int64_t length = hits_.back().offset;
    if (start >= day_start_) return start;
    if (length > 0) {
      double squeeze = static_cast<double>(latest - day_start_) / static_cast<double>(length);
      for (Hit& hit : hits_) hit.offset = static_cast<int64_t>(static_cast<double>(hit.offset) * squeeze);
    }
    return day_start_;
  }

  int32_t PickProduct(Rng& rng) {
    int32_t id = 1;
    for (int attempt = 0; attempt < 4; attempt++) {
      id = static_cast<int32_t>(rng.Pick(ctx_.product_sums)) + 1;
      if (world_.product(id).created_at <= day_start_) break;
    }
    return id;
  }

  static int32_t PickCategory(Rng& rng) {
    return static_cast<int32_t>(rng.Range(0, static_cast<int64_t>(Categories().size()) - 1));
  }

  void Add(int64_t offset, const char* name, Page page, int32_t ref) {
    hits_.push_back({offset, name, page, ref});
  }

  // Adds a page view (and the item view on a product page) after a reading pause.
  int64_t View(Rng& rng, int64_t offset, Page page, int32_t ref) {
    Add(offset, "page_view", page, ref);
    if (page == Page::kProduct) Add(offset + rng.Range(200, 900) * 1000, "view_item", page, ref);
    return offset + static_cast<int64_t>(rng.LogNormal(25, 0.8) * kMicrosPerSecond);
  }

  Page LandingPage(Rng& rng, int32_t* ref) {
    double u = rng.Uniform();
    if (u < 0.35) return Page::kHome;
    if (u < 0.65) {
      *ref = PickCategory(rng);
      return Page::kCategory;
    }
    *ref = PickProduct(rng);
    return Page::kProduct;
  }

  // Starts a session on its landing page; returns the offset of the next hit.
  int64_t Land(Rng& rng) {
    int32_t ref = 0;
    Page page = LandingPage(rng, &ref);
    Add(0, "session_start", page, ref);
    return View(rng, 0, page, ref);
  }

  // A non-buying session: pages until the visitor leaves, now and then a cart.
  void Browse(Rng& rng) {
    int64_t offset = Land(rng);
    bool carted = false;
    for (int pages = 1; pages < 25 && rng.Chance(0.68); pages++) {
      double u = rng.Uniform();
      int32_t ref = 0;
      Page page = u < 0.55 ? Page::kProduct : u < 0.85 ? Page::kCategory : u < 0.95 ? Page::kHome : Page::kCart;
      if (page == Page::kProduct) ref = PickProduct(rng);
      if (page == Page::kCategory) ref = PickCategory(rng);
      int64_t next = View(rng, offset, page, ref);
      if (page == Page::kProduct && rng.Chance(0.06)) {
        Add(offset + rng.Range(5, 60) * kMicrosPerSecond, "add_to_cart", page, ref);
        carted = true;
        next += 60 * kMicrosPerSecond;
      }
      offset = next;
    }
    if (carted && rng.Chance(0.3)) {
      offset = View(rng, offset, Page::kCart, 0);
      Add(offset, "begin_checkout", Page::kCheckout, 0);
    }
  }

  // The purchasing session: a look around, the order's products into the cart, checkout.
  void Checkout(Rng& rng, const WebBuyer& buyer) {
    int64_t offset = Land(rng);
    for (int64_t n = rng.Range(0, 4); n > 0; n--) {
      offset = View(rng, offset, Page::kProduct, PickProduct(rng));
    }
    for (int32_t i = 0; i < buyer.product_count; i++) {
      int32_t product = buyer.products[i];
      int64_t next = View(rng, offset, Page::kProduct, product);
      Add(offset + rng.Range(5, 60) * kMicrosPerSecond, "add_to_cart", Page::kProduct, product);
      offset = next + 60 * kMicrosPerSecond;
    }
    offset = View(rng, offset, Page::kCart, 0);
    Add(offset, "page_view", Page::kCheckout, 0);
    Add(offset + rng.Range(1, 3) * kMicrosPerSecond, "begin_checkout", Page::kCheckout, 0);
    offset += static_cast<int64_t>(rng.LogNormal(120, 0.5) * kMicrosPerSecond);
    Add(offset, "page_view", Page::kConfirmation, 0);
    Add(offset, "purchase", Page::kConfirmation, 0);
  }

  void AppendUrl(const Hit& hit) {
    switch (hit.page) {
      case Page::kHome: line_ += kSite; line_ += '/'; break;
      case Page::kCategory: line_ += ctx_.category_urls[hit.ref]; break;
      case Page::kProduct: line_ += ctx_.product_urls[hit.ref - 1]; break;
      case Page::kCart: line_ += kSite; line_ += "/cart"; break;
      case Page::kCheckout: line_ += kSite; line_ += "/checkout"; break;
      case Page::kConfirmation: line_ += kSite; line_ += "/checkout/confirmation"; break;
    }
  }

  static void AppendInt(std::string* out, int64_t value) {
    char buffer[24];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    out->append(buffer, end);
  }

  static void AppendDollars(std::string* out, int64_t cents) {
    AppendInt(out, cents / 100);
    char decimals[3] = {'.', static_cast<char>('0' + cents % 100 / 10), static_cast<char>('0' + cents % 10)};
    out->append(decimals, 3);
  }

  void Emit(const Visit& visit, const Hit& hit, int64_t at) {
    line_.assign(prefix_);
    AppendInt(&line_, at + kUnixEpochMicros);
    line_ += ",\"event_name\":\"";
    line_ += hit.name;
    line_ += "\",\"event_params\":[{\"key\":\"ga_session_id\",\"value\":{\"int_value\":";
    AppendInt(&line_, visit.session_id);
    line_ += "}},{\"key\":\"page_location\",\"value\":{\"string_value\":\"";
    AppendUrl(hit);
    line_ += "\"}}";
    bool purchase = hit.page == Page::kConfirmation && std::string_view(hit.name) == "purchase";
    if (purchase) {
      line_ += ",{\"key\":\"transaction_id\",\"value\":{\"string_value\":\"";
      AppendInt(&line_, visit.buyer->order_id);
      line_ += "\"}},{\"key\":\"value\",\"value\":{\"double_value\":";
      AppendDollars(&line_, visit.buyer->revenue_cents);
      line_ += "}},{\"key\":\"currency\",\"value\":{\"string_value\":\"USD\"}}";
    }
    line_ += ']';
    line_ += tail_;
    if (purchase) {
      line_ += ",\"ecommerce\":{\"transaction_id\":\"";
      AppendInt(&line_, visit.buyer->order_id);
      line_ += "\",\"purchase_revenue\":";
      AppendDollars(&line_, visit.buyer->revenue_cents);
      line_ += '}';
    }
    line_ += '}';
    file_.AddText(line_);
  }

  const Ga4Context& ctx_;
  const World& world_;
  const DayTraffic& traffic_;
  LandingFile& file_;
  int64_t day_start_, day_end_;
  int64_t customers_;  // customers that exist at the start of the day
  std::string prefix_, tail_, line_;
  std::vector<Hit> hits_;
};

// Writes part `part` of `parts` of a day's events: the buyers' sessions of orders whose id
// falls in the part, and every parts-th non-buying session, in order of start.
void WriteEventPart(Ga4Context& ctx, int32_t date, int part, int parts, LandingFile& file) {
  const World& world = ctx.world;
  std::vector<Visit> visits;
  int64_t purchases = 0, earlier = 0;
  for (int32_t day = date; day <= std::min(world.end_day(), date + kLatestEarlierDay); day++) {
    for (const WebBuyer& b : ctx.buyers.Day(day)) {
      bool mine = b.order_id % parts == part;
      if (day == date) {
        purchases++;
        if (mine) visits.push_back({b.session_id, b.placed_at, VisitKind::kPurchase, 0, &b,
                                    Rng(world.seed(), RandomStream::kSession, b.session_id)});
      }
      for (int j = 0; j < b.earlier_count; j++) {
        if (b.earlier_date[j] != date) continue;
        earlier++;
        int64_t id = b.session_id + 1 + j;
        if (mine) visits.push_back({id, b.earlier_start[j], VisitKind::kEarlier, j, &b,
                                    Rng(world.seed(), RandomStream::kSession, id)});
      }
    }
  }
  double rest = ctx.DayEvents(date) - purchases * kMeanPurchaseEvents - earlier * kMeanBrowseEvents;
  int64_t fill = std::max<int64_t>(0, std::llround(rest / kMeanBrowseEvents));
  int64_t base = kFillSessionBase + static_cast<int64_t>(date - world.first_day()) * kFillSessionsPerDay;
  for (int64_t n = part; n < fill; n += parts) {
    Rng rng(world.seed(), RandomStream::kSession, base + n);
    int64_t start = TimeInDay(world, ctx.hour_sums, date, rng);
    visits.push_back({base + n, start, VisitKind::kBrowse, 0, nullptr, rng});
  }
  std::sort(visits.begin(), visits.end(), [](const Visit& a, const Visit& b) {
    return a.at != b.at ? a.at < b.at : a.session_id < b.session_id;
  });
  DayTraffic traffic(ctx, date);
  EventWriter writer(ctx, traffic, date, file);
  for (Visit& visit : visits) writer.Write(visit);
}

}  // namespace

void AddGa4Jobs(const World& world, std::vector<GenerateJob>* jobs) {
  auto ctx = std::make_shared<Ga4Context>(world);
  int backfill_parts = 0;
  for (int32_t date = ctx->first_event_day; date <= world.end_day(); date++) {
    bool in_backfill = date <= world.backfill_day();
    int32_t folder = in_backfill ? world.backfill_day() : date;
    int parts = ctx->DayParts(date), first_part = in_backfill ? backfill_parts : 0;
    double cost = static_cast<double>(ctx->DayEvents(date)) / parts / 300000;
    for (int part = 0; part < parts; part++) {
      auto run = [ctx, date, part, parts, folder, first_part](LandingZone& zone) {
        auto file = zone.Open("ga4", "events", folder, first_part + part, LandingFormat::kNdjson, {}, true);
        WriteEventPart(*ctx, date, part, parts, *file);
        file->Close();
      };
      jobs->push_back({"ga4/events", cost, run});
    }
    if (in_backfill) backfill_parts += parts;
  }
}

}  // namespace stockroom
