// Zendesk's support tickets (spec §3.1, system `zendesk`): 2,000 a month at SF 1 on the
// order-volume curve, most about a recent web or B2B order and what went wrong with it,
// each moving new -> open -> pending -> solved -> closed and re-exported at every change.
#include <algorithm>
#include <cstdio>

#include "generate/landing_zone.hpp"
#include "generate/random.hpp"

namespace stockroom {

namespace {

constexpr int64_t kMinute = 60 * kMicrosPerSecond;
constexpr int64_t kDay = kMicrosPerDayGen;
constexpr int kHistoryMonths = 36;
constexpr int64_t kTicketsPerPart = 250000;
// How far back an increment looks for tickets that changed: past the latest close (a
// ticket is closed at most about 29 days after it was opened).
constexpr int64_t kTicketActivityDays = 40;
constexpr double kLinkedRate = 0.6;
// A linked ticket looks at this many recent orders and is about the first that had a
// problem (people write when something goes wrong), else about the first one.
constexpr int kCandidateOrders = 4;
// Agents type the order number into a text field; some type it as "#12345".
constexpr double kHashOrderIdRate = 0.02;
// Zendesk's default automations: the satisfaction survey goes out a day after solving,
// and a solved ticket is closed four days after solving.
constexpr int64_t kSurveyDelay = kDay;
constexpr int64_t kCloseDelay = 4 * kDay;

const char* kPriorities[] = {"low", "normal", "high", "urgent"};

// What a ticket is about, and whether the order behind it had something go wrong.
struct Topic {
  const char* category;
  bool problem;
  bool shipping;  // about the parcel: tagged with the carrier
};

// The ticket with everything that will ever happen to it; instants are kNever for events
// that do not happen.
struct Ticket {
  int64_t id;
  int64_t created_at, replied_at, pending_at, solved_at, offered_at, rated_at, closed_at;
  int64_t first_reply_minutes;
  const char* priority;
  const char* channel;
  Topic topic;
  int64_t order_id;  // 0: not about an order
  bool hash_order_id;
  bool good;         // the rating, once rated
  std::string requester_email;
  const char* tags[4];
  int tag_count = 0;

