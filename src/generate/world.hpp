#pragma once

#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace stockroom {

class TimeZone;

// Instants are microseconds since 2000-01-01 UTC and dates days since 2000-01-01, as in the
// engine. kNever marks an event that does not happen (or has not happened yet).
constexpr int64_t kNever = std::numeric_limits<int64_t>::max();
constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerHour = 3600 * kMicrosPerSecond;
constexpr int64_t kMicrosPerDayGen = 24 * kMicrosPerHour;

// What `stockroom generate` was asked for.
struct GenerateOptions {
  double sf = 1.0;
  uint64_t seed = 42;
  int32_t end_date = 9496;  // days since 2000-01-01: 2025-12-31
  int event_days = 30;      // GA4 events cover the last event_days days
  int increments = 0;       // daily incremental extracts after the backfill
  std::string out;
  int threads = 0;          // 0: all cores
};

// Entity counts for a scale factor (spec §2): linear in SF, except SKUs (sqrt, at least 200)
// and warehouses (always 3).
struct Volumes {
  int64_t customers;
  int64_t orders;
  int32_t skus;
  int32_t suppliers;
  int64_t events_per_day;
  int64_t tickets_per_month;
  explicit Volumes(double sf);
};

// An extract: the rows that changed in (from, to], each as it stood at `to`. The backfill
// has from = the minimum instant. `date` names the landing folder.
struct ExtractWindow {
  int32_t date;
  int64_t from;
  int64_t to;
  bool backfill() const { return from == std::numeric_limits<int64_t>::min(); }
  bool Contains(int64_t t) const { return t > from && t <= to; }
};

struct City {
  const char* name;
  const char* state;
  const char* zip3;
  const char* region;  // sales region: Northeast, Southeast, Midwest, Southwest, West
  double weight;       // relative number of customers
  int warehouse_id;    // nearest warehouse
};
const std::vector<City>& Cities();

struct Warehouse {
  int32_t id;
  const char* code;
  const char* name;
  const char* city;
  const char* state;
  const char* zip;
  const char* region;
};
const std::vector<Warehouse>& Warehouses();

struct Category {
  const char* name;
  std::vector<const char*> subcategories;
  double weight;         // share of the catalogue
  double median_price;   // dollars
  double return_rate;    // B2C share of units returned
  bool electronics;
};
const std::vector<Category>& Categories();

struct Supplier {
  int32_t id;
  std::string name;
  const char* country;
  int32_t lead_time_days;  // 5-60
  int64_t created_at;
};

struct Product {
  int32_t id;
  std::string sku;
  std::string name;
  int32_t category;  // index into Categories()
  const char* subcategory;
  const char* brand;
  int32_t supplier_id;
  int32_t warehouse_id;    // the one warehouse that stocks it
  double weight_kg;
  double popularity;       // relative demand (Pareto over the catalogue)
  int64_t created_at;
  // A price change: before `repriced_at` the old price and cost apply.
  int64_t repriced_at;     // kNever when the price never changes
  int64_t old_list_price, list_price, old_unit_cost, unit_cost;  // cents
  int64_t discontinued_at; // kNever while active
  int64_t ListPriceAt(int64_t t) const { return t < repriced_at ? old_list_price : list_price; }
  int64_t UnitCostAt(int64_t t) const { return t < repriced_at ? old_unit_cost : unit_cost; }
  int64_t UpdatedAt(int64_t t) const;  // last change at or before t
};

struct Customer {
  int64_t id;
  bool b2b;
  std::string first_name, last_name, email, phone;  // phone empty: NULL
  std::string company_name;                           // empty for B2C
  int32_t city;        // index into Cities(): the address until moved_at
  std::string zip;
  int32_t moved_to_city;  // the address from moved_at on
  std::string moved_to_zip;
  int64_t moved_at;    // kNever if the customer never moves
  bool opt_in;         // marketing_opt_in until opt_in_changed_at, then the opposite
  int64_t opt_in_changed_at;
  int64_t created_at;
  int32_t CityAt(int64_t t) const { return t >= moved_at ? moved_to_city : city; }
  const std::string& ZipAt(int64_t t) const { return t >= moved_at ? moved_to_zip : zip; }
  bool OptInAt(int64_t t) const { return t >= opt_in_changed_at ? !opt_in : opt_in; }
  int64_t UpdatedAt(int64_t t) const;
};

enum class SalesChannel { kWeb, kB2bPortal, kAmazon, kWalmart };
const char* ChannelName(SalesChannel channel);  // web, b2b_portal, amazon, walmart

enum class ReturnReason { kDamaged, kWrongItem, kNotAsDescribed, kChangedMind, kLateDelivery, kOther };
const char* ReturnReasonName(ReturnReason reason);

struct OrderLine {
  int64_t order_item_id;  // order_id * 100 + line number
  int32_t product_id;
  int32_t quantity;
  int64_t unit_price, discount, unit_cost;  // cents; discount is for the whole line
  int64_t line_total() const { return quantity * unit_price - discount; }
  // A return of some of the line's units (returned_quantity 0: none).
  int32_t returned_quantity = 0;
  ReturnReason return_reason = ReturnReason::kOther;
  int64_t return_requested_at = kNever;
  int64_t return_received_at = kNever;
  int64_t refund = 0;  // cents
  bool restocked = false;
  int64_t return_id() const { return order_item_id; }
};

