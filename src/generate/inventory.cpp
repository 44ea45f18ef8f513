// The shop database's inventory_snapshots (spec §3.1, system `shop`): the end-of-day stock
// of every SKU in its warehouse, from the simulated stock ledger.
#include <algorithm>

#include "generate/landing_zone.hpp"
#include "generate/stock_ledger.hpp"

namespace stockroom {

namespace {

// Snapshot dates per backfill part: a month of 12,000 SKUs is about 360,000 rows.
constexpr int32_t kDaysPerPart = 30;

void WriteSnapshots(const World& world, StockLedger& ledger, int32_t first_date, int32_t last_date, LandingFile& file) {
  const StockLedger& stock = ledger.Get();
  std::vector<int32_t> launch_dates;
  for (const Product& p : world.products()) launch_dates.push_back(world.LocalDate(p.created_at));
  for (int32_t date = first_date; date <= last_date; date++) {
    for (const Product& p : world.products()) {
      if (launch_dates[p.id - 1] > date) continue;  // not in the shop's catalogue yet
      const StockLedger::Day& day = stock.At(p.id, date);
      CsvLine line;
      line.Date(date).Int(p.warehouse_id).Int(p.id).Int(day.on_hand).Int(day.reserved).Int(day.on_order);
      file.Add(line);
    }
  }
}

}  // namespace

void AddInventoryJobs(const World& world, const ExtractWindow& extract, const std::shared_ptr<StockLedger>& ledger,
                      std::vector<GenerateJob>* jobs) {
  // A snapshot is taken at the end of its day, so it lands in that day's extract.
  int32_t first = extract.backfill() ? ledger->first_snapshot_day() : extract.date;
  int32_t last = extract.date;
  double skus = static_cast<double>(world.products().size());
  for (int part = 0; first <= last; first += kDaysPerPart, part++) {
    int32_t part_last = std::min(last, first + kDaysPerPart - 1);
    // The first job to run builds the ledger (a walk over every order): weigh the backfill's
    // first part so that it starts at once.
    double cost = skus * (part_last - first + 1) / 1000000 + (part == 0 && extract.backfill() ? 50 : 0);
    jobs->push_back({"shop/inventory_snapshots", cost, [=, &world](LandingZone& zone) {
                       auto file = zone.Open("shop", "inventory_snapshots", extract.date, part, LandingFormat::kCsv,
                                             {"snapshot_date", "warehouse_id", "product_id", "on_hand", "reserved",
                                              "on_order"});
                       WriteSnapshots(world, *ledger, first, part_last, *file);
                       file->Close();
                     }});
  }
}

}  // namespace stockroom
