-- landing: stripe/refunds
-- format: json
CREATE TABLE raw.stripe_refunds (
    id text,
    charge text,
    amount bigint,
    created bigint,
    reason text,
    "metadata.order_id" text,
    "metadata.return_id" text
);
