-- materialized: incremental
-- unique_key: snapshot_date, warehouse_id, product_id
-- changed_at: _loaded_at
-- One row per SKU, warehouse and day (end-of-day stock); snapshots never change, a
-- re-export is dropped (the later load wins). available = on_hand - reserved.
-- Incremental: a key with a new raw row is ranked again (its _loaded_at, the latest
-- load of its rows, passes the table's latest); the engine reads only those keys' rows.
WITH ranked AS (
    SELECT s.*,
           row_number() OVER (PARTITION BY snapshot_date, warehouse_id, product_id
                              ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY snapshot_date, warehouse_id, product_id) AS max_loaded_at
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
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
