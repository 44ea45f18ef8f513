-- materialized: table
-- Stripe refunds (they never change; a re-export is dropped). Cents become dollars,
-- epoch seconds an instant, metadata ids bigints (return_id is NULL for the full
-- refund of a cancelled order).
WITH ranked AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY id ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY id) AS max_loaded_at
    FROM raw.stripe_refunds r
    WHERE id IS NOT NULL
)
SELECT
    id AS refund_id,
    charge AS charge_id,
    CAST(nullif(trim("metadata.order_id"), '') AS bigint) AS order_id,
    CAST(nullif(trim("metadata.return_id"), '') AS bigint) AS return_id,
    CAST(amount / 100.0 AS numeric(12,2)) AS amount,
    to_timestamp(created) AS created_at,
    reason,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
