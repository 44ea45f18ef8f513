-- materialized: table
-- One row per purchase-order line (po_id, po_line) in its latest state: NetSuite writes
-- ~0.5% of lines twice (dropped here) and a line comes back at each receipt or its
-- cancellation (latest updated_at wins). Local NetSuite times become instants
-- (America/New_York); expected_at stays a date.
WITH ranked AS (
    SELECT p.*,
           row_number() OVER (PARTITION BY po_id, po_line
                              ORDER BY updated_at DESC NULLS LAST, _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY po_id, po_line) AS max_loaded_at
    FROM raw.netsuite_purchase_orders p
    WHERE po_id IS NOT NULL AND po_line IS NOT NULL
)
SELECT
    po_id,
    po_line,
    supplier_id,
    warehouse_id,
    product_id,
    qty_ordered,
    unit_cost,
    ordered_at AT TIME ZONE 'America/New_York' AS ordered_at,
    expected_at,
    received_at AT TIME ZONE 'America/New_York' AS received_at,
    qty_received,
    status,
    updated_at AT TIME ZONE 'America/New_York' AS updated_at,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
