-- landing: shop/inventory_snapshots
-- format: csv
CREATE TABLE raw.shop_inventory_snapshots (
    snapshot_date date,
    warehouse_id integer,
    product_id integer,
    on_hand integer,
    reserved integer,
    on_order integer
);
