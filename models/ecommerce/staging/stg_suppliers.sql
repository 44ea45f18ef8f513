-- materialized: table
-- NetSuite suppliers in their latest state: duplicate export lines are dropped and a
-- renegotiated lead time comes back with a later updated_at, which wins. NetSuite's
-- timestamps are local (America/New_York) without an offset.
WITH ranked AS (
    SELECT s.*,
           row_number() OVER (PARTITION BY supplier_id
                              ORDER BY updated_at DESC NULLS LAST, _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY supplier_id) AS max_loaded_at
    FROM raw.netsuite_suppliers s
    WHERE supplier_id IS NOT NULL
)
SELECT
    supplier_id,
    supplier_name,
    country,
    lead_time_days,
    updated_at AT TIME ZONE 'America/New_York' AS updated_at,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
