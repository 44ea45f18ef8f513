-- materialized: materialized_view
-- One row per acquisition cohort month × acquisition channel. A customer's cohort is the
-- month of their first non-cancelled order (the acquisition), their channel
-- dim_customer.acquisition_channel (current version). revenue_<N>d is the cohort's
-- cumulative net revenue of the orders placed within N days after each customer's first
-- order (order date − first order date <= N, the first order included); ltv_<N>d is that
-- per customer of the cohort. A horizon is NULL until the whole cohort has reached it:
-- the cohort month's last day + N <= the as-of date (the latest order date).
WITH as_of AS (
    SELECT max(order_date) AS as_of_date
    FROM facts.fact_orders
    WHERE status <> 'cancelled'
),
orders AS (
    SELECT customer_id, order_date, net_revenue
    FROM facts.fact_orders
    WHERE status <> 'cancelled'
),
firsts AS (
    SELECT customer_id, min(order_date) AS first_order_date
    FROM orders
    GROUP BY customer_id
),
customers AS (
    SELECT f.customer_id,
           f.first_order_date,
           date_trunc('month', f.first_order_date)::date AS cohort_month,
           coalesce(c.acquisition_channel, 'unknown') AS acquisition_channel,
           sum(CASE WHEN o.order_date - f.first_order_date <= 30 THEN o.net_revenue ELSE 0 END) AS revenue_30d,
           sum(CASE WHEN o.order_date - f.first_order_date <= 90 THEN o.net_revenue ELSE 0 END) AS revenue_90d,
           sum(CASE WHEN o.order_date - f.first_order_date <= 180 THEN o.net_revenue ELSE 0 END) AS revenue_180d,
           sum(CASE WHEN o.order_date - f.first_order_date <= 365 THEN o.net_revenue ELSE 0 END) AS revenue_365d
    FROM firsts f
    JOIN orders o ON o.customer_id = f.customer_id
    LEFT JOIN dimensions.dim_customer c ON c.customer_id = f.customer_id AND c.is_current
    GROUP BY f.customer_id, f.first_order_date, c.acquisition_channel
),
cohorts AS (
    SELECT cohort_month,
           acquisition_channel,
           (cohort_month + interval '1 month' - interval '1 day')::date AS cohort_end,
           count(*) AS customers,
           sum(revenue_30d) AS revenue_30d,
           sum(revenue_90d) AS revenue_90d,
           sum(revenue_180d) AS revenue_180d,
           sum(revenue_365d) AS revenue_365d
    FROM customers
    GROUP BY cohort_month, acquisition_channel
)
SELECT c.cohort_month,
       c.acquisition_channel,
       c.customers,
       CASE WHEN c.cohort_end + 30 <= a.as_of_date THEN c.revenue_30d::numeric(14,2) END AS revenue_30d,
       CASE WHEN c.cohort_end + 90 <= a.as_of_date THEN c.revenue_90d::numeric(14,2) END AS revenue_90d,
       CASE WHEN c.cohort_end + 180 <= a.as_of_date THEN c.revenue_180d::numeric(14,2) END AS revenue_180d,
       CASE WHEN c.cohort_end + 365 <= a.as_of_date THEN c.revenue_365d::numeric(14,2) END AS revenue_365d,
       CASE WHEN c.cohort_end + 30 <= a.as_of_date THEN round(c.revenue_30d / c.customers, 2) END AS ltv_30d,
       CASE WHEN c.cohort_end + 90 <= a.as_of_date THEN round(c.revenue_90d / c.customers, 2) END AS ltv_90d,
       CASE WHEN c.cohort_end + 180 <= a.as_of_date THEN round(c.revenue_180d / c.customers, 2) END AS ltv_180d,
       CASE WHEN c.cohort_end + 365 <= a.as_of_date THEN round(c.revenue_365d / c.customers, 2) END AS ltv_365d,
       a.as_of_date
FROM cohorts c
CROSS JOIN as_of a
