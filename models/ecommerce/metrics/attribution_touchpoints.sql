-- materialized: table
-- Intermediate model of metrics.marketing_attribution: one row per non-cancelled order ×
-- touchpoint, with the credit each of the five attribution models gives the touchpoint.
-- The touchpoints of an order (spec §5) are the web sessions of the same customer (GA4
-- user_id) or of the purchasing session's browser (user_pseudo_id) that started in the
-- 30 days before the order and not after it: order_ts − 30 days <= start <= order_ts.
-- They are numbered by start time, then session id (the tie-break). Every order with at
-- least one touchpoint is attributed, whatever its sales channel.
-- Credits are DOUBLE PRECISION shares that sum to 1 per order and model:
--   first_touch    1 to touchpoint 1
--   last_touch     1 to the last session whose channel is not Direct, else to the last
--   linear         1 / touchpoints
--   time_decay     2^(−days_before_order / 7), normalised over the order's touchpoints;
--                  days_before_order is fractional (seconds / 86400)
--   position_based 1 touchpoint: 1; 2: 0.5 each; more: 0.4 first, 0.4 last, 0.2 split
--                  evenly among the middle ones
WITH orders AS (
    SELECT o.order_id,
           o.order_ts,
           o.order_date,
           o.customer_id,
           o.is_first_order,
           o.net_revenue,
           purchase.user_pseudo_id AS purchase_pseudo_id
    FROM facts.fact_orders o
    LEFT JOIN facts.fact_web_sessions purchase ON purchase.session_id = o.ga_session_id
    WHERE o.status <> 'cancelled'
),
-- Two equi-joins instead of one OR-join, so each can hash; UNION drops a session that
-- matches an order both ways.
matches AS (
    SELECT o.order_id, s.session_id
    FROM orders o
    JOIN facts.fact_web_sessions s ON s.customer_id = o.customer_id
    WHERE s.session_start_ts <= o.order_ts
      AND s.session_start_ts >= o.order_ts - interval '30 days'
    UNION
    SELECT o.order_id, s.session_id
    FROM orders o
    JOIN facts.fact_web_sessions s ON s.user_pseudo_id = o.purchase_pseudo_id
    WHERE s.session_start_ts <= o.order_ts
      AND s.session_start_ts >= o.order_ts - interval '30 days'
),
touches AS (
    SELECT o.order_id,
           o.order_ts,
           o.order_date,
           o.customer_id,
           o.is_first_order,
           o.net_revenue,
           s.session_id,
           s.session_start_ts,
           s.channel_name,
           extract(epoch FROM o.order_ts - s.session_start_ts)::double precision / 86400 AS days_before_order
    FROM matches m
    JOIN orders o ON o.order_id = m.order_id
    JOIN facts.fact_web_sessions s ON s.session_id = m.session_id
),
numbered AS (
    SELECT t.*,
           row_number() OVER (PARTITION BY order_id ORDER BY session_start_ts, session_id) AS touch_number,
           count(*) OVER (PARTITION BY order_id) AS touch_count,
           power(2.0::double precision, -days_before_order / 7) AS decay_weight
    FROM touches t
),
framed AS (
    SELECT n.*,
           coalesce(max(CASE WHEN channel_name <> 'Direct' THEN touch_number END) OVER (PARTITION BY order_id),
                    touch_count) AS last_touch_number,
           sum(decay_weight) OVER (PARTITION BY order_id) AS decay_total
    FROM numbered n
)
SELECT order_id,
       order_ts,
       order_date,
       to_char(order_date, 'YYYYMMDD')::integer AS date_key,
       customer_id,
       is_first_order,
       net_revenue,
       session_id,
       session_start_ts,
       channel_name,
       days_before_order,
       touch_number,
       touch_count,
       CASE WHEN touch_number = 1 THEN 1.0 ELSE 0.0 END::double precision AS first_touch_credit,
       CASE WHEN touch_number = last_touch_number THEN 1.0 ELSE 0.0 END::double precision AS last_touch_credit,
       1.0::double precision / touch_count AS linear_credit,
       decay_weight / decay_total AS time_decay_credit,
       CASE
           WHEN touch_count = 1 THEN 1.0
           WHEN touch_count = 2 THEN 0.5
           WHEN touch_number = 1 OR touch_number = touch_count THEN 0.4
           ELSE 0.2 / (touch_count - 2)
       END::double precision AS position_based_credit
FROM framed
