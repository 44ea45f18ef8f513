-- materialized: table
-- One row per order line (lines never change; a re-export is dropped, latest wins).
-- unit_cost is the product's cost when the order was placed.
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
