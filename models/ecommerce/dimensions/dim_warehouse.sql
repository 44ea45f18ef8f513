-- materialized: table
-- The warehouses; warehouse_key = warehouse_id (stable across builds), plus the -1
-- unknown row that facts with a missing warehouse point to.
SELECT warehouse_id AS warehouse_key, warehouse_id, code, name, city, state, zip
FROM staging.stg_warehouses
UNION ALL
SELECT -1, -1, 'UNKNOWN', 'Unknown', NULL, NULL, NULL;
