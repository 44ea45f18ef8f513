-- landing: netsuite/purchase_orders
-- format: csv
-- copy_options: TIMEFORMAT 'MM/DD/YYYY HH:MI:SS', DATEFORMAT 'MM/DD/YYYY'
CREATE TABLE raw.netsuite_purchase_orders (
    po_id bigint,
    po_line integer,
    supplier_id integer,
    warehouse_id integer,
    product_id integer,
    qty_ordered integer,
    unit_cost numeric(12,2),
    ordered_at timestamp,
    expected_at date,
    received_at timestamp,
    qty_received integer,
    status text,
    updated_at timestamp
);
