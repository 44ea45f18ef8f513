// NetSuite's suppliers and purchase_orders (spec §3.1, system `netsuite`): a saved-search CSV
// export with local 'MM/DD/YYYY HH24:MI:SS' timestamps and about 0.5% of rows exported twice.
#include <cstdio>
#include <string>

#include "common/types/date_time.hpp"
#include "generate/landing_zone.hpp"
#include "generate/random.hpp"
#include "generate/stock_ledger.hpp"

namespace stockroom {

namespace {

constexpr double kDuplicateRate = 0.005;
// Keys the duplicate draws apart from every other use of the dirt stream ("NS" in the top bits).
constexpr uint64_t kDuplicateKey = 0x4E53ULL << 48;

// Returns "MM/DD/YYYY HH:MM:SS", the shop's local time without an offset.
std::string NetsuiteTimestamp(const World& world, int64_t t) {
  std::string iso = world.FormatLocal(t);  // YYYY-MM-DDTHH:MM:SS±HH:MM
  return iso.substr(5, 2) + "/" + iso.substr(8, 2) + "/" + iso.substr(0, 4) + " " + iso.substr(11, 8);
}

std::string NetsuiteDate(int32_t date) {
  auto civil = date_time::CivilFromDays(date);
  char text[16];
  std::snprintf(text, sizeof text, "%02d/%02d/%04d", civil.month, civil.day, civil.year);
  return text;
}

// Adds the row, and again right after it when the export duplicated it: the draw is keyed by
// the row and the extract, so the same row version is duplicated in every run.
void AddRow(const World& world, const ExtractWindow& extract, uint64_t row_key, const CsvLine& line, LandingFile& file) {
  file.Add(line);
  Rng rng(world.seed(), RandomStream::kDirt, kDuplicateKey ^ (row_key * 1000003 + static_cast<uint64_t>(extract.date)));
  if (rng.Chance(kDuplicateRate)) file.AddText(line.text());
}

void WriteSuppliers(const World& world, const ExtractWindow& extract, LandingFile& file) {
  int64_t t = extract.to;
  for (const Supplier& s : world.suppliers()) {
    SupplierTerms terms = MakeSupplierTerms(world, s);
    if (s.created_at > t) continue;
    if (!extract.backfill() && !extract.Contains(s.created_at) && !extract.Contains(terms.lead_time_changed_at)) continue;
    CsvLine line;
    line.Int(s.id).Text(s.name).Text(s.country).Int(terms.LeadTimeAt(s, t));
    line.Timestamp(NetsuiteTimestamp(world, terms.UpdatedAt(s, t)));
    AddRow(world, extract, static_cast<uint64_t>(s.id), line, file);
  }
}

void WritePurchaseOrders(const World& world, StockLedger& ledger, const ExtractWindow& extract, LandingFile& file) {
  int64_t t = extract.to;
  for (const PurchaseOrderLine& po : ledger.Get().purchase_orders()) {
    if (!po.ChangedIn(extract)) continue;
    int64_t received_at = po.LastReceiptAt(t);
    CsvLine line;
    line.Int(po.po_id).Int(po.po_line).Int(po.supplier_id).Int(po.warehouse_id).Int(po.product_id);
    line.Int(po.qty_ordered).Money(po.unit_cost).Timestamp(NetsuiteTimestamp(world, po.ordered_at));
    line.Timestamp(NetsuiteDate(po.expected_date));
    received_at == kNever ? line.Null() : line.Timestamp(NetsuiteTimestamp(world, received_at));
    line.Int(po.ReceivedAt(t)).Text(po.StatusAt(t)).Timestamp(NetsuiteTimestamp(world, po.UpdatedAt(t)));
    AddRow(world, extract, static_cast<uint64_t>(po.po_id) * 1000 + po.po_line, line, file);
  }
}

}  // namespace

void AddNetsuiteJobs(const World& world, const ExtractWindow& extract, const std::shared_ptr<StockLedger>& ledger,
                     std::vector<GenerateJob>* jobs) {
  jobs->push_back({"netsuite/suppliers", 0.01, [=, &world](LandingZone& zone) {
                     auto file = zone.Open("netsuite", "suppliers", extract.date, 0, LandingFormat::kCsv,
                                           {"supplier_id", "supplier_name", "country", "lead_time_days", "updated_at"});
                     WriteSuppliers(world, extract, *file);
                     file->Close();
                   }});
  jobs->push_back({"netsuite/purchase_orders", extract.backfill() ? 2 : 0.2, [=, &world](LandingZone& zone) {
                     auto file = zone.Open("netsuite", "purchase_orders", extract.date, 0, LandingFormat::kCsv,
                                           {"po_id", "po_line", "supplier_id", "warehouse_id", "product_id",
                                            "qty_ordered", "unit_cost", "ordered_at", "expected_at", "received_at",
                                            "qty_received", "status", "updated_at"});
                     WritePurchaseOrders(world, *ledger, extract, *file);
                     file->Close();
                   }});
}

}  // namespace stockroom
