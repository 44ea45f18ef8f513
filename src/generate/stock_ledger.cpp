#include "generate/stock_ledger.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <string_view>
#include <thread>

#include "common/types/date_time.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr int64_t kDay = kMicrosPerDayGen;
constexpr int64_t kOrdersPerChunk = 20000;
// The planner's demand forecast: the mean of the last 28 days of shipments.
constexpr int kForecastDays = 28;
// Each supplier's SKUs are reviewed once a week, on the supplier's weekday.
constexpr int kReviewDays = 7;

int Threads(const World& world) {
  int threads = world.options().threads;
  return threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

// Runs work(i) for i in [0, count) on the world's threads; `work` must only touch what i owns.
template <typename Work>
void ParallelFor(const World& world, int64_t count, Work work) {
  std::atomic<int64_t> next{0};
  auto run = [&] {
    for (int64_t i; (i = next++) < count;) work(i);
  };
  std::vector<std::thread> helpers;
  for (int t = 1; t < std::min<int64_t>(Threads(world), count); t++) helpers.emplace_back(run);
  run();
  for (auto& helper : helpers) helper.join();
}

void Add(int32_t& cell, int32_t units) { std::atomic_ref<int32_t>(cell).fetch_add(units, std::memory_order_relaxed); }

// Returns the date moved past a weekend to the Monday: suppliers neither ship nor deliver then.
int32_t NextWeekday(int32_t date) {
  int dow = date_time::DayOfWeek(date);
  return dow == 6 ? date + 2 : dow == 0 ? date + 1 : date;
}

bool Domestic(const Supplier& supplier) {
  return std::string_view(supplier.country) == "US" || std::string_view(supplier.country) == "MX";
}

// What happens to a purchase order as a whole: one per supplier, warehouse and order date, so
// every line of it is ordered, shipped and received together.
struct PoTerms {
  int64_t ordered_at;
  int32_t expected_date;
  int64_t first_receipt_at;
  double split;             // share of each line in the first delivery; 1 when not split
  int64_t final_receipt_at; // kNever when not split
  int64_t cancelled_at;
};

PoTerms MakePoTerms(const World& world, const Supplier& supplier, const SupplierTerms& terms, int32_t warehouse_id,
                    int32_t date) {
  uint64_t key = static_cast<uint64_t>(supplier.id) << 40 | static_cast<uint64_t>(warehouse_id) << 32 |
                 static_cast<uint32_t>(date);
  Rng rng(world.seed(), RandomStream::kPurchaseOrder, key);
  PoTerms po;
  po.ordered_at = world.LocalDayStart(date) + 8 * kMicrosPerHour + rng.Range(0, 9 * kMicrosPerHour - 1);
  int32_t quoted = terms.LeadTimeAt(supplier, po.ordered_at);
  po.expected_date = date + quoted;
  // Suppliers are late more often than early: the actual lead time is the quote, spread by a
  // log-normal, plus up to 3 days.
  int32_t actual = std::max<int32_t>(2, static_cast<int32_t>(std::lround(quoted * rng.LogNormal(1.0, 0.12))) +
                                            static_cast<int32_t>(rng.Range(-1, 3)));
  int32_t arrival = NextWeekday(date + actual);
  po.first_receipt_at = world.LocalDayStart(arrival) + 7 * kMicrosPerHour + rng.Range(0, 9 * kMicrosPerHour - 1);
  po.split = 1;
  po.final_receipt_at = kNever;
  po.cancelled_at = kNever;
  if (rng.Chance(0.015)) {
    po.cancelled_at = po.ordered_at + rng.Range(1, std::max(2, quoted - 1)) * kDay + rng.Range(0, 6) * kMicrosPerHour;
    po.first_receipt_at = kNever;
  } else if (rng.Chance(0.08)) {
    po.split = 0.4 + 0.45 * rng.Uniform();
    int32_t rest = NextWeekday(arrival + static_cast<int32_t>(rng.Range(3, 14)));
    po.final_receipt_at = world.LocalDayStart(rest) + 7 * kMicrosPerHour + rng.Range(0, 9 * kMicrosPerHour - 1);
  }
  return po;
}

// The units of a case: bulky goods come one or two to a carton, small ones by the dozen.
int32_t CasePack(const Product& product) {
  return product.weight_kg > 10 ? 1 : product.weight_kg > 3 ? 2 : product.weight_kg > 1 ? 6 : 12;
}

// Returns the new line; the caller numbers it (po_id, po_line) once all lines are known.
PurchaseOrderLine MakeLine(const World& world, const Product& product, const PoTerms& po, int32_t date, int32_t qty) {
  PurchaseOrderLine line;
  line.po_id = 0;
  line.po_line = 0;
  line.supplier_id = product.supplier_id;
  line.warehouse_id = product.warehouse_id;
  line.product_id = product.id;
  line.qty_ordered = qty;
  line.unit_cost = product.UnitCostAt(po.ordered_at);
  line.ordered_at = po.ordered_at;
  line.expected_date = po.expected_date;
  line.cancelled_at = po.cancelled_at;
  line.first_receipt_at = po.first_receipt_at;
  line.final_receipt_at = kNever;
  line.first_receipt_qty = line.final_qty = po.cancelled_at == kNever ? qty : 0;
  if (po.cancelled_at != kNever) return line;
  Rng rng(world.seed(), RandomStream::kInventory, static_cast<uint64_t>(date + 1000000) << 32 | product.id);
  if (rng.Chance(0.05) && qty > 1) {  // a short shipment: the supplier sends up to 15% less
    line.final_qty = qty - std::max<int32_t>(1, static_cast<int32_t>(qty * 0.15 * rng.Uniform()));
  }
  if (po.final_receipt_at != kNever && qty > 1) {
    line.first_receipt_qty = std::clamp(static_cast<int32_t>(qty * po.split), 1, line.final_qty);
    if (line.first_receipt_qty < line.final_qty) line.final_receipt_at = po.final_receipt_at;
  }
  line.first_receipt_qty = std::min(line.first_receipt_qty, line.final_qty);
  return line;
}

}  // namespace

