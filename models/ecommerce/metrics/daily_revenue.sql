-- materialized: materialized_view
-- One row per order date × sales channel × customer segment, over non-cancelled order
-- lines. Refunds count on the day of the order they refund (net revenue of a line is
-- gross − discount − its refunds), so a day's figures change when a later return lands.
-- new_customers: customers whose first non-cancelled order is on that day;
-- returning_customers: the other customers of the day (customers − new_customers), so a
-- customer who orders twice on their first day counts once, as new.
WITH lines AS (
    SELECT s.*, o.is_first_order
    FROM facts.fact_sales s
    JOIN facts.fact_orders o ON o.order_id = s.order_id
    WHERE s.status <> 'cancelled'
)
SELECT date_key,
       order_date,
       sales_channel,
       customer_segment,
       count(DISTINCT order_id) AS orders,
       sum(quantity) AS units,
       sum(gross_revenue)::numeric(12,2) AS gross_revenue,
       sum(discount_amount)::numeric(12,2) AS discounts,
       sum(refund_amount)::numeric(12,2) AS refunds,
       sum(net_revenue)::numeric(12,2) AS net_revenue,
       sum(cost_amount)::numeric(12,2) AS cost,
       (sum(net_revenue) - sum(cost_amount))::numeric(12,2) AS margin,
       count(DISTINCT customer_id) AS customers,
       count(DISTINCT CASE WHEN is_first_order THEN customer_id END) AS new_customers,
       count(DISTINCT customer_id) - count(DISTINCT CASE WHEN is_first_order THEN customer_id END) AS returning_customers
FROM lines
GROUP BY date_key, order_date, sales_channel, customer_segment
