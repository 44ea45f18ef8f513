#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "generate/landing_file.hpp"
#include "generate/world.hpp"

namespace stockroom {

// The output directory of `stockroom generate`: opens part files and keeps the totals.
// Thread-safe (each job opens its own files).
class LandingZone {
 public:
  LandingZone(const World& world, std::string out) : world_(world), out_(std::move(out)) {}

  // Opens part `part` of <system>/<table> for the extract dated `date`. CSV parts carry
  // malformed lines at SF >= 0.1 (spec §2).
  std::unique_ptr<LandingFile> Open(std::string_view system, std::string_view table, int32_t date, int part,
                                    LandingFormat format, std::vector<std::string> header = {}, bool gzip = false) {
    bool malformed = format == LandingFormat::kCsv && world_.options().sf >= 0.1;
    return std::make_unique<LandingFile>(out_, system, table, date, part, format, std::move(header), gzip, malformed,
                                         &totals_);
  }
  LandingTotals& totals() { return totals_; }

 private:
  const World& world_;
  std::string out_;
  LandingTotals totals_;
};

// A unit of generation work that writes one or more part files; jobs are independent and
// run in any order on any thread. `cost` (about a second of work per unit) orders the
// queue, largest first.
struct GenerateJob {
  std::string name;
  double cost;
  std::function<void(LandingZone&)> run;
};

// A landing table whose rows come from orders (shop orders, Stripe charges, ShipStation
// shipments…): `write` adds the rows one order contributes to an extract, each as it
// stood at the end of the extract.
struct OrderTable {
  const char* system;
  const char* table;
  LandingFormat format;
  std::vector<std::string> header;  // CSV only
  void (*write)(const World& world, const Order& order, const ExtractWindow& extract, LandingFile& file);
};

// The order tables of each system, and the jobs of the tables that do not come from orders.
const std::vector<OrderTable>& ShopOrderTables();
const std::vector<OrderTable>& StripeTables();
const std::vector<OrderTable>& ShipstationTables();
// Adds the jobs that walk the orders an extract can touch, feeding every table in `tables`.
void AddOrderJobs(const World& world, const std::vector<const OrderTable*>& tables, const ExtractWindow& extract,
                  std::vector<GenerateJob>* jobs);
void AddShopJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs);
void AddZendeskJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs);
// The stock and purchasing tables come from one simulation of every SKU's stock, built by
// the first job that needs it (generate/stock_ledger.hpp).
class StockLedger;
void AddInventoryJobs(const World& world, const ExtractWindow& extract, const std::shared_ptr<StockLedger>& ledger,
                      std::vector<GenerateJob>* jobs);
void AddNetsuiteJobs(const World& world, const ExtractWindow& extract, const std::shared_ptr<StockLedger>& ledger,
                     std::vector<GenerateJob>* jobs);
void AddB2bPortalJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs);
void AddAdsJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs);
void AddSheetsJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs);
// Adds the GA4 events jobs of every extract at once: they share the index of web buyers.
void AddGa4Jobs(const World& world, std::vector<GenerateJob>* jobs);

}  // namespace stockroom
