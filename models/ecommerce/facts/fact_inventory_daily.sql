-- materialized: incremental
-- unique_key: snapshot_date, warehouse_id, product_id
-- changed_at: _loaded_at
-- End-of-day stock per SKU, warehouse and day (snapshots never change, so this only
-- grows). available = on_hand - reserved (never negative: reserved is capped at on_hand).
SELECT
    CAST(to_char(s.snapshot_date, 'YYYYMMDD') AS integer) AS date_key,
    s.snapshot_date,
    coalesce(p.product_key, -1) AS product_key,
    s.product_id,
    coalesce(w.warehouse_key, -1) AS warehouse_key,
    s.warehouse_id,
    s.on_hand,
    s.reserved,
    s.available,
    s.on_order,
    s._loaded_at
FROM staging.stg_inventory_snapshots s
LEFT JOIN dimensions.dim_product p ON p.product_key = s.product_id AND p.product_key <> -1
LEFT JOIN dimensions.dim_warehouse w ON w.warehouse_key = s.warehouse_id AND w.warehouse_key <> -1;
