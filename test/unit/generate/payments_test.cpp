// The stripe, shipstation and zendesk landing tables of `stockroom generate` as a warehouse
// engineer would check them: exact keys of spec §3.1, ids that join to the shop's orders,
// returns and customers, the documented dirt rates, increments that re-export changed rows,
// and byte-identical output for any thread count.
#include <sstream>
#include <string>
#include <vector>

#include "generate/landing_test_support.hpp"

namespace stockroom {
namespace {

namespace fs = std::filesystem;

class GeneratePaymentsTest : public GeneratedLandingTest {
 protected:
  static void SetUpTestSuite() {
    GenerateLanding();
    // The raw tables, one per landing table and extract: `<table>_<n>` with n = 0 for the
    // backfill and 1..kIncrements for the days after it.
    for (int n = 0; n <= kIncrements; n++) {
      std::string suffix = "_" + std::to_string(n);
      std::string date = Date(n);
      Load("shop/orders", date, "orders" + suffix,
           "order_id bigint, customer_id bigint, order_ts timestamptz, channel text, status text, warehouse_id int, "
           "ship_city text, ship_state text, ship_zip text, promo_code text, subtotal numeric(12,2), "
           "discount_total numeric(12,2), shipping_fee numeric(12,2), tax numeric(12,2), total numeric(12,2), "
           "ga_session_id bigint, updated_at timestamptz",
           "FORMAT csv, IGNOREHEADER 1");
      Load("shop/returns", date, "returns" + suffix,
           "return_id bigint, order_item_id bigint, order_id bigint, quantity int, reason text, "
           "requested_at timestamptz, received_at timestamptz, refund_amount numeric(12,2), restocked boolean",
           "FORMAT csv, IGNOREHEADER 1");
      Load("stripe/charges", date, "charges" + suffix,
           "id text, object text, amount bigint, amount_refunded bigint, currency text, created bigint, status text, "
           "paid boolean, refunded boolean, \"metadata.order_id\" text, \"payment_method_details.card.brand\" text, "
           "\"payment_method_details.card.country\" text, \"outcome.risk_level\" text",
           "FORMAT json");
      Load("stripe/refunds", date, "refunds" + suffix,
           "id text, charge text, amount bigint, created bigint, reason text, \"metadata.order_id\" text, "
           "\"metadata.return_id\" text",
           "FORMAT json");
      Load("stripe/disputes", date, "disputes" + suffix,
           "id text, charge text, amount bigint, created bigint, reason text, status text", "FORMAT json");
      Load("shipstation/shipments", date, "shipments" + suffix,
           "\"shipmentId\" bigint, \"orderNumber\" text, \"carrierCode\" text, \"serviceCode\" text, "
           "\"warehouseId\" int, \"shipDate\" timestamptz, \"promisedDate\" date, \"deliveryDate\" timestamptz, "
           "\"shipTo.postalCode\" text, \"shipTo.state\" text, \"shipmentCost\" numeric(10,2), voided boolean, "
           "\"trackingNumber\" text, exceptions json",
           "FORMAT json");
      Load("zendesk/tickets", date, "tickets" + suffix,
           "id bigint, created_at timestamptz, updated_at timestamptz, status text, priority text, "
           "\"via.channel\" text, requester_email text, \"custom_fields.order_id\" text, tags json, category text, "
           "first_reply_time_minutes int, solved_at timestamptz, \"satisfaction_rating.score\" text",
           "FORMAT json");
    }
    Load("shop/customers", Date(0), "customers",
         "customer_id bigint, email text, first_name text, last_name text, phone text, customer_type text, "
         "company_name text, address_city text, address_state text, address_zip text, country text, "
         "marketing_opt_in boolean, created_at timestamptz, updated_at timestamptz",
         "FORMAT csv, IGNOREHEADER 1");
  }
};

using Keys = std::vector<std::string>;

TEST_F(GeneratePaymentsTest, KeysAreExactlyTheSpecs) {
  EXPECT_EQ(KeyPaths(FirstLine(Root(), "stripe/charges", Date(0))),
            (Keys{"id", "object", "amount", "amount_refunded", "currency", "created", "status", "paid", "refunded",
                  "metadata.order_id", "payment_method_details.card.brand", "payment_method_details.card.country",
                  "outcome.risk_level"}));
  EXPECT_EQ(KeyPaths(FirstLine(Root(), "stripe/refunds", Date(0))),
            (Keys{"id", "charge", "amount", "created", "reason", "metadata.order_id", "metadata.return_id"}));
  EXPECT_EQ(KeyPaths(FirstLine(Root(), "stripe/disputes", Date(0))),
            (Keys{"id", "charge", "amount", "created", "reason", "status"}));
  EXPECT_EQ(KeyPaths(FirstLine(Root(), "shipstation/shipments", Date(0))),
            (Keys{"shipmentId", "orderNumber", "carrierCode", "serviceCode", "warehouseId", "shipDate", "promisedDate",
                  "deliveryDate", "shipTo.postalCode", "shipTo.state", "shipmentCost", "voided", "trackingNumber",
                  "exceptions"}));
  EXPECT_EQ(KeyPaths(FirstLine(Root(), "zendesk/tickets", Date(0))),
            (Keys{"id", "created_at", "updated_at", "status", "priority", "via.channel", "requester_email",
                  "custom_fields.order_id", "tags", "category", "first_reply_time_minutes", "solved_at",
                  "satisfaction_rating.score"}));
}

TEST_F(GeneratePaymentsTest, OneChargePerWebAndB2bOrderForItsTotalInCents) {
  EXPECT_GT(Number("SELECT count(*) FROM charges_0"), 10000);
  // Every charge is a web or B2B order's, and every such order has exactly one.
  EXPECT_EQ(Q("SELECT count(*) FROM charges_0 c LEFT JOIN orders_0 o ON o.order_id = c.\"metadata.order_id\"::bigint "
              "WHERE o.order_id IS NULL OR o.channel NOT IN ('web', 'b2b_portal')"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM orders_0 o WHERE channel IN ('web', 'b2b_portal') AND (SELECT count(*) FROM "
              "charges_0 c WHERE c.\"metadata.order_id\"::bigint = o.order_id) <> 1"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM charges_0 c JOIN orders_0 o ON o.order_id = c.\"metadata.order_id\"::bigint "
              "WHERE c.amount <> o.total * 100"),
            "0");
  EXPECT_EQ(Q("SELECT count(DISTINCT id), count(*) FILTER (WHERE left(id, 3) = 'ch_' AND length(id) = 27) FROM "
              "charges_0"),
            Q("SELECT count(*), count(*) FROM charges_0"));
  // Declined cards: a failed charge, unpaid, on an order that was cancelled for it.
  EXPECT_EQ(Q("SELECT DISTINCT c.status, paid, o.status FROM charges_0 c JOIN orders_0 o ON o.order_id = "
              "c.\"metadata.order_id\"::bigint WHERE c.status = 'failed'"),
            "failed|f|cancelled");
  double failed = Number("SELECT avg((status = 'failed')::int) FROM charges_0");
  EXPECT_GT(failed, 0.005);
  EXPECT_LT(failed, 0.02);
  // `created` is epoch seconds within the three years of history.
  EXPECT_EQ(Q("SELECT min(to_timestamp(created)) >= '2023-01-01T00:00:00-05:00'::timestamptz, "
              "max(to_timestamp(created)) < '2025-12-29T00:00:00-05:00'::timestamptz FROM charges_0"),
            "t|t");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT \"outcome.risk_level\", ',' ORDER BY \"outcome.risk_level\"), "
              "string_agg(DISTINCT \"payment_method_details.card.brand\", ',' ORDER BY "
              "\"payment_method_details.card.brand\") FROM charges_0"),
            "elevated,highest,normal|amex,discover,mastercard,visa");
  EXPECT_GT(Number("SELECT avg((\"payment_method_details.card.country\" = 'US')::int) FROM charges_0"), 0.9);
}

TEST_F(GeneratePaymentsTest, RefundsMatchReturnsAndCancellationsAndAddUpOnTheCharge) {
  // One refund per received return, for its refund amount.
  EXPECT_EQ(Q("SELECT count(*) FROM returns_0 r JOIN orders_0 o USING (order_id) WHERE r.received_at IS NOT NULL AND "
              "o.channel IN ('web', 'b2b_portal')"),
            Q("SELECT count(*) FROM refunds_0 WHERE \"metadata.return_id\" IS NOT NULL"));
  EXPECT_EQ(Q("SELECT count(*) FROM refunds_0 f JOIN returns_0 r ON r.return_id = f.\"metadata.return_id\"::bigint "
              "WHERE r.refund_amount * 100 <> f.amount OR r.order_id <> f.\"metadata.order_id\"::bigint OR "
              "r.received_at IS NULL"),
            "0");
  // A full refund for each order cancelled after payment.
  EXPECT_EQ(Q("SELECT count(*) FROM refunds_0 f JOIN charges_0 c ON c.id = f.charge WHERE f.\"metadata.return_id\" "
              "IS NULL AND (f.amount <> c.amount OR NOT c.refunded)"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM charges_0 c JOIN orders_0 o ON o.order_id = c.\"metadata.order_id\"::bigint "
              "WHERE c.status = 'succeeded' AND o.status = 'cancelled' AND NOT c.refunded"),
            "0");
  // amount_refunded is the sum of the charge's refunds so far.
  EXPECT_EQ(Q("SELECT count(*) FROM charges_0 c WHERE amount_refunded <> coalesce((SELECT sum(amount) FROM refunds_0 "
              "f WHERE f.charge = c.id), 0)"),
            "0");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT reason, ',' ORDER BY reason) FROM refunds_0"),
            "duplicate,fraudulent,requested_by_customer");
}

