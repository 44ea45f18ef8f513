-- materialized: table
-- One row per ship-to state and city of the non-cancelled orders (the order's own ship-to
-- address, not the customer's current one). revenue_rank: 1 = highest revenue over all
-- cities; ties share a rank.
-- The view analytics.geographic_sales reads this table, built each night after the facts.
WITH places AS (
    SELECT ship_state AS state,
           ship_city AS city,
           count(DISTINCT customer_id) AS customers,
           count(DISTINCT order_id) AS orders,
           sum(net_revenue) AS total_revenue
    FROM facts.fact_orders
    WHERE status <> 'cancelled'
    GROUP BY ship_state, ship_city
)
SELECT state,
       city,
       customers,
       orders,
       total_revenue::numeric(12,2) AS total_revenue,
       round(total_revenue / customers, 2) AS revenue_per_customer,
       rank() OVER (ORDER BY total_revenue DESC) AS revenue_rank
FROM places
