-- materialized: view
-- One row per ship-to state and city: the team guide's geographic view. The figures are
-- computed once per build into rollups.geographic_sales (its definitions are there):
-- aggregating the facts at every query would take about a second at SF 1, reading the
-- rollup takes milliseconds.
SELECT state, city, customers, orders, total_revenue, revenue_per_customer, revenue_rank
FROM rollups.geographic_sales
