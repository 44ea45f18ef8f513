-- landing: shop/orders
-- format: csv
CREATE TABLE raw.shop_orders (
    order_id bigint,
    customer_id bigint,
    order_ts timestamptz,
    channel text,
    status text,
    warehouse_id integer,
    ship_city text,
    ship_state text,
    ship_zip text,
    promo_code text,
    subtotal numeric(12,2),
    discount_total numeric(12,2),
    shipping_fee numeric(12,2),
    tax numeric(12,2),
    total numeric(12,2),
    ga_session_id bigint,
    updated_at timestamptz
);
