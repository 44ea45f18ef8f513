-- landing: stripe/charges
-- format: json
-- Stripe API objects: amounts in cents, created in epoch seconds (UTC).
CREATE TABLE raw.stripe_charges (
    id text,
    object text,
    amount bigint,
    amount_refunded bigint,
    currency text,
    created bigint,
    status text,
    paid boolean,
    refunded boolean,
    "metadata.order_id" text,
    "payment_method_details.card.brand" text,
    "payment_method_details.card.country" text,
    "outcome.risk_level" text
);
