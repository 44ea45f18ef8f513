-- materialized: view
-- One row per calendar month with orders: the team guide's monthly trend. The figures
-- are computed once per build into rollups.monthly_sales_trends (its definitions are
-- there): aggregating the facts at every query would take about a second at SF 1,
-- reading the rollup takes milliseconds.
SELECT year_number, month_number, month_name, orders, customers, total_revenue,
       avg_order_value, revenue_growth_percent
FROM rollups.monthly_sales_trends