TEST_F(GeneratePaymentsTest, DisputesAreAboutThreeInAThousandChargesAndMoveToADecision) {
  double rate = Number("SELECT (SELECT count(*) FROM disputes_0)::float8 / count(*) FROM charges_0 WHERE status = "
                       "'succeeded'");
  EXPECT_GT(rate, 0.002);
  EXPECT_LT(rate, 0.0045);
  EXPECT_EQ(Q("SELECT count(*) FROM disputes_0 d LEFT JOIN charges_0 c ON c.id = d.charge WHERE c.id IS NULL OR "
              "c.amount <> d.amount OR d.created < c.created + 10 * 86400 OR d.created > c.created + 61 * 86400 OR "
              "left(d.id, 3) <> 'dp_'"),
            "0");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT status, ',' ORDER BY status) FROM disputes_0 WHERE status IN ('won', "
              "'lost')"),
            "lost,won");
  EXPECT_EQ(Q("SELECT count(*) FROM disputes_0 WHERE status NOT IN ('needs_response', 'under_review', 'won', 'lost')"),
            "0");
}

TEST_F(GeneratePaymentsTest, ShipmentsAreOnePerShippedOrderWithAFewVoidedLabels) {
  // Every shipped web, B2B and Walmart order has exactly one live label; Amazon orders some
  // (the rest are fulfilled by Amazon).
  EXPECT_EQ(Q("SELECT count(*) FROM orders_0 o WHERE status IN ('shipped', 'delivered', 'returned') AND channel <> "
              "'amazon' AND (SELECT count(*) FROM shipments_0 s WHERE s.\"orderNumber\"::bigint = o.order_id AND NOT "
              "voided) <> 1"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM shipments_0 s LEFT JOIN orders_0 o ON o.order_id = s.\"orderNumber\"::bigint "
              "WHERE o.status NOT IN ('shipped', 'delivered', 'returned') OR o.order_id IS NULL"),
            "0");
  double fba = Number("SELECT 1 - count(s.\"orderNumber\")::float8 / count(*) FROM orders_0 o LEFT JOIN shipments_0 s "
                      "ON s.\"orderNumber\"::bigint = o.order_id AND NOT s.voided WHERE o.channel = 'amazon' AND "
                      "o.status IN ('shipped', 'delivered', 'returned')");
  EXPECT_GT(fba, 0.1);
  EXPECT_LT(fba, 0.3);
  // Delivered exactly when the shop says so; the date from the carrier's scan.
  EXPECT_EQ(Q("SELECT count(*) FROM shipments_0 s JOIN orders_0 o ON o.order_id = s.\"orderNumber\"::bigint WHERE "
              "NOT voided AND (\"deliveryDate\" IS NOT NULL) <> (o.status IN ('delivered', 'returned'))"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM shipments_0 s JOIN orders_0 o ON o.order_id = s.\"orderNumber\"::bigint WHERE "
              "\"shipDate\" <= o.order_ts OR \"deliveryDate\" <= \"shipDate\" OR \"shipmentCost\" <= 0 OR "
              "s.\"warehouseId\" <> o.warehouse_id OR s.\"shipTo.postalCode\" <> o.ship_zip"),
            "0");
  // Voided labels: ~0.2%, each a second row of an order that also has its live label.
  double voided = Number("SELECT avg(voided::int) FROM shipments_0");
  EXPECT_GT(voided, 0.0008);
  EXPECT_LT(voided, 0.004);
  EXPECT_EQ(Q("SELECT count(*) FROM shipments_0 v WHERE voided AND (\"deliveryDate\" IS NOT NULL OR NOT EXISTS "
              "(SELECT 1 FROM shipments_0 s WHERE s.\"orderNumber\" = v.\"orderNumber\" AND NOT s.voided AND "
              "s.\"shipmentId\" > v.\"shipmentId\" AND s.\"trackingNumber\" <> v.\"trackingNumber\"))"),
            "0");
  double exceptions = Number("SELECT avg((json_array_length(exceptions) > 0)::int) FROM shipments_0 WHERE NOT voided");
  EXPECT_GT(exceptions, 0.025);
  EXPECT_LT(exceptions, 0.06);
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT \"carrierCode\", ',' ORDER BY \"carrierCode\") FROM shipments_0"),
            "fedex,ups,usps");
}

