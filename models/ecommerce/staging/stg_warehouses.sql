-- materialized: table
-- The 3 warehouses; the table has no updated_at, so the latest extract wins.
WITH ranked AS (
    SELECT w.*,
           row_number() OVER (PARTITION BY warehouse_id ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY warehouse_id) AS max_loaded_at
    FROM raw.shop_warehouses w
    WHERE warehouse_id IS NOT NULL
)
SELECT warehouse_id, code, name, city, state, zip, max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
