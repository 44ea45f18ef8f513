// The B2B portal's accounts (spec §3.1, system `b2b_portal`): a legacy MySQL table exported
// as CSV with MySQL's local 'YYYY-MM-DD HH:MM:SS' timestamps (no offset).
#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>

#include "generate/landing_zone.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr int64_t kDay = kMicrosPerDayGen;
constexpr const char* kTiers[] = {"bronze", "silver", "gold", "platinum"};
constexpr double kTierWeights[] = {0.50, 0.30, 0.15, 0.05};
// Credit limits per tier, in dollars.
constexpr int64_t kCreditRange[][2] = {{5000, 15000}, {15000, 50000}, {50000, 150000}, {150000, 500000}};

// The wholesale team: each rep covers one region.
struct SalesRep {
  const char* name;
  const char* region;
};
constexpr SalesRep kSalesReps[] = {
    {"Dana Whitfield", "Northeast"}, {"Marcus Bell", "Northeast"},   {"Priya Raman", "Northeast"},
    {"Tom Okafor", "Southeast"},     {"Lucia Ferreira", "Southeast"}, {"Greg Lindqvist", "Midwest"},
    {"Hannah Cho", "Midwest"},       {"Rafael Ortiz", "Southwest"},   {"Jenna McAllister", "Southwest"},
    {"Kevin Tran", "West"},          {"Sofia Alvarez", "West"},       {"Brent Nakamura", "West"}};

// An account's terms from some instant on.
struct Terms {
  int64_t from;
  int tier;
  int64_t credit_limit;  // cents
  int32_t payment_terms_days;
};

// A B2B customer's portal account with its whole history of terms (at most three versions:
// opened, a tier review, a credit-limit raise).
struct Account {
  int64_t customer_id;
  std::string company_name;
  const char* sales_rep;
  const char* region;
  int64_t created_at;
  Terms versions[3];
  int count;
  const Terms& At(int64_t t) const {
    int i = 0;
    while (i + 1 < count && versions[i + 1].from <= t) i++;
    return versions[i];
  }
};

int64_t CreditFor(Rng& rng, int tier) {
  int64_t dollars = rng.Range(kCreditRange[tier][0], kCreditRange[tier][1]);
  return dollars / 1000 * 1000 * 100;
}

int32_t PaymentTermsFor(Rng& rng, int tier) {
  static constexpr int32_t kChoices[][2] = {{15, 30}, {30, 30}, {30, 45}, {45, 60}};
  return kChoices[tier][rng.Range(0, 1)];
}

Account MakeAccount(const World& world, int64_t customer_id) {
  Customer customer = world.MakeCustomer(customer_id);
  Rng rng(world.seed(), RandomStream::kAccount, customer_id);
  Account a;
  a.customer_id = customer_id;
  a.company_name = customer.company_name;
  // The region of the signup address: the portal never follows a customer's move.
  a.region = Cities()[customer.city].region;
  int in_region = 0;
  for (const auto& rep : kSalesReps) in_region += std::string_view(rep.region) == a.region;
  int pick = static_cast<int>(rng.Range(0, std::max(1, in_region) - 1));
  a.sales_rep = kSalesReps[0].name;
  for (const auto& rep : kSalesReps) {
    if (std::string_view(rep.region) == a.region && pick-- == 0) a.sales_rep = rep.name;
  }
  // Opened from the signup form a few minutes after the shop account.
  a.created_at = customer.created_at + rng.Range(30, 240) * kMicrosPerSecond;
  static const std::vector<double> kTierSums = Cumulative({std::begin(kTierWeights), std::end(kTierWeights)});
  int tier = static_cast<int>(rng.Pick(kTierSums));
  a.versions[0] = {a.created_at, tier, CreditFor(rng, tier), PaymentTermsFor(rng, tier)};
  a.count = 1;
  // Draw both possible changes up front, so one does not shift the other's draws.
  bool reviewed = rng.Chance(0.25), raised = rng.Chance(0.15);
  bool upgrade = rng.Chance(0.8);
  int64_t review_at = a.created_at + kDay + static_cast<int64_t>(rng.Exponential(365) * kDay);
  int64_t raise_at = a.created_at + kDay + static_cast<int64_t>(rng.Exponential(250) * kDay);
  double raise = 1.2 + 0.8 * rng.Uniform();
  Rng review_rng(world.seed(), RandomStream::kAccount, customer_id | 1ULL << 48);
  struct Change {
    int64_t at;
    bool review;
  };
  Change changes[2];
  int n = 0;
  if (reviewed) changes[n++] = {review_at, true};
  if (raised) changes[n++] = {raise_at, false};
  std::sort(changes, changes + n, [](const Change& x, const Change& y) { return x.at < y.at; });
  for (int i = 0; i < n; i++) {
    Terms next = a.versions[a.count - 1];
    next.from = changes[i].at;
    if (changes[i].review) {
      next.tier = std::clamp(next.tier + (upgrade ? 1 : -1), 0, 3);
      if (next.tier == a.versions[a.count - 1].tier) continue;  // no tier above platinum or below bronze
      next.credit_limit = CreditFor(review_rng, next.tier);
      next.payment_terms_days = PaymentTermsFor(review_rng, next.tier);
    } else {
      next.credit_limit = std::llround(next.credit_limit * raise / 100000.0) * 100000;
    }
    a.versions[a.count++] = next;
  }
  return a;
}

// Returns "YYYY-MM-DD HH:MM:SS", the shop's local time without an offset.
std::string MysqlTimestamp(const World& world, int64_t t) {
  std::string iso = world.FormatLocal(t);  // YYYY-MM-DDTHH:MM:SS±HH:MM
  iso[10] = ' ';
  iso.resize(19);
  return iso;
}

void WriteAccounts(const World& world, const ExtractWindow& extract, LandingFile& file) {
  int64_t t = extract.to;
  // An account opened just after the window's end lands in the next extract.
  int64_t customers = world.CustomersBy(t);
  int64_t account_id = 0;  // MySQL's auto-increment: accounts open in customer order
  for (int64_t id = 1; id <= customers; id++) {
    if (!world.IsB2b(id)) continue;
    account_id++;
    Account a = MakeAccount(world, id);
    if (a.created_at > t) continue;
    bool changed = extract.backfill() || extract.Contains(a.created_at);
    for (int i = 1; i < a.count && !changed; i++) changed = extract.Contains(a.versions[i].from);
    if (!changed) continue;
    const Terms& terms = a.At(t);
    CsvLine line;
    line.Int(account_id).Int(a.customer_id).Text(a.company_name).Text(kTiers[terms.tier]).Money(terms.credit_limit);
    line.Int(terms.payment_terms_days).Text(a.sales_rep).Text(a.region);
    line.Timestamp(MysqlTimestamp(world, a.created_at)).Timestamp(MysqlTimestamp(world, std::max(a.created_at, terms.from)));
    file.Add(line);
  }
}

}  // namespace

void AddB2bPortalJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs) {
  jobs->push_back({"b2b_portal/accounts", extract.backfill() ? 0.5 : 0.1, [=, &world](LandingZone& zone) {
                     auto file = zone.Open("b2b_portal", "accounts", extract.date, 0, LandingFormat::kCsv,
                                           {"account_id", "customer_id", "company_name", "tier", "credit_limit",
                                            "payment_terms_days", "sales_rep", "region", "created_at", "updated_at"});
                     WriteAccounts(world, extract, *file);
                     file->Close();
                   }});
}

}  // namespace stockroom