struct ShipmentException {
  const char* code;  // delayed, address_issue, damaged_in_transit, weather
  int64_t at;
};

// One order with everything that will ever happen to it. Timeline instants are kNever
// for events that do not happen.
struct Order {
  int64_t id;
  int64_t customer_id;
  SalesChannel channel;
  int64_t placed_at;
  int64_t paid_at;
  int64_t cancelled_at;
  bool payment_failed;  // the card was declined; the order was cancelled for it
  int64_t shipped_at;
  int64_t delivered_at;
  int32_t promised_date;  // local date the customer was promised
  int32_t warehouse_id;
  int32_t ship_city;       // index into Cities()
  std::string ship_zip;
  const char* promo_code;  // nullptr: none
  std::vector<OrderLine> lines;
  int64_t shipping_fee, tax;  // cents
  int64_t ga_session_id;      // 0: none (only web orders have one, and not all)
  // Fulfilment: marketplace-fulfilled orders (Amazon FBA) have no ShipStation shipment.
  bool via_shipstation;
  const char* carrier;   // ups, fedex, usps
  const char* service;   // e.g. ups_ground
  int64_t shipment_cost; // cents
  std::vector<ShipmentException> exceptions;

  int64_t subtotal() const;        // sum of quantity * unit_price
  int64_t discount_total() const;  // sum of line discounts
  int64_t total() const { return subtotal() - discount_total() + shipping_fee + tax; }
  // Returns the status as of instant t (placed, paid, shipped, delivered, cancelled, returned).
  const char* StatusAt(int64_t t) const;
  // Returns the instant of the last change at or before t (the order row's updated_at).
  int64_t UpdatedAt(int64_t t) const;
  // Returns whether anything about the order row changed in the window.
  bool ChangedIn(const struct ExtractWindow& window) const;
};

// The retailer's world for one seed and scale: the calendar, catalogue and people, from
// which every system's export is derived. Customers and orders are computed on demand from
// their id (cheap, deterministic); products and suppliers are kept. Immutable after
// construction; safe to share between threads.
class World {
 public:
  explicit World(const GenerateOptions& options);
  ~World();

  const GenerateOptions& options() const { return options_; }
  const Volumes& volumes() const { return volumes_; }
  uint64_t seed() const { return options_.seed; }

  // The history: first_day .. end_day (3 years); the backfill is extracted at the end of
  // backfill_day and one increment follows for each later day.
  int32_t first_day() const { return first_day_; }
  int32_t end_day() const { return options_.end_date; }
  int32_t backfill_day() const { return options_.end_date - options_.increments; }
  // The extracts in landing order: the backfill, then one per day.
  std::vector<ExtractWindow> Extracts() const;

  // Local time (America/New_York): start of a local date as a UTC instant, local date of
  // an instant, and ISO-8601 text with the offset ("2025-03-01T09:15:02-05:00").
  int64_t LocalDayStart(int32_t date) const;
  int32_t LocalDate(int64_t t) const;
  std::string FormatLocal(int64_t t) const;
  const TimeZone& zone() const { return *zone_; }

  // Relative order volume of a local date (growth, seasonality, weekday).
  double DayWeight(int32_t date) const;
  // Maps a fraction of all history's volume to the instant at which it is reached, and back.
  int64_t TimeAtFraction(double fraction) const;
  double FractionAt(int64_t t) const;

  const std::vector<Product>& products() const { return products_; }
  const Product& product(int32_t id) const { return products_[id - 1]; }
  const std::vector<Supplier>& suppliers() const { return suppliers_; }
  const Supplier& supplier(int32_t id) const { return suppliers_[id - 1]; }

  bool IsB2b(int64_t customer_id) const;
  Customer MakeCustomer(int64_t id) const;          // id in 1..customers
  int64_t CustomerCreatedAt(int64_t id) const;
  // Returns the number of customers created at or before t (ids are in creation order).
  int64_t CustomersBy(int64_t t) const;

  Order MakeOrder(int64_t id) const;                // id in 1..orders
  int64_t OrderPlacedAt(int64_t id) const;
  // Returns the number of orders placed at or before t (ids are in time order).
  int64_t OrdersBy(int64_t t) const;

 private:
  int32_t PickProduct(class Rng& rng, int64_t at) const;
  int64_t PickCustomer(class Rng& rng, int64_t at, bool b2b) const;
  void BuildCatalogue();

  GenerateOptions options_;
  Volumes volumes_;
  std::shared_ptr<const TimeZone> zone_;
  int32_t first_day_;
  std::vector<double> day_cumulative_;  // running volume at the start of each day (size days + 1)
  int64_t pre_history_customers_;       // created in the two years before first_day
  std::vector<Supplier> suppliers_;
  std::vector<Product> products_;
  std::vector<double> popularity_cumulative_;
  std::vector<std::vector<int32_t>> products_by_category_;
};

}  // namespace stockroom
