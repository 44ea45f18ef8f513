-- materialized: materialized_view
-- One row per cohort month × month number, from month 0 (the cohort month itself, 100%
-- by definition) to the month of the as-of date (the latest order date), months without
-- any order of the cohort included (0 active). A cohort is the customers whose first
-- non-cancelled order falls in that month; a customer is active in a month when they
-- placed a non-cancelled order in it. month_number counts calendar months: an order on
-- 31 Jan by a customer acquired on 1 Jan is month 0, one on 1 Feb month 1.
WITH orders AS (
    SELECT customer_id, date_trunc('month', order_date)::date AS order_month
    FROM facts.fact_orders
    WHERE status <> 'cancelled'
),
firsts AS (
    SELECT customer_id, min(order_month) AS cohort_month
    FROM orders
    GROUP BY customer_id
),
cohorts AS (
    SELECT cohort_month, count(*) AS cohort_customers
    FROM firsts
    GROUP BY cohort_month
),
last_month AS (
    SELECT max(order_month) AS as_of_month FROM orders
),
active AS (
    SELECT f.cohort_month,
           (extract(year FROM o.order_month)::integer * 12 + extract(month FROM o.order_month)::integer)
         - (extract(year FROM f.cohort_month)::integer * 12 + extract(month FROM f.cohort_month)::integer) AS month_number,
           count(DISTINCT o.customer_id) AS active_customers
    FROM orders o
    JOIN firsts f ON f.customer_id = o.customer_id
    GROUP BY 1, 2
),
grid AS (
    SELECT c.cohort_month, c.cohort_customers, g.month_number
    FROM cohorts c
    CROSS JOIN last_month l
    CROSS JOIN LATERAL generate_series(
        0,
        (extract(year FROM l.as_of_month)::integer * 12 + extract(month FROM l.as_of_month)::integer)
      - (extract(year FROM c.cohort_month)::integer * 12 + extract(month FROM c.cohort_month)::integer)) AS g(month_number)
)
SELECT g.cohort_month,
       g.month_number,
       (g.cohort_month + g.month_number * interval '1 month')::date AS activity_month,
       g.cohort_customers,
       coalesce(a.active_customers, 0) AS active_customers,
       coalesce(a.active_customers, 0)::double precision / g.cohort_customers AS retention_rate
FROM grid g
LEFT JOIN active a ON a.cohort_month = g.cohort_month AND a.month_number = g.month_number
