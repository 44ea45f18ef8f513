-- materialized: table
-- Stripe disputes in their latest state: a dispute is exported when opened and again at
-- each status change, so the latest extract wins. Cents become dollars; created (epoch
-- seconds) is when the dispute was opened.
WITH ranked AS (
    SELECT d.*,
           row_number() OVER (PARTITION BY id ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY id) AS max_loaded_at
    FROM raw.stripe_disputes d
    WHERE id IS NOT NULL
)
SELECT
    id AS dispute_id,
    charge AS charge_id,
    CAST(amount / 100.0 AS numeric(12,2)) AS amount,
    to_timestamp(created) AS created_at,
    reason,
    status,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