TEST_F(GeneratePaymentsTest, TicketsFollowOrdersAndCustomers) {
  // 20 a month at SF 0.01 (the floor) over the 36 months; the last few arrive in the increments.
  EXPECT_EQ(Q("SELECT count(*), count(DISTINCT id) FROM tickets_0"), "715|715");
  EXPECT_EQ(Q("SELECT count(DISTINCT id), max(id) FROM (SELECT id FROM tickets_0 UNION ALL SELECT id FROM tickets_1 "
              "UNION ALL SELECT id FROM tickets_2 UNION ALL SELECT id FROM tickets_3) t"),
            "720|720");
  double linked = Number("SELECT avg((\"custom_fields.order_id\" IS NOT NULL)::int) FROM tickets_0");
  EXPECT_GT(linked, 0.5);
  EXPECT_LT(linked, 0.7);
  // The order is a web or B2B order placed in the 30 days before, by the requester.
  EXPECT_EQ(Q("SELECT count(*) FROM tickets_0 t LEFT JOIN orders_0 o ON o.order_id = "
              "replace(t.\"custom_fields.order_id\", '#', '')::bigint LEFT JOIN customers c ON c.customer_id = "
              "o.customer_id WHERE t.\"custom_fields.order_id\" IS NOT NULL AND (o.channel NOT IN ('web', "
              "'b2b_portal') OR o.order_ts > t.created_at OR o.order_ts < t.created_at - interval '30 days' OR "
              "c.email IS DISTINCT FROM t.requester_email)"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM tickets_0 t LEFT JOIN customers c ON c.email = t.requester_email WHERE "
              "c.customer_id IS NULL"),
            "0");
  // A few order ids typed as "#12345".
  double hashed = Number("SELECT avg((left(\"custom_fields.order_id\", 1) = '#')::int) FROM tickets_0 WHERE "
                         "\"custom_fields.order_id\" IS NOT NULL");
  EXPECT_GT(hashed, 0);
  EXPECT_LT(hashed, 0.06);
  // Categories follow what happened to the order.
  EXPECT_EQ(Q("SELECT count(*) FROM tickets_0 t JOIN orders_0 o ON o.order_id = replace(t.\"custom_fields.order_id\", "
              "'#', '')::bigint WHERE t.category IN ('cancellation', 'payment_issue') AND o.status <> 'cancelled'"),
            "0");
  EXPECT_EQ(Q("SELECT count(*) FROM tickets_0 t JOIN orders_0 o ON o.order_id = replace(t.\"custom_fields.order_id\", "
              "'#', '')::bigint WHERE t.category IN ('return_request', 'refund_status', 'wrong_item') AND o.status <> "
              "'returned'"),
            "0");
  EXPECT_GT(Number("SELECT count(*) FROM tickets_0 WHERE category = 'where_is_my_order'"), 30);
  // The timeline's fields agree with the status.
  EXPECT_EQ(Q("SELECT count(*) FROM tickets_0 WHERE (solved_at IS NOT NULL) <> (status IN ('solved', 'closed')) OR "
              "(first_reply_time_minutes IS NULL) <> (status = 'new') OR updated_at < created_at OR solved_at < "
              "created_at OR (\"satisfaction_rating.score\" IN ('good', 'bad', 'offered') AND solved_at IS NULL)"),
            "0");
  EXPECT_EQ(Q("SELECT string_agg(DISTINCT \"satisfaction_rating.score\", ',' ORDER BY \"satisfaction_rating.score\"), "
              "string_agg(DISTINCT \"via.channel\", ',' ORDER BY \"via.channel\"), string_agg(DISTINCT priority, ',' "
              "ORDER BY priority) FROM tickets_0"),
            "bad,good,offered,unoffered|chat,email,phone,web|high,low,normal,urgent");
  EXPECT_EQ(Q("SELECT count(*) FROM tickets_0 WHERE tags->>0 <> category"), "0");
}

