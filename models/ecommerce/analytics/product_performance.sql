-- materialized: view
-- One row per product: the team guide's product view. The figures are computed once per
-- build into rollups.product_performance (its definitions are there): aggregating the
-- facts at every query would take about a second at SF 1, reading the rollup takes
-- milliseconds.
SELECT product_key, sku, product_name, category_name, units_sold, total_revenue,
       total_cost, gross_margin, gross_margin_percent, return_rate,
       revenue_rank_in_category
FROM rollups.product_performance
