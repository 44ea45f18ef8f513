-- landing: shop/order_items
-- format: csv
CREATE TABLE raw.shop_order_items (
    order_item_id bigint,
    order_id bigint,
    product_id integer,
    quantity integer,
    unit_price numeric(12,2),
    discount numeric(12,2),
    line_total numeric(12,2),
    unit_cost numeric(12,2),
    updated_at timestamptz
);
