-- materialized: view
-- One row per customer: the team guide's customer view. The figures are computed once
-- per build into rollups.customer_360 (its definitions are there): aggregating the facts
-- at every query would take about a second at SF 1, reading the rollup takes
-- milliseconds.
SELECT customer_key, customer_id, full_name, email, customer_segment, acquisition_channel,
       city, state, first_order_date, last_order_date, total_orders, lifetime_value,
       avg_order_value, days_since_last_order, customer_status
FROM rollups.customer_360
