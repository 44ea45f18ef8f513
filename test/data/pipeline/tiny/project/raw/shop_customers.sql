-- landing: shop/customers
-- format: csv
CREATE TABLE raw.shop_customers (
    customer_id integer,
    name text,
    country text,
    updated_at timestamptz
);
