-- materialized: incremental
-- unique_key: charge_id
-- changed_at: _loaded_at
-- Stripe charges, one per id: a charge is exported again whenever a refund lands on it,
-- so the latest extract wins (Stripe objects have no updated_at). Cents become dollars,
-- epoch seconds an instant, and metadata.order_id (a string) the shop's order id.
-- Incremental: a key with a new raw row is ranked again (its _loaded_at, the latest
-- load of its rows, passes the table's latest); the engine reads only those keys' rows.
WITH ranked AS (
    SELECT c.*,
           row_number() OVER (PARTITION BY id ORDER BY _loaded_at DESC, _source_file DESC,
                                                       amount_refunded DESC NULLS LAST) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY id) AS max_loaded_at
    FROM raw.stripe_charges c
    WHERE id IS NOT NULL
)
SELECT
    id AS charge_id,
    CAST(nullif(trim("metadata.order_id"), '') AS bigint) AS order_id,
    CAST(amount / 100.0 AS numeric(12,2)) AS amount,
    CAST(amount_refunded / 100.0 AS numeric(12,2)) AS amount_refunded,
    currency,
    to_timestamp(created) AS created_at,
    status,
    paid,
    refunded,
    "payment_method_details.card.brand" AS card_brand,
    "payment_method_details.card.country" AS card_country,
    "outcome.risk_level" AS risk_level,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
