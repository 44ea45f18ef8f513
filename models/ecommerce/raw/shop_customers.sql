-- landing: shop/customers
-- format: csv
CREATE TABLE raw.shop_customers (
    customer_id bigint,
    email text,
    first_name text,
    last_name text,
    phone text,
    customer_type text,
    company_name text,
    address_city text,
    address_state text,
    address_zip text,
    country text,
    marketing_opt_in boolean,
    created_at timestamptz,
    updated_at timestamptz
);
