-- landing: shop/products
-- format: csv
CREATE TABLE raw.shop_products (
    product_id integer,
    sku text,
    product_name text,
    category text,
    subcategory text,
    brand text,
    supplier_id integer,
    unit_cost numeric(12,2),
    list_price numeric(12,2),
    weight_kg numeric(8,2),
    is_active boolean,
    created_at timestamptz,
    updated_at timestamptz
);
