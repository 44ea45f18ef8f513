-- materialized: view
-- The latest row of each customer.
SELECT DISTINCT ON (customer_id) customer_id, name, country, updated_at
FROM raw.shop_customers
ORDER BY customer_id, updated_at DESC;
