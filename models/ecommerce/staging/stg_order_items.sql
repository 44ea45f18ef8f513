-- materialized: incremental
-- unique_key: order_item_id
-- changed_at: _loaded_at
-- One row per order line (lines never change; a re-export is dropped, latest wins).
-- unit_cost is the product's cost when the order was placed.
-- Incremental: a key with a new raw row is ranked again (its _loaded_at, the latest
-- load of its rows, passes the table's latest); the engine reads only those keys' rows.
WITH ranked AS (
    SELECT i.*,
           row_number() OVER (PARTITION BY order_item_id
                              ORDER BY updated_at DESC NULLS LAST, _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY order_item_id) AS max_loaded_at
    FROM raw.shop_order_items i
    WHERE order_item_id IS NOT NULL
)
SELECT
    order_item_id,
    order_id,
    product_id,
    quantity,
    unit_price,
    discount,
    line_total,
    unit_cost,
    updated_at,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
