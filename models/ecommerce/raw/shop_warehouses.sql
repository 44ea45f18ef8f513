-- landing: shop/warehouses
-- format: csv
CREATE TABLE raw.shop_warehouses (
    warehouse_id integer,
    code text,
    name text,
    city text,
    state text,
    zip text
);