TEST_F(GeneratePaymentsTest, IncrementsReexportChangedRowsWithTheirNewState) {
  for (int n = 1; n <= kIncrements; n++) {
    std::string s = std::to_string(n);
    SCOPED_TRACE("increment " + s);
    // New charges are the day's web and B2B orders that were paid or declined.
    EXPECT_GT(Number("SELECT count(*) FROM charges_" + s), 20);
    // A charge comes back when a refund lands on it, with the new amount refunded.
    EXPECT_EQ(Q("SELECT count(*) FROM refunds_" + s + " f LEFT JOIN charges_" + s +
                " c ON c.id = f.charge WHERE c.id IS NULL OR c.amount_refunded < f.amount"),
              "0");
    EXPECT_GT(Number("SELECT count(*) FROM charges_" + s + " c JOIN charges_0 b USING (id) WHERE c.amount_refunded > "
                     "b.amount_refunded"),
              0);
    // Shipments come back delivered; tickets come back with a later status.
    EXPECT_GT(Number("SELECT count(*) FROM shipments_" + s + " s JOIN shipments_0 b USING (\"shipmentId\") WHERE "
                     "b.\"deliveryDate\" IS NULL AND s.\"deliveryDate\" IS NOT NULL"),
              0);
    EXPECT_GT(Number("SELECT count(*) FROM tickets_" + s + " t JOIN tickets_0 b USING (id) WHERE t.status <> b.status "
                     "AND t.updated_at > b.updated_at"),
              0);
    // Only what changed that day (New York time): every exported ticket was updated in it.
    std::string day = "'" + Date(n) + "T00:00:00-05:00'::timestamptz";
    EXPECT_EQ(Q("SELECT count(*) FROM tickets_" + s + " WHERE updated_at < " + day + " OR updated_at >= " + day +
                " + interval '1 day'"),
              "0");
  }
  // Disputes change status after they open: some decided ones were opened before.
  EXPECT_GT(Number("SELECT count(*) FROM disputes_0 WHERE status IN ('won', 'lost')"), 0);
  EXPECT_GT(Number("SELECT count(*) FROM disputes_0 WHERE status IN ('needs_response', 'under_review')"), 0);
}

}  // namespace
}  // namespace stockroom
