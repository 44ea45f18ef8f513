-- materialized: incremental
-- unique_key: order_id
-- changed_at: _loaded_at
-- The latest row of each order; _loaded_at is the newest load of any of its rows.
WITH ranked AS (
    SELECT o.*,
           row_number() OVER (PARTITION BY order_id ORDER BY updated_at DESC) AS rn,
           max(_loaded_at) OVER (PARTITION BY order_id) AS last_loaded
    FROM raw.shop_orders AS o
)
SELECT order_id, customer_id, amount, status, "meta.source" AS source, updated_at, last_loaded AS _loaded_at
FROM ranked
WHERE rn = 1;
