// ShipStation's shipments (spec §3.1, system `shipstation`): one label per order the
// retailer's warehouses ship, re-exported when a carrier exception is scanned and when the
// parcel is delivered; a few voided labels as extra rows.
#include <charconv>
#include <cstring>

#include "generate/landing_zone.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

// Share of shipments whose first label was voided (a wrong address or service) and bought
// again: the voided label stays in the export as its own row.
constexpr double kVoidedRate = 0.002;
constexpr int64_t kShipmentIdBase = 100000000;

struct TrackingNumber {
  char text[32];
  std::string_view view() const { return text; }
};

// Returns a tracking number in the carrier's format: UPS 1Z + shipper account + service +
// package, FedEx 12 digits, USPS 22 digits starting 9400.
TrackingNumber MakeTracking(Rng& rng, const char* carrier, int32_t warehouse_id) {
  static const char* kUpsAccounts[] = {"4R8W26", "4R8W27", "4R8W28"};
  TrackingNumber number;
  size_t n = 0;
  auto digits = [&](int count) {
    for (int i = 0; i < count; i++) number.text[n++] = static_cast<char>('0' + rng.Next() % 10);
  };
  auto append = [&](const char* text) {
    size_t size = std::strlen(text);
    std::memcpy(number.text + n, text, size);
    n += size;
  };
  if (std::strcmp(carrier, "ups") == 0) {
    append("1Z");
    append(kUpsAccounts[(warehouse_id - 1) % 3]);
    append("03");
    digits(8);
  } else if (std::strcmp(carrier, "fedex") == 0) {
    digits(12);
  } else {
    append("9400");
    digits(18);
  }
  number.text[n] = '\0';
  return number;
}

void WriteRow(const Order& o, int64_t shipment_id, bool voided, std::string_view tracking,
              int64_t t, LandingFile& file) {
  JsonLine line;
  // ShipStation's order numbers are strings.
  char number[24];
  char* end = std::to_chars(number, number + sizeof number, o.id).ptr;
  line.Key("shipmentId").Int(shipment_id).Key("orderNumber").String(std::string_view(number, end - number));
  line.Key("carrierCode").String(o.carrier).Key("serviceCode").String(o.service);
  line.Key("warehouseId").Int(o.warehouse_id).Key("shipDate").UtcTime(o.shipped_at);
  line.Key("promisedDate").Date(o.promised_date);
  bool delivered = !voided && o.delivered_at <= t;
  line.Key("deliveryDate");
  delivered ? line.UtcTime(o.delivered_at) : line.Null();
  line.Key("shipTo").BeginObject().Key("postalCode").String(o.ship_zip);
  line.Key("state").String(Cities()[o.ship_city].state).EndObject();
  line.Key("shipmentCost").Double(static_cast<double>(o.shipment_cost) / 100, 2);
  line.Key("voided").Bool(voided).Key("trackingNumber").String(tracking);
  line.Key("exceptions").BeginArray();
  for (const ShipmentException& e : o.exceptions) {
    if (voided || e.at > t) continue;
    line.BeginObject().Key("code").String(e.code).Key("at").UtcTime(e.at).EndObject();
  }
  line.EndArray();
  file.Add(line);
}

void WriteShipment(const World& world, const Order& o, const ExtractWindow& extract, LandingFile& file) {
  if (!o.via_shipstation || o.shipped_at > extract.to) return;
  bool shipped_now = extract.backfill() || extract.Contains(o.shipped_at);
  bool changed = shipped_now || extract.Contains(o.delivered_at);
  for (const ShipmentException& e : o.exceptions) changed = changed || extract.Contains(e.at);
  if (!changed) return;
  Rng rng(world.seed(), RandomStream::kShipment, static_cast<uint64_t>(o.id));
  TrackingNumber tracking = MakeTracking(rng, o.carrier, o.warehouse_id);
  if (rng.Chance(kVoidedRate) && shipped_now) {
    // The voided label was bought first, so it has the lower id; it never changes again.
    TrackingNumber voided_tracking = MakeTracking(rng, o.carrier, o.warehouse_id);
    WriteRow(o, kShipmentIdBase + 2 * o.id, true, voided_tracking.view(), extract.to, file);
  }
  WriteRow(o, kShipmentIdBase + 2 * o.id + 1, false, tracking.view(), extract.to, file);
}

}  // namespace

const std::vector<OrderTable>& ShipstationTables() {
  static const std::vector<OrderTable> kTables = {
      {"shipstation", "shipments", LandingFormat::kNdjson, {}, WriteShipment},
  };
  return kTables;
}

}  // namespace stockroom
