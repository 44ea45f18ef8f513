-- landing: shop/orders
-- format: json
CREATE TABLE raw.shop_orders (
    order_id integer,
    customer_id integer,
    amount numeric(12,2),
    status text,
    "meta.source" text,
    updated_at timestamptz
);
