-- materialized: table
-- One row per SKU, warehouse and day (end-of-day stock); snapshots never change, a
-- re-export is dropped (the later load wins). available = on_hand - reserved.
WITH ranked AS (
    SELECT s.*,
           row_number() OVER (PARTITION BY snapshot_date, warehouse_id, product_id
                              ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank
    FROM raw.shop_inventory_snapshots s
    WHERE snapshot_date IS NOT NULL AND warehouse_id IS NOT NULL AND product_id IS NOT NULL
)
SELECT
    snapshot_date,
    warehouse_id,
    product_id,
    on_hand,
    reserved,
    on_hand - reserved AS available,
    on_order,
    _loaded_at
FROM ranked
WHERE row_rank = 1;
