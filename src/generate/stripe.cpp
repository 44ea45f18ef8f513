// Stripe's charges, refunds and disputes (spec §3.1, system `stripe`): one charge per web
// and B2B portal order, a refund per received return and per cancelled paid order, and a
// few disputes, as Stripe API objects (amounts in cents, `created` in epoch seconds UTC).
#include <algorithm>
#include <charconv>

#include "generate/landing_zone.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr int64_t kUnixEpochSeconds = 946684800;  // 2000-01-01 in Unix seconds
// Chosen so that 0.3% of all succeeded charges are disputed although the 2.5% refunded by a
// cancellation never are.
constexpr double kDisputeRate = 0.003 / 0.975;

// A Stripe object id: a prefix and 24 base62 characters, kept inline (no allocation).
struct StripeId {
  char text[32];
  std::string_view view() const { return text; }
};

StripeId MakeId(Rng& rng, const char* prefix) {
  static const char kAlphabet[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  StripeId id;
  size_t n = 0;
  for (const char* p = prefix; *p;) id.text[n++] = *p++;
  for (int i = 0; i < 24; i++) id.text[n++] = kAlphabet[rng.Next() % 62];
  id.text[n] = '\0';
  return id;
}

struct Refund {
  StripeId id;
  int64_t amount;      // cents
  int64_t created;
  const char* reason;
  int64_t return_id;   // 0: the refund of a cancelled order
};

// The charge of one order with everything that will ever happen to it, as World::MakeOrder
// gives the order: refunds in time order and an optional dispute. Instants are kNever for
// events that do not happen.
struct Charge {
  StripeId id;
  int64_t created;
  bool succeeded;
  int64_t amount;  // cents
  const char* brand;
  const char* country;
  const char* risk_level;
  std::vector<Refund> refunds;
  bool disputed = false;
  StripeId dispute_id;
  const char* dispute_reason = nullptr;
  int64_t dispute_created = kNever, dispute_reviewed = kNever, dispute_closed = kNever;
  bool dispute_won = false;

  int64_t RefundedAt(int64_t t) const {
    int64_t sum = 0;
    for (const Refund& r : refunds) sum += r.created <= t ? r.amount : 0;
    return sum;
  }
  const char* DisputeStatusAt(int64_t t) const {
    if (t >= dispute_closed) return dispute_won ? "won" : "lost";
    return t >= dispute_reviewed ? "under_review" : "needs_response";
  }
};

bool HasCharge(const Order& o) { return o.channel == SalesChannel::kWeb || o.channel == SalesChannel::kB2bPortal; }

const char* PickBrand(Rng& rng, bool b2b) {
  double u = rng.Uniform();
  if (b2b) return u < 0.40 ? "visa" : u < 0.65 ? "mastercard" : u < 0.95 ? "amex" : "discover";
  return u < 0.50 ? "visa" : u < 0.78 ? "mastercard" : u < 0.93 ? "amex" : "discover";
}

const char* PickCountry(Rng& rng) {
  double u = rng.Uniform();
  return u < 0.95 ? "US" : u < 0.98 ? "CA" : u < 0.99 ? "GB" : u < 0.995 ? "MX" : "DE";
}

// Returns Radar's risk level; orders cancelled after payment and declined cards are riskier.
const char* PickRisk(Rng& rng, bool suspicious) {
  double u = rng.Uniform();
  if (suspicious) return u < 0.65 ? "normal" : u < 0.85 ? "elevated" : "highest";
  return u < 0.945 ? "normal" : u < 0.99 ? "elevated" : "highest";
}

bool DeliveredLate(const World& world, const Order& o) {
  return o.delivered_at != kNever && world.LocalDate(o.delivered_at) > o.promised_date;
}

void MakeDispute(const World& world, const Order& o, Rng& rng, Charge* c) {
  c->disputed = true;
  c->dispute_id = MakeId(rng, "dp_");
  bool late = DeliveredLate(world, o);
  double u = rng.Uniform();
  c->dispute_reason = late && u < 0.5 ? "product_not_received"
                      : u < 0.55      ? "fraudulent"
                      : u < 0.70      ? "product_not_received"
                      : u < 0.85      ? "product_unacceptable"
                      : u < 0.92      ? "duplicate"
                                      : "general";
  auto days = [&](int lo, int hi) {
    return rng.Range(lo, hi) * kMicrosPerDayGen + rng.Range(0, 86399) * kMicrosPerSecond;
  };
  // Within 150 days of the order, the span the order jobs of an increment look back.
  c->dispute_created = c->created + days(10, 60);
  c->dispute_reviewed = c->dispute_created + days(3, 14);
  c->dispute_closed = c->dispute_reviewed + days(20, 60);
  // The retailer wins with proof of delivery, rarely against a claim of card fraud.
  double win = std::string_view(c->dispute_reason) == "fraudulent" ? 0.3 : late ? 0.35 : 0.65;
  c->dispute_won = rng.Chance(win);
}

Charge MakeCharge(const World& world, const Order& o) {
  Rng rng(world.seed(), RandomStream::kPayment, static_cast<uint64_t>(o.id));
  Charge c;
  c.id = MakeId(rng, "ch_");
  c.succeeded = !o.payment_failed;
  c.created = c.succeeded ? o.paid_at : o.cancelled_at;
  c.amount = o.total();
  c.brand = PickBrand(rng, o.channel == SalesChannel::kB2bPortal);
  c.country = PickCountry(rng);
  bool cancelled_paid = c.succeeded && o.cancelled_at != kNever;
  c.risk_level = PickRisk(rng, !c.succeeded || cancelled_paid);
  if (!c.succeeded) return c;
  if (cancelled_paid) {
    const char* reason = std::string_view(c.risk_level) == "highest" ? "fraudulent"
                         : rng.Chance(0.12)                          ? "duplicate"
                                                                     : "requested_by_customer";
    c.refunds.push_back({MakeId(rng, "re_"), c.amount, o.cancelled_at, reason, 0});
    return c;
  }
  // Risky charges are disputed five times as often; the average stays at kDisputeRate.
  double dispute_rate = kDisputeRate * (std::string_view(c.risk_level) == "normal" ? 0.77 : 5.0);
  if (rng.Chance(dispute_rate)) MakeDispute(world, o, rng, &c);
  for (const OrderLine& line : o.lines) {
    if (line.returned_quantity == 0) continue;
    c.refunds.push_back({MakeId(rng, "re_"), line.refund, line.return_received_at, "requested_by_customer",
                         line.return_id()});
  }
  std::stable_sort(c.refunds.begin(), c.refunds.end(),
                   [](const Refund& a, const Refund& b) { return a.created < b.created; });
  return c;
}

int64_t EpochSeconds(int64_t t) { return t / kMicrosPerSecond + kUnixEpochSeconds; }

// Stripe metadata values are strings, so ids arrive as "12345".
void MetadataId(JsonLine& line, const char* key, int64_t id) {
  char text[24];
  char* end = std::to_chars(text, text + sizeof text, id).ptr;
  line.Key(key).String(std::string_view(text, end - text));
}

void WriteCharge(const World& world, const Order& o, const ExtractWindow& extract, LandingFile& file) {
  if (!HasCharge(o)) return;
  int64_t created = o.payment_failed ? o.cancelled_at : o.paid_at;
  if (created > extract.to) return;
  Charge c = MakeCharge(world, o);
  bool changed = extract.backfill() || extract.Contains(c.created);
  for (const Refund& r : c.refunds) changed = changed || extract.Contains(r.created);
  if (!changed) return;
  int64_t refunded = c.RefundedAt(extract.to);
  JsonLine line;
  line.Key("id").String(c.id.view()).Key("object").String("charge").Key("amount").Int(c.amount);
  line.Key("amount_refunded").Int(refunded).Key("currency").String("usd").Key("created").Int(EpochSeconds(c.created));
  line.Key("status").String(c.succeeded ? "succeeded" : "failed").Key("paid").Bool(c.succeeded);
  line.Key("refunded").Bool(c.succeeded && refunded >= c.amount);
  line.Key("metadata").BeginObject();
  MetadataId(line, "order_id", o.id);
  line.EndObject();
  line.Key("payment_method_details").BeginObject().Key("card").BeginObject();
  line.Key("brand").String(c.brand).Key("country").String(c.country).EndObject().EndObject();
  line.Key("outcome").BeginObject().Key("risk_level").String(c.risk_level).EndObject();
  file.Add(line);
}

void WriteRefunds(const World& world, const Order& o, const ExtractWindow& extract, LandingFile& file) {
  if (!HasCharge(o) || o.payment_failed || o.paid_at > extract.to) return;
  // Only cancelled or returned orders have refunds: skip the rest without building the charge.
  bool any = o.cancelled_at != kNever;
  for (const OrderLine& l : o.lines) any = any || l.returned_quantity > 0;
  if (!any) return;
  Charge c = MakeCharge(world, o);
  for (const Refund& r : c.refunds) {
    if (!(extract.backfill() ? r.created <= extract.to : extract.Contains(r.created))) continue;
    JsonLine line;
    line.Key("id").String(r.id.view()).Key("charge").String(c.id.view()).Key("amount").Int(r.amount);
    line.Key("created").Int(EpochSeconds(r.created)).Key("reason").String(r.reason);
    line.Key("metadata").BeginObject();
    MetadataId(line, "order_id", o.id);
    if (r.return_id) {
      MetadataId(line, "return_id", r.return_id);
    } else {
      line.Key("return_id").Null();
    }
    line.EndObject();
    file.Add(line);
  }
}

void WriteDisputes(const World& world, const Order& o, const ExtractWindow& extract, LandingFile& file) {
  if (!HasCharge(o) || o.payment_failed || o.cancelled_at != kNever || o.paid_at > extract.to) return;
  Charge c = MakeCharge(world, o);
  if (!c.disputed || c.dispute_created > extract.to) return;
  bool changed = extract.backfill() || extract.Contains(c.dispute_created) || extract.Contains(c.dispute_reviewed) ||
                 extract.Contains(c.dispute_closed);
  if (!changed) return;
  JsonLine line;
  line.Key("id").String(c.dispute_id.view()).Key("charge").String(c.id.view()).Key("amount").Int(c.amount);
  line.Key("created").Int(EpochSeconds(c.dispute_created)).Key("reason").String(c.dispute_reason);
  line.Key("status").String(c.DisputeStatusAt(extract.to));
  file.Add(line);
}

}  // namespace

const std::vector<OrderTable>& StripeTables() {
  static const std::vector<OrderTable> kTables = {
      {"stripe", "charges", LandingFormat::kNdjson, {}, WriteCharge},
      {"stripe", "refunds", LandingFormat::kNdjson, {}, WriteRefunds},
      {"stripe", "disputes", LandingFormat::kNdjson, {}, WriteDisputes},
  };
  return kTables;
}

}  // namespace stockroom
