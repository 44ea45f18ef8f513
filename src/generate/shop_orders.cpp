// The shop database's orders, order_items and returns, and the jobs that walk orders for
// every order-fed table (spec §3.1).
#include <algorithm>

#include "generate/landing_zone.hpp"

namespace stockroom {

namespace {

constexpr int64_t kOrdersPerPart = 250000;
// How far back an increment looks for orders that changed: past the latest return,
// refund or dispute an order can see.
constexpr int64_t kOrderActivityDays = 150;

void WriteOrder(const World& world, const Order& o, const ExtractWindow& extract, LandingFile& file) {
  if (!o.ChangedIn(extract)) return;
  int64_t t = extract.to;
  const City& city = Cities()[o.ship_city];
  CsvLine line;
  line.Int(o.id).Int(o.customer_id).Timestamp(world.FormatLocal(o.placed_at)).Text(ChannelName(o.channel));
  line.Text(o.StatusAt(t)).Int(o.warehouse_id).Text(city.name).Text(city.state).Text(o.ship_zip);
  o.promo_code ? line.Text(o.promo_code) : line.Null();
  line.Money(o.subtotal()).Money(o.discount_total()).Money(o.shipping_fee).Money(o.tax).Money(o.total());
  o.ga_session_id ? line.Int(o.ga_session_id) : line.Null();
  line.Timestamp(world.FormatLocal(o.UpdatedAt(t)));
  file.Add(line);
}

void WriteOrderItems(const World& world, const Order& o, const ExtractWindow& extract, LandingFile& file) {
  if (!(extract.backfill() ? o.placed_at <= extract.to : extract.Contains(o.placed_at))) return;
  std::string updated = world.FormatLocal(o.placed_at);
  for (const OrderLine& l : o.lines) {
    CsvLine line;
    line.Int(l.order_item_id).Int(o.id).Int(l.product_id).Int(l.quantity).Money(l.unit_price).Money(l.discount);
    line.Money(l.line_total()).Money(l.unit_cost).Timestamp(updated);
    file.Add(line);
  }
}

void WriteReturns(const World& world, const Order& o, const ExtractWindow& extract, LandingFile& file) {
  int64_t t = extract.to;
  for (const OrderLine& l : o.lines) {
    if (l.returned_quantity == 0 || l.return_requested_at > t) continue;
    bool changed = extract.backfill() || extract.Contains(l.return_requested_at) || extract.Contains(l.return_received_at);
    if (!changed) continue;
    bool received = l.return_received_at <= t;
    CsvLine line;
    line.Int(l.return_id()).Int(l.order_item_id).Int(o.id).Int(l.returned_quantity).Text(ReturnReasonName(l.return_reason));
    line.Timestamp(world.FormatLocal(l.return_requested_at));
    received ? line.Timestamp(world.FormatLocal(l.return_received_at)) : line.Null();
    line.Money(l.refund);
    received ? line.Bool(l.restocked) : line.Null();
    file.Add(line);
  }
}

}  // namespace

const std::vector<OrderTable>& ShopOrderTables() {
  static const std::vector<OrderTable> kTables = {
      {"shop", "orders", LandingFormat::kCsv,
       {"order_id", "customer_id", "order_ts", "channel", "status", "warehouse_id", "ship_city", "ship_state",
        "ship_zip", "promo_code", "subtotal", "discount_total", "shipping_fee", "tax", "total", "ga_session_id",
        "updated_at"},
       WriteOrder},
      {"shop", "order_items", LandingFormat::kCsv,
       {"order_item_id", "order_id", "product_id", "quantity", "unit_price", "discount", "line_total", "unit_cost",
        "updated_at"},
       WriteOrderItems},
      {"shop", "returns", LandingFormat::kCsv,
       {"return_id", "order_item_id", "order_id", "quantity", "reason", "requested_at", "received_at",
        "refund_amount", "restocked"},
       WriteReturns},
  };
  return kTables;
}

void AddOrderJobs(const World& world, const std::vector<const OrderTable*>& tables, const ExtractWindow& extract,
                  std::vector<GenerateJob>* jobs) {
  int64_t first = 1;
  if (!extract.backfill()) first = world.OrdersBy(extract.from - kOrderActivityDays * kMicrosPerDayGen) + 1;
  int64_t last = world.OrdersBy(extract.to);
  for (int part = 0; first <= last; first += kOrdersPerPart, part++) {
    int64_t chunk_last = std::min(last, first + kOrdersPerPart - 1);
    double cost = static_cast<double>(chunk_last - first + 1) / 100000;
    jobs->push_back({"orders", cost, [=, &world](LandingZone& zone) {
                       std::vector<std::unique_ptr<LandingFile>> files;
                       for (const OrderTable* table : tables) {
                         files.push_back(zone.Open(table->system, table->table, extract.date, part, table->format,
                                                   table->header));
                       }
                       for (int64_t id = first; id <= chunk_last; id++) {
                         Order order = world.MakeOrder(id);
                         for (size_t i = 0; i < tables.size(); i++) tables[i]->write(world, order, extract, *files[i]);
                       }
                       for (auto& file : files) file->Close();
                     }});
  }
}

}  // namespace stockroom
