-- materialized: table
-- One row per customer (the current version of dim_customer) with the lifetime figures of
-- the team guide. Orders are counted by customer_id across all SCD2 versions, so a customer
-- who moved keeps their history. "Today" is the as-of date: the latest order date in the
-- warehouse (not CURRENT_DATE), so the statuses of a build never drift with the wall clock
-- and tests are stable (docs/ecommerce-warehouse.md, "Metrics").
-- The view analytics.customer_360 reads this table, built each night after the facts.
WITH as_of AS (
    SELECT max(order_date) AS as_of_date
    FROM facts.fact_orders
    WHERE status <> 'cancelled'
),
customer_orders AS (
    SELECT customer_id,
           min(order_date) AS first_order_date,
           max(order_date) AS last_order_date,
           count(DISTINCT order_id) AS total_orders,
           sum(net_revenue) AS lifetime_value
    FROM facts.fact_orders
    WHERE status <> 'cancelled'
    GROUP BY customer_id
)
SELECT c.customer_key,
       c.customer_id,
       c.full_name,
       c.email,
       c.customer_segment,
       c.acquisition_channel,
       c.city,
       c.state,
       o.first_order_date,
       o.last_order_date,
       coalesce(o.total_orders, 0) AS total_orders,
       coalesce(o.lifetime_value, 0)::numeric(12,2) AS lifetime_value,
       round(o.lifetime_value / o.total_orders, 2) AS avg_order_value,
       a.as_of_date - o.last_order_date AS days_since_last_order,
       CASE
           WHEN o.last_order_date IS NULL THEN 'prospect'
           WHEN a.as_of_date - o.last_order_date <= 90 THEN 'active'
           WHEN a.as_of_date - o.last_order_date <= 365 THEN 'at_risk'
           ELSE 'churned'
       END AS customer_status
FROM dimensions.dim_customer c
CROSS JOIN as_of a
LEFT JOIN customer_orders o ON o.customer_id = c.customer_id
WHERE c.is_current
  AND c.customer_key <> -1
