-- materialized: table
-- One row per calendar month with at least one non-cancelled order (by order date, in
-- America/New_York). revenue_growth_percent compares with the previous calendar month:
-- NULL for the first month and when the month before had no orders (a gap is not a
-- "previous month"); a percentage rounded to 2 decimals for display.
-- The view analytics.monthly_sales_trends reads this table, built each night after the facts.
WITH months AS (
    SELECT date_trunc('month', order_date)::date AS month_start,
           count(DISTINCT order_id) AS orders,
           count(DISTINCT customer_id) AS customers,
           sum(net_revenue) AS total_revenue
    FROM facts.fact_orders
    WHERE status <> 'cancelled'
    GROUP BY 1
)
SELECT extract(year FROM m.month_start)::integer AS year_number,
       extract(month FROM m.month_start)::integer AS month_number,
       trim(to_char(m.month_start, 'Month')) AS month_name,
       m.orders,
       m.customers,
       m.total_revenue::numeric(12,2) AS total_revenue,
       round(m.total_revenue / m.orders, 2) AS avg_order_value,
       round(100 * (m.total_revenue - p.total_revenue) / nullif(p.total_revenue, 0), 2) AS revenue_growth_percent
FROM months m
LEFT JOIN months p ON p.month_start = (m.month_start - interval '1 month')::date