  const char* StatusAt(int64_t t) const {
    return closed_at <= t ? "closed" : solved_at <= t ? "solved" : pending_at <= t ? "pending"
                                     : replied_at <= t ? "open" : "new";
  }
  const char* ScoreAt(int64_t t) const {
    return rated_at <= t ? (good ? "good" : "bad") : offered_at <= t ? "offered" : "unoffered";
  }
  int64_t UpdatedAt(int64_t t) const {
    int64_t updated = created_at;
    for (int64_t event : {replied_at, pending_at, solved_at, offered_at, rated_at, closed_at}) {
      if (event <= t) updated = std::max(updated, event);
    }
    return updated;
  }
  bool ChangedIn(const ExtractWindow& window) const {
    if (created_at > window.to) return false;
    if (window.backfill()) return true;
    for (int64_t event : {created_at, replied_at, pending_at, solved_at, offered_at, rated_at, closed_at}) {
      if (window.Contains(event)) return true;
    }
    return false;
  }
};

int64_t TicketCount(const World& world) { return world.volumes().tickets_per_month * kHistoryMonths; }

// Tickets are numbered in time order along the order-volume curve, as orders are.
int64_t TicketCreatedAt(const World& world, int64_t id) {
  return world.TimeAtFraction((static_cast<double>(id) - 0.5) / static_cast<double>(TicketCount(world)));
}

int64_t TicketsBy(const World& world, int64_t t) {
  int64_t total = TicketCount(world);
  int64_t n = std::clamp<int64_t>(std::llround(world.FractionAt(t) * static_cast<double>(total)), 0, total);
  while (n < total && TicketCreatedAt(world, n + 1) <= t) n++;
  while (n > 0 && TicketCreatedAt(world, n) > t) n--;
  return n;
}

// Returns what a customer writes about an order as it stands at t.
Topic OrderTopic(const World& world, const Order& o, int64_t t) {
  if (o.payment_failed) return {"payment_issue", true, false};
  if (o.cancelled_at <= t) return {"cancellation", true, false};
  for (const OrderLine& l : o.lines) {
    if (l.return_received_at <= t) return {"refund_status", true, false};
  }
  for (const OrderLine& l : o.lines) {
    if (l.return_requested_at > t) continue;
    if (l.return_reason == ReturnReason::kDamaged) return {"damaged_item", true, false};
    if (l.return_reason == ReturnReason::kWrongItem) return {"wrong_item", true, false};
    return {"return_request", true, false};
  }
  for (const ShipmentException& e : o.exceptions) {
    if (e.at > t) continue;
    std::string_view code = e.code;
    if (code == "damaged_in_transit") return {"damaged_item", true, true};
    if (code == "address_issue") return {"address_change", true, true};
    return {"where_is_my_order", true, true};
  }
  bool overdue = world.LocalDate(std::min(o.delivered_at, t)) > o.promised_date;
  if (o.delivered_at <= t) {
    return overdue ? Topic{"where_is_my_order", true, true} : Topic{"product_question", false, false};
  }
  if (o.shipped_at <= t) return {"where_is_my_order", overdue, true};
  return {"order_change", false, false};
}

Topic GeneralTopic(Rng& rng, bool b2b) {
  if (b2b && rng.Chance(0.5)) return {"b2b_pricing", false, false};
  double u = rng.Uniform();
  const char* category = u < 0.35 ? "product_question" : u < 0.50 ? "account" : u < 0.62 ? "shipping_policy"
                         : u < 0.74 ? "warranty" : u < 0.84 ? "feedback" : "other";
  return {category, false, false};
}

// Picks the order a linked ticket is about among web and B2B orders placed in the 30 days
// before it (marketplace buyers write to Amazon or Walmart). Returns its id, or 0 if there
// is none.
int64_t PickOrder(const World& world, Rng& rng, int64_t created_at, Order* chosen, Topic* topic) {
  int64_t lo = world.OrdersBy(created_at - 30 * kDay) + 1;
  int64_t hi = world.OrdersBy(created_at - 2 * kMicrosPerHour);
  if (hi < lo) return 0;
  int64_t picked = 0;
  int candidates = 0;
  for (int draw = 0; draw < 3 * kCandidateOrders && candidates < kCandidateOrders; draw++) {
    Order o = world.MakeOrder(rng.Range(lo, hi));
    if (o.channel != SalesChannel::kWeb && o.channel != SalesChannel::kB2bPortal) continue;
    candidates++;
    Topic t = OrderTopic(world, o, created_at);
    if (picked == 0 || (t.problem && !topic->problem)) {
      picked = o.id;
      *topic = t;
      *chosen = std::move(o);
      if (t.problem) break;
    }
  }
  return picked;
}

void AddTag(Ticket* ticket, const char* tag) {
  if (tag && ticket->tag_count < 4) ticket->tags[ticket->tag_count++] = tag;
}

Ticket MakeTicket(const World& world, int64_t id) {
  Rng rng(world.seed(), RandomStream::kTicket, static_cast<uint64_t>(id));
  Ticket k;
  k.id = id;
  k.created_at = TicketCreatedAt(world, id);
  k.order_id = 0;
  k.hash_order_id = false;
  int64_t customer_id = 0;
  const char* order_tag = nullptr;
  const char* carrier = nullptr;
  if (rng.Chance(kLinkedRate)) {
    Order order;
    k.order_id = PickOrder(world, rng, k.created_at, &order, &k.topic);
    if (k.order_id) {
      customer_id = order.customer_id;
      order_tag = order.channel == SalesChannel::kB2bPortal ? "b2b_order" : "web_order";
      carrier = k.topic.shipping ? order.carrier : nullptr;
      k.hash_order_id = rng.Chance(kHashOrderIdRate);
    }
  }
  if (customer_id == 0) {
    // Someone who is a customer by then, recent ones more often (as World picks buyers).
    int64_t available = std::max<int64_t>(1, world.CustomersBy(k.created_at));
    double u = rng.Uniform();
    customer_id = std::clamp<int64_t>(available - static_cast<int64_t>(u * u * static_cast<double>(available)), 1,
                                      available);
  }
  Customer customer = world.MakeCustomer(customer_id);
  k.requester_email = std::move(customer.email);
  if (k.order_id == 0) k.topic = GeneralTopic(rng, customer.b2b);

  double c = rng.Uniform();
  k.channel = c < 0.40 ? "email" : c < 0.70 ? "web" : c < 0.90 ? "chat" : "phone";
  double p = rng.Uniform();
  int level = p < 0.20 ? 0 : p < 0.75 ? 1 : p < 0.95 ? 2 : 3;
  std::string_view category = k.topic.category;
  bool serious = category == "damaged_item" || category == "payment_issue" || customer.b2b;
  if (serious && rng.Chance(0.5)) level = std::min(3, level + 1);
  k.priority = kPriorities[level];

  // The first reply: live on the phone, minutes in chat, hours by email and web form.
  double minutes;
  std::string_view channel = k.channel;
  if (channel == "phone") {
    minutes = static_cast<double>(rng.Range(0, 3));
  } else if (channel == "chat") {
    minutes = std::max(1.0, rng.LogNormal(3, 0.7));
  } else {
    minutes = std::clamp(rng.LogNormal(180, 1.0) * (level == 3 ? 0.25 : level == 2 ? 0.5 : 1.0), 5.0, 4320.0);
  }
  k.first_reply_minutes = std::llround(minutes);
  k.replied_at = k.created_at + k.first_reply_minutes * kMinute;
  // Half the tickets wait on the customer (a photo, an address) before they are solved.
  k.pending_at = rng.Chance(0.55) ? k.replied_at + static_cast<int64_t>((1 + rng.Exponential(180)) * kMinute) : kNever;
  double solve_days = category == "refund_status" || category == "return_request" ? 2.0
                      : category == "product_question" || category == "shipping_policy" ? 0.5 : 1.0;
  int64_t work = static_cast<int64_t>(std::min(21.0, rng.Exponential(solve_days)) * kDay);
  k.solved_at = (k.pending_at != kNever ? k.pending_at : k.replied_at) + 10 * kMinute + work;
  k.closed_at = k.solved_at + kCloseDelay + rng.Range(0, 59) * kMinute;
  // Phone calls are rarely surveyed; a third of those asked answer, before the close.
  bool offered = channel != "phone" || rng.Chance(0.3);
  k.offered_at = offered ? k.solved_at + kSurveyDelay : kNever;
  k.rated_at = offered && rng.Chance(0.35)
                   ? k.offered_at + static_cast<int64_t>(std::min(60.0, rng.Exponential(8)) * kMicrosPerHour)
                   : kNever;
  double good = k.topic.problem ? 0.65 : 0.88;
  if (k.first_reply_minutes > 24 * 60) good *= 0.7;
  k.good = rng.Chance(good);

  AddTag(&k, k.topic.category);
  AddTag(&k, order_tag);
  AddTag(&k, customer.b2b ? "b2b" : nullptr);
  AddTag(&k, carrier);
  return k;
}

void WriteTicket(const Ticket& k, int64_t t, LandingFile& file) {
  JsonLine line;
  line.Key("id").Int(k.id).Key("created_at").UtcTime(k.created_at).Key("updated_at").UtcTime(k.UpdatedAt(t));
  line.Key("status").String(k.StatusAt(t)).Key("priority").String(k.priority);
  line.Key("via").BeginObject().Key("channel").String(k.channel).EndObject();
  line.Key("requester_email").String(k.requester_email);
  line.Key("custom_fields").BeginObject().Key("order_id");
  if (k.order_id) {
    char text[24];
    int size = std::snprintf(text, sizeof text, "%s%lld", k.hash_order_id ? "#" : "",
                             static_cast<long long>(k.order_id));
    line.String(std::string_view(text, size));
  } else {
    line.Null();
  }
  line.EndObject();
  line.Key("tags").BeginArray();
  for (int i = 0; i < k.tag_count; i++) line.String(k.tags[i]);
  line.EndArray();
  line.Key("category").String(k.topic.category);
  line.Key("first_reply_time_minutes");
  k.replied_at <= t ? line.Int(k.first_reply_minutes) : line.Null();
  line.Key("solved_at");
  k.solved_at <= t ? line.UtcTime(k.solved_at) : line.Null();
  line.Key("satisfaction_rating").BeginObject().Key("score").String(k.ScoreAt(t)).EndObject();
  file.Add(line);
}

}  // namespace

void AddZendeskJobs(const World& world, const ExtractWindow& extract, std::vector<GenerateJob>* jobs) {
  int64_t first = 1;
  if (!extract.backfill()) first = TicketsBy(world, extract.from - kTicketActivityDays * kDay) + 1;
  int64_t last = TicketsBy(world, extract.to);
  for (int part = 0; first <= last; first += kTicketsPerPart, part++) {
    int64_t chunk_last = std::min(last, first + kTicketsPerPart - 1);
    double cost = static_cast<double>(chunk_last - first + 1) / 40000;
    jobs->push_back({"zendesk/tickets", cost, [=, &world](LandingZone& zone) {
                       auto file = zone.Open("zendesk", "tickets", extract.date, part, LandingFormat::kNdjson);
                       for (int64_t id = first; id <= chunk_last; id++) {
                         Ticket ticket = MakeTicket(world, id);
                         if (ticket.ChangedIn(extract)) WriteTicket(ticket, extract.to, *file);
                       }
                       file->Close();
                     }});
  }
}

}  // namespace stockroom