const char* PurchaseOrderLine::StatusAt(int64_t t) const {
  if (cancelled_at <= t) return "cancelled";
  if (first_receipt_at > t) return "open";
  return final_receipt_at <= t || final_receipt_at == kNever ? "received" : "partially_received";
}

int32_t PurchaseOrderLine::ReceivedAt(int64_t t) const {
  if (first_receipt_at > t) return 0;
  return final_receipt_at > t ? first_receipt_qty : final_qty;
}

int64_t PurchaseOrderLine::LastReceiptAt(int64_t t) const {
  if (first_receipt_at > t) return kNever;
  return final_receipt_at <= t ? final_receipt_at : first_receipt_at;
}

int64_t PurchaseOrderLine::UpdatedAt(int64_t t) const {
  int64_t updated = ordered_at;
  for (int64_t event : {first_receipt_at, final_receipt_at, cancelled_at}) {
    if (event <= t) updated = std::max(updated, event);
  }
  return updated;
}

bool PurchaseOrderLine::ChangedIn(const ExtractWindow& window) const {
  if (ordered_at > window.to) return false;
  if (window.backfill()) return true;
  return window.Contains(ordered_at) || window.Contains(first_receipt_at) || window.Contains(final_receipt_at) ||
         window.Contains(cancelled_at);
}

SupplierTerms MakeSupplierTerms(const World& world, const Supplier& supplier) {
  // A stream id no product or order can reach: the supplier's id above bit 48.
  Rng rng(world.seed(), RandomStream::kPurchaseOrder, 1ULL << 48 | static_cast<uint64_t>(supplier.id));
  SupplierTerms terms{supplier.lead_time_days, kNever};
  if (rng.Chance(0.2)) {
    int64_t start = world.LocalDayStart(world.first_day());
    int64_t end = world.LocalDayStart(world.end_day() + 1);
    terms.lead_time_changed_at = start + static_cast<int64_t>(rng.Uniform() * static_cast<double>(end - start));
    int32_t delta = static_cast<int32_t>(rng.Range(3, 10)) * (rng.Chance(0.6) ? 1 : -1);
    terms.old_lead_time_days = std::clamp(supplier.lead_time_days + delta, 5, 60);
  }
  return terms;
}

