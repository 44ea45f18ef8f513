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
-- Credits are cast to numeric(20,12) before multiplying money, so revenue sums are exact
-- NUMERIC and round the same on every engine; credit counts sum as DOUBLE PRECISION.
-- Spend and zero-credit rows go into the same UNION ALL as the credits, so one GROUP BY
-- gives the whole grid without outer joins. (Stockroom aborted on a COALESCE over a LEFT
-- JOIN of numeric(20,12) sums at SF 0.1; see the report of the metrics branch.)
WITH models AS (
    SELECT 'first_touch' AS attribution_model
    UNION ALL SELECT 'last_touch'
    UNION ALL SELECT 'linear'
    UNION ALL SELECT 'time_decay'
    UNION ALL SELECT 'position_based'
),
spend AS (
    SELECT spend_date, channel_name, sum(spend) AS spend
    FROM facts.fact_marketing_spend
    GROUP BY spend_date, channel_name
),
-- One row per touchpoint and model (credit 0 where the model gives none, so every day and
-- channel with a touchpoint has all five models), plus one per spend day, channel and model.
credits AS (
    SELECT order_date AS attribution_date, channel_name, 'first_touch' AS attribution_model,
           first_touch_credit AS credit, net_revenue, is_first_order, 0::numeric(12,2) AS spend
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'last_touch', last_touch_credit, net_revenue, is_first_order, 0
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'linear', linear_credit, net_revenue, is_first_order, 0
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'time_decay', time_decay_credit, net_revenue, is_first_order, 0
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT order_date, channel_name, 'position_based', position_based_credit, net_revenue, is_first_order, 0
    FROM metrics.attribution_touchpoints
    UNION ALL
    SELECT s.spend_date, s.channel_name, m.attribution_model, 0, 0, false, s.spend
    FROM spend s
    CROSS JOIN models m
),
grid AS (
    SELECT attribution_date,
           channel_name,
           attribution_model,
           sum(credit) AS attributed_orders,
           sum(net_revenue * credit::numeric(20,12)) AS attributed_revenue,
           sum(CASE WHEN is_first_order THEN credit ELSE 0 END) AS new_customers,
           sum(spend) AS spend
    FROM credits
    GROUP BY attribution_date, channel_name, attribution_model
)
SELECT to_char(attribution_date, 'YYYYMMDD')::integer AS date_key,
       attribution_date,
       channel_name,
       attribution_model,
       round(attributed_orders::numeric, 6) AS attributed_orders,
       round(attributed_revenue, 2)::numeric(12,2) AS attributed_revenue,
       spend::numeric(12,2) AS spend,
       attributed_revenue::double precision / nullif(spend::double precision, 0) AS roas,
       round(new_customers::numeric, 6) AS new_customers,
       spend::double precision / nullif(new_customers, 0) AS cac
FROM grid
