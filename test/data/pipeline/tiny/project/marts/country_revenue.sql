-- materialized: materialized_view
SELECT country, sum(orders) AS orders, sum(revenue) AS revenue
FROM marts.customer_revenue
GROUP BY country;
