// The shop database's customers, products and warehouses (spec §3.1, system `shop`).
#include <algorithm>

#include "generate/landing_zone.hpp"

namespace stockroom {

namespace {

constexpr int64_t kCustomersPerPart = 250000;

void WriteCustomers(const World& world, const ExtractWindow& extract, int64_t first, int64_t last, LandingFile& file) {
  for (int64_t id = first; id <= last; id++) {
    Customer c = world.MakeCustomer(id);
    if (c.created_at > extract.to) break;  // ids are in creation order
    bool changed = extract.backfill() || extract.Contains(c.created_at) || extract.Contains(c.moved_at) ||
                   extract.Contains(c.opt_in_changed_at);
    if (!changed) continue;
    int64_t t = extract.to;
    const City& city = Cities()[c.CityAt(t)];
    CsvLine line;
    line.Int(c.id).Text(c.email).Text(c.first_name).Text(c.last_name);
    c.phone.empty() ? line.Null() : line.Text(c.phone);
    line.Text(c.b2b ? "b2b" : "b2c");
    c.company_name.empty() ? line.Null() : line.Text(c.company_name);
    line.Text(city.name).Text(city.state).Text(c.ZipAt(t)).Text("US").Bool(c.OptInAt(t));
    line.Timestamp(world.FormatLocal(c.created_at)).Timestamp(world.FormatLocal(c.UpdatedAt(t)));
    file.Add(line);
  }
}

void WriteProducts(const World& world, const ExtractWindow& extract, LandingFile& file) {
  for (const Product& p : world.products()) {
    if (p.created_at > extract.to) continue;
    bool changed = extract.backfill() || extract.Contains(p.created_at) || extract.Contains(p.repriced_at) ||
                   extract.Contains(p.discontinued_at);
    if (!changed) continue;
    int64_t t = extract.to;
    CsvLine line;
    line.Int(p.id).Text(p.sku).Text(p.name).Text(Categories()[p.category].name).Text(p.subcategory).Text(p.brand);
    line.Int(p.supplier_id).Money(p.UnitCostAt(t)).Money(p.ListPriceAt(t)).Fixed(p.weight_kg, 2);
    line.Bool(p.discontinued_at > t);
    line.Timestamp(world.FormatLocal(p.created_at)).Timestamp(world.FormatLocal(p.UpdatedAt(t)));
    file.Add(line);
  }
}

}  // namespace

void AddShopJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs) {
  int64_t customers = world.CustomersBy(extract.to);
  for (int64_t first = 1, part = 0; first <= customers; first += kCustomersPerPart, part++) {
    int64_t last = std::min(customers, first + kCustomersPerPart - 1);
    jobs->push_back({"shop/customers", static_cast<double>(last - first + 1) / 250000, [=, &world](LandingZone& zone) {
                       auto file = zone.Open("shop", "customers", extract.date, static_cast<int>(part), LandingFormat::kCsv,
                                             {"customer_id", "email", "first_name", "last_name", "phone", "customer_type",
                                              "company_name", "address_city", "address_state", "address_zip", "country",
                                              "marketing_opt_in", "created_at", "updated_at"});
                       WriteCustomers(world, extract, first, last, *file);
                       file->Close();
                     }});
  }
  jobs->push_back({"shop/products", 0.05, [=, &world](LandingZone& zone) {
                     auto file = zone.Open("shop", "products", extract.date, 0, LandingFormat::kCsv,
                                           {"product_id", "sku", "product_name", "category", "subcategory", "brand",
                                            "supplier_id", "unit_cost", "list_price", "weight_kg", "is_active",
                                            "created_at", "updated_at"});
                     WriteProducts(world, extract, *file);
                     file->Close();
                   }});
  if (!extract.backfill()) return;
  jobs->push_back({"shop/warehouses", 0, [=](LandingZone& zone) {
                     auto file = zone.Open("shop", "warehouses", extract.date, 0, LandingFormat::kCsv,
                                           {"warehouse_id", "code", "name", "city", "state", "zip"});
                     for (const Warehouse& w : Warehouses()) {
                       CsvLine line;
                       line.Int(w.id).Text(w.code).Text(w.name).Text(w.city).Text(w.state).Text(w.zip);
                       file->Add(line);
                     }
                     file->Close();
                   }});
}

}  // namespace stockroom
