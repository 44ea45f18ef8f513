-- materialized: table
-- The current state of every SKU: the latest updated_at wins (price changes and
-- discontinuations come back in later extracts). Cost at order time is on the order
-- line, so products need no history.
WITH ranked AS (
    SELECT p.*,
           row_number() OVER (PARTITION BY product_id
                              ORDER BY updated_at DESC NULLS LAST, _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY product_id) AS max_loaded_at
    FROM raw.shop_products p
    WHERE product_id IS NOT NULL
)
SELECT
    product_id,
    sku,
    product_name,
    category,
    subcategory,
    brand,
    supplier_id,
    unit_cost,
    list_price,
    weight_kg,
    is_active,
    created_at,
    updated_at,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
