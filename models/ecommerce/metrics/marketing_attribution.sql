-- materialized: materialized_view
-- One row per day × channel × attribution model (first_touch, last_touch, linear,
-- time_decay, position_based): every day and channel that has attributed credit under
-- any model or marketing spend gets all five rows. The day is the order date for the
-- attributed figures and the spend date for spend, so ROAS and CAC compare a day's spend
-- with the orders of that same day.
--   attributed_orders   sum of the channel's credits (fractional)
--   attributed_revenue  sum of credit × the order's net revenue
--   new_customers       sum of the credits of orders that are their customer's first
--   roas = attributed_revenue / spend (NULL when spend = 0)
--   cac  = spend / new_customers (NULL when new_customers = 0)
-- Credits are cast to numeric(20,12) before multiplying money, so the sums are exact
-- NUMERIC and round the same on every engine.
WITH credits AS (
    SELECT order_date, channel_name, 'first_touch' AS attribution_model, first_touch_credit AS credit, net_revenue, is_first_order
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'last_touch', last_touch_credit, net_revenue, is_first_order
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'linear', linear_credit, net_revenue, is_first_order
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'time_decay', time_decay_credit, net_revenue, is_first_order
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'position_based', position_based_credit, net_revenue, is_first_order
    FROM metrics.attribution_touchpoints
),
attributed AS (
    SELECT order_date AS attribution_date,
           channel_name,
           attribution_model,
           sum(credit::numeric(20,12)) AS attributed_orders,
           sum(net_revenue * credit::numeric(20,12)) AS attributed_revenue,
           sum(CASE WHEN is_first_order THEN credit::numeric(20,12) ELSE 0 END) AS new_customers
    FROM credits
    GROUP BY order_date, channel_name, attribution_model
),
spend AS (
    SELECT spend_date, channel_name, sum(spend) AS spend
    FROM facts.fact_marketing_spend
    GROUP BY spend_date, channel_name
),
days_channels AS (
    SELECT order_date AS attribution_date, channel_name FROM metrics.attribution_touchpoints
    UNION
    SELECT spend_date, channel_name FROM spend
),
models AS (
    SELECT 'first_touch' AS attribution_model
    UNION ALL SELECT 'last_touch'
    UNION ALL SELECT 'linear'
    UNION ALL SELECT 'time_decay'
    UNION ALL SELECT 'position_based'
),
grid AS (
    SELECT d.attribution_date,
           d.channel_name,
           m.attribution_model,
           coalesce(a.attributed_orders, 0) AS attributed_orders,
           coalesce(a.attributed_revenue, 0) AS attributed_revenue,
           coalesce(a.new_customers, 0) AS new_customers,
           coalesce(s.spend, 0) AS spend
    FROM days_channels d
    CROSS JOIN models m
    LEFT JOIN attributed a
           ON a.attribution_date = d.attribution_date
          AND a.channel_name = d.channel_name
          AND a.attribution_model = m.attribution_model
    LEFT JOIN spend s ON s.spend_date = d.attribution_date AND s.channel_name = d.channel_name
)
SELECT to_char(attribution_date, 'YYYYMMDD')::integer AS date_key,
       attribution_date,
       channel_name,
       attribution_model,
       round(attributed_orders, 6) AS attributed_orders,
       round(attributed_revenue, 2)::numeric(12,2) AS attributed_revenue,
       spend::numeric(12,2) AS spend,
       attributed_revenue::double precision / nullif(spend, 0)::double precision AS roas,
       round(new_customers, 6) AS new_customers,
       spend::double precision / nullif(new_customers, 0)::double precision AS cac
FROM grid