const StockLedger& StockLedger::Get() {
  std::call_once(built_, [this] { Build(); });
  return *this;
}

void StockLedger::Build() {
  // Reviews look up to a lead time, a week and a reorder cycle ahead, and four weeks back.
  plan_first_day_ = world_.first_day() - 120;
  int32_t plan_days = world_.end_day() + 200 - plan_first_day_;
  plan_cumulative_.assign(plan_days + 1, 0.0);
  for (int32_t i = 0; i < plan_days; i++) {
    plan_cumulative_[i + 1] = plan_cumulative_[i] + world_.DayWeight(plan_first_day_ + i);
  }
  CountFlows();
  int32_t skus = static_cast<int32_t>(world_.products().size());
  days_.assign(static_cast<size_t>(skus) * snapshot_days_, Day{0, 0, 0});
  std::vector<std::vector<PurchaseOrderLine>> lines(skus);
  ParallelFor(world_, skus, [&](int64_t i) { Simulate(static_cast<int32_t>(i + 1), &lines[i]); });
  net_out_ = {};
  pending_change_ = {};
  for (auto& product_lines : lines) {
    purchase_orders_.insert(purchase_orders_.end(), product_lines.begin(), product_lines.end());
  }
  // A purchase order is one supplier's lines for one warehouse, ordered together.
  std::sort(purchase_orders_.begin(), purchase_orders_.end(), [](const PurchaseOrderLine& a, const PurchaseOrderLine& b) {
    if (a.ordered_at != b.ordered_at) return a.ordered_at < b.ordered_at;
    if (a.supplier_id != b.supplier_id) return a.supplier_id < b.supplier_id;
    if (a.warehouse_id != b.warehouse_id) return a.warehouse_id < b.warehouse_id;
    return a.product_id < b.product_id;
  });
  int64_t po_id = 100000;
  for (size_t i = 0; i < purchase_orders_.size(); i++) {
    auto& line = purchase_orders_[i];
    bool same_po = i > 0 && purchase_orders_[i - 1].ordered_at == line.ordered_at &&
                   purchase_orders_[i - 1].supplier_id == line.supplier_id &&
                   purchase_orders_[i - 1].warehouse_id == line.warehouse_id;
    line.po_id = same_po ? po_id : ++po_id;
    line.po_line = same_po ? purchase_orders_[i - 1].po_line + 1 : 1;
  }
}

double StockLedger::PlanVolume(int32_t from, int32_t to) const {
  auto at = [&](int32_t date) {
    return plan_cumulative_[std::clamp<int64_t>(date - plan_first_day_, 0, plan_cumulative_.size() - 1)];
  };
  return at(to) - at(from);
}

void StockLedger::CountFlows() {
  const int32_t first_day = world_.first_day(), end_day = world_.end_day();
  const size_t history = end_day - first_day + 1;
  const size_t pending_days = snapshot_days_ + 1;
  net_out_.assign(world_.products().size() * history, 0);
  pending_change_.assign(world_.products().size() * pending_days, 0);
  const int64_t orders = world_.volumes().orders;
  ParallelFor(world_, (orders + kOrdersPerChunk - 1) / kOrdersPerChunk, [&](int64_t chunk) {
    int64_t last = std::min(orders, (chunk + 1) * kOrdersPerChunk);
    for (int64_t id = chunk * kOrdersPerChunk + 1; id <= last; id++) {
      Order o = world_.MakeOrder(id);
      int32_t shipped = o.shipped_at == kNever ? end_day + 1 : world_.LocalDate(o.shipped_at);
      int32_t paid = o.paid_at == kNever ? end_day + 1 : world_.LocalDate(o.paid_at);
      int64_t left_at = std::min(o.shipped_at, o.cancelled_at);
      int32_t left = left_at == kNever ? end_day + 1 : world_.LocalDate(left_at);
      for (const OrderLine& line : o.lines) {
        size_t product = line.product_id - 1;
        if (shipped <= end_day) Add(net_out_[product * history + (shipped - first_day)], line.quantity);
        if (line.restocked && line.return_received_at != kNever) {
          int32_t received = world_.LocalDate(line.return_received_at);
          if (received <= end_day) Add(net_out_[product * history + (received - first_day)], -line.returned_quantity);
        }
        // Units paid for and not yet shipped or cancelled: index 0 gathers the days before
        // the first snapshot.
        if (paid <= end_day && left > paid) {
          Add(pending_change_[product * pending_days + std::max(0, paid - first_snapshot_day_ + 1)], line.quantity);
          if (left <= end_day) {
            Add(pending_change_[product * pending_days + std::max(0, left - first_snapshot_day_ + 1)], -line.quantity);
          }
        }
      }
    }
  });
}

