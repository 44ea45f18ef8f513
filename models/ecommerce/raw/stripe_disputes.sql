-- landing: stripe/disputes
-- format: json
CREATE TABLE raw.stripe_disputes (
    id text,
    charge text,
    amount bigint,
    created bigint,
    reason text,
    status text
);
