-- materialized: table
-- Products (type 1: current attributes; the cost at order time is on each sales line),
-- with their supplier's name and current lead time for the supply-chain reports.
-- product_key = product_id (stable across builds), plus the -1 unknown row.
SELECT
    p.product_id AS product_key,
    p.product_id,
    p.sku,
    p.product_name,
    p.category AS category_name,
    p.subcategory AS subcategory_name,
    p.brand,
    p.supplier_id,
    s.supplier_name,
    s.lead_time_days,
    p.unit_cost,
    p.list_price,
    p.weight_kg,
    p.is_active,
    p.created_at
FROM staging.stg_products p
LEFT JOIN staging.stg_suppliers s ON s.supplier_id = p.supplier_id
UNION ALL
SELECT -1, -1, 'UNKNOWN', 'Unknown', 'Unknown', 'Unknown', NULL, NULL, NULL, NULL,
       NULL, NULL, NULL, NULL, NULL;
