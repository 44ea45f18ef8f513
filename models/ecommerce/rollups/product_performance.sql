-- materialized: table
-- One row per product (dim_product, without the -1 row), over all its non-cancelled
-- lines; products never sold show zeros and rank last in their category.
-- gross_margin_percent and return_rate are percentages (× 100), rounded to 2 decimals for
-- display; NULL when there is no revenue / no units sold.
-- The view analytics.product_performance reads this table, built each night after the facts.
WITH sales AS (
    SELECT product_key,
           sum(quantity) AS units_sold,
           sum(returned_quantity) AS units_returned,
           sum(net_revenue) AS total_revenue,
           sum(cost_amount) AS total_cost
    FROM facts.fact_sales
    WHERE status <> 'cancelled'
    GROUP BY product_key
),
products AS (
    SELECT p.product_key,
           p.sku,
           p.product_name,
           p.category_name,
           coalesce(s.units_sold, 0) AS units_sold,
           coalesce(s.units_returned, 0) AS units_returned,
           coalesce(s.total_revenue, 0)::numeric(12,2) AS total_revenue,
           coalesce(s.total_cost, 0)::numeric(12,2) AS total_cost
    FROM dimensions.dim_product p
    LEFT JOIN sales s ON s.product_key = p.product_key
    WHERE p.product_key <> -1
)
SELECT product_key,
       sku,
       product_name,
       category_name,
       units_sold,
       total_revenue,
       total_cost,
       total_revenue - total_cost AS gross_margin,
       round(100 * (total_revenue - total_cost) / nullif(total_revenue, 0), 2) AS gross_margin_percent,
       round(100.0 * units_returned / nullif(units_sold, 0), 2) AS return_rate,
       rank() OVER (PARTITION BY category_name ORDER BY total_revenue DESC) AS revenue_rank_in_category
FROM products