void StockLedger::Simulate(int32_t product_id, std::vector<PurchaseOrderLine>* lines) {
  const Product& product = world_.product(product_id);
  const Supplier& supplier = world_.supplier(product.supplier_id);
  const SupplierTerms terms = MakeSupplierTerms(world_, supplier);
  const int32_t first_day = world_.first_day(), end_day = world_.end_day();
  const size_t history = end_day - first_day + 1;
  const int32_t* net_out = &net_out_[(product_id - 1) * history];
  const int32_t* pending_change = &pending_change_[(product_id - 1) * static_cast<size_t>(snapshot_days_ + 1)];
  auto out_on = [&](int32_t date) { return date < first_day || date > end_day ? 0 : net_out[date - first_day]; };

  // The planner's habits for this SKU: how much safety stock, how many days a reorder covers.
  Rng rng(world_.seed(), RandomStream::kInventory, product_id);
  const double safety_factor = 0.5 + 1.5 * rng.Uniform();
  const int32_t cycle_days = static_cast<int32_t>(Domestic(supplier) ? rng.Range(14, 30) : rng.Range(30, 75));
  const int32_t case_pack = CasePack(product);
  const int review_weekday = 1 + product.supplier_id % 5;  // Monday to Friday

  // Launches: the planner's guess of the first four weeks' demand, and the launch stock
  // ordered a lead time before the SKU goes on sale.
  const int32_t launch = world_.LocalDate(product.created_at);
  const int32_t start = launch < first_day ? first_day : launch;
  double initial = 0;
  for (int32_t d = start; d < start + kForecastDays; d++) initial += std::max(0, out_on(d));
  initial = initial / kForecastDays * rng.LogNormal(1.0, launch < first_day ? 0.2 : 0.35);
  const int32_t discontinued = product.discontinued_at == kNever ? end_day + 1 : world_.LocalDate(product.discontinued_at);

  int64_t window_sum = 0, window_squares = 0;
  int observed = 0;
  // The mean daily demand of the last four weeks, and its spread.
  auto forecast = [&](double* sigma) {
    double weight = std::min(observed, kForecastDays);
    double mean = (window_sum + initial * (kForecastDays - weight)) / kForecastDays;
    double variance = weight > 1 ? window_squares / weight - (window_sum / weight) * (window_sum / weight) : mean;
    *sigma = std::sqrt(std::max(variance, mean));  // at least Poisson noise
    return mean;
  };
  // The planner scales the recent mean by the sales plan's curve (growth, the holiday
  // peak): the demand expected in the `days` from `date` on, against the last four weeks.
  auto expected = [&](double mean, int32_t today, int32_t from, int32_t days) {
    double recent = PlanVolume(today - kForecastDays, today) / kForecastDays;
    return mean * PlanVolume(from, from + days) / recent;
  };
  auto reorder_point = [&](double mean, double sigma, int32_t today, int32_t lead) {
    int32_t cover = lead + kReviewDays;
    double season = expected(1.0, today, today, cover) / cover;
    return std::max(1.0, expected(mean, today, today, cover) + safety_factor * sigma * season * std::sqrt(cover));
  };

  int64_t on_hand = 0, backlog = 0;
  int32_t sim_start = start;
  if (launch < first_day) {
    double sigma, mean = forecast(&sigma);
    int32_t lead = terms.LeadTimeAt(supplier, world_.LocalDayStart(first_day));
    double rop = reorder_point(mean, sigma, first_day, lead);
    on_hand = std::llround(rop + expected(mean, first_day, first_day, cycle_days) * (0.2 + 0.8 * rng.Uniform()));
  } else {
    int32_t lead = terms.LeadTimeAt(supplier, product.created_at);
    sim_start = launch - lead - static_cast<int32_t>(rng.Range(0, 5));
    while (date_time::DayOfWeek(sim_start) != review_weekday) sim_start--;
  }

  std::vector<size_t> open;  // indexes into *lines of lines not yet fully received or cancelled
  int64_t pending = 0;
  for (int32_t k = 0; k <= std::max(0, sim_start - first_snapshot_day_); k++) pending += pending_change[k];
  for (int32_t d = sim_start; d <= end_day; d++) {
    int64_t day_start = world_.LocalDayStart(d), day_end = world_.LocalDayStart(d + 1) - 1;
    int64_t on_order = 0;
    for (size_t i : open) on_order += (*lines)[i].qty_ordered - (*lines)[i].ReceivedAt(day_start - 1);
    bool launch_order = d == sim_start && launch >= first_day;
    if ((date_time::DayOfWeek(d) == review_weekday && d < discontinued && d >= first_day) || launch_order) {
      double sigma, mean = forecast(&sigma);
      int32_t lead = terms.LeadTimeAt(supplier, day_start);
      double rop = reorder_point(mean, sigma, d, lead);
      double position = static_cast<double>(on_hand - backlog + on_order);
      if (position < rop) {
        int32_t cover = lead + kReviewDays;
        double want = rop + expected(mean, d, d + cover, cycle_days) - position;
        int32_t qty = std::max<int32_t>(1, static_cast<int32_t>(std::ceil(want / case_pack))) * case_pack;
        PoTerms po = MakePoTerms(world_, supplier, terms, product.warehouse_id, d);
        lines->push_back(MakeLine(world_, product, po, d, qty));
        open.push_back(lines->size() - 1);
        on_order += qty;
      }
    }
    // Receipts fill the backorders first; cancelled and completed lines leave the open list.
    int64_t received = 0;
    for (size_t k = 0; k < open.size();) {
      const PurchaseOrderLine& line = (*lines)[open[k]];
      received += line.ReceivedAt(day_end) - line.ReceivedAt(day_start - 1);
      bool done = line.cancelled_at <= day_end ||
                  (line.first_receipt_at <= day_end && (line.final_receipt_at == kNever || line.final_receipt_at <= day_end));
      if (done) {
        open[k] = open.back();
        open.pop_back();
      } else {
        k++;
      }
    }
    int64_t inflow = received - std::min(0, out_on(d));
    int64_t outflow = std::max(0, out_on(d));
    int64_t filled = std::min(backlog, inflow);
    backlog -= filled;
    on_hand += inflow - filled;
    if (outflow > on_hand) {
      backlog += outflow - on_hand;
      on_hand = 0;
    } else {
      on_hand -= outflow;
    }
    if (d >= start) {
      int64_t units = std::max(0, out_on(d));
      window_sum += units;
      window_squares += units * units;
      if (observed >= kForecastDays) {
        int64_t gone = std::max(0, out_on(d - kForecastDays));
        window_sum -= gone;
        window_squares -= gone * gone;
      }
      observed++;
    }
    if (d >= first_snapshot_day_) {
      pending += pending_change[d - first_snapshot_day_ + 1];
      int64_t outstanding = 0;
      for (size_t i : open) outstanding += (*lines)[i].qty_ordered - (*lines)[i].ReceivedAt(day_end);
      Day& day = days_[static_cast<size_t>(product_id - 1) * snapshot_days_ + (d - first_snapshot_day_)];
      day.on_hand = static_cast<int32_t>(on_hand);
      day.reserved = static_cast<int32_t>(std::clamp<int64_t>(pending, 0, on_hand));
      day.on_order = static_cast<int32_t>(outstanding);
    }
  }
}

}  // namespace stockroom
