-- materialized: table
-- Customers as SCD type 2 (one row per version, from stg_customers), with:
-- first_order_date: the order date (America/New_York) of the customer's first
--   non-cancelled order (NULL for prospects);
-- acquisition_channel: how that first order was won. A web order: the channel of the
--   first touchpoint, i.e. the earliest GA4 session of the customer (user_id) or of the
--   purchasing session's browser (user_pseudo_id) in the 30 days up to the order (the
--   spec's touchpoints); 'Web (untracked)' when GA4 has none (ad blockers, or orders
--   before the GA4 export window). B2B portal, Amazon and Walmart orders: 'B2B Portal',
--   'Amazon Marketplace', 'Walmart Marketplace'. NULL for prospects.
-- Both are properties of the customer, the same on every version.
-- customer_key = customer_id * 1000 + version; plus the -1 unknown row.
WITH ranked_orders AS (
    SELECT o.*,
           row_number() OVER (PARTITION BY customer_id ORDER BY order_ts, order_id) AS order_rank
    FROM staging.stg_orders o
    WHERE status <> 'cancelled' AND customer_id IS NOT NULL
),
first_orders AS (
    SELECT customer_id, order_id, order_ts, order_date, channel, ga_session_id
    FROM ranked_orders
    WHERE order_rank = 1
),
first_web_orders AS (
    SELECT f.customer_id, f.order_ts, buying.user_pseudo_id
    FROM first_orders f
    LEFT JOIN staging.stg_web_sessions buying ON buying.session_id = f.ga_session_id
    WHERE f.channel = 'web'
),
touchpoints AS (
    -- two equi-joins rather than one join on (customer OR browser): same rows, and a
    -- hash join instead of a nested loop
    SELECT f.customer_id, s.session_id, s.session_start_ts, s.channel_name
    FROM first_web_orders f
    JOIN staging.stg_web_sessions s ON s.customer_id = f.customer_id
    WHERE s.session_start_ts <= f.order_ts
      AND s.session_start_ts >= f.order_ts - interval '30 days'
    UNION
    SELECT f.customer_id, s.session_id, s.session_start_ts, s.channel_name
    FROM first_web_orders f
    JOIN staging.stg_web_sessions s ON s.user_pseudo_id = f.user_pseudo_id
    WHERE s.session_start_ts <= f.order_ts
      AND s.session_start_ts >= f.order_ts - interval '30 days'
),
first_touch AS (
    SELECT customer_id, channel_name,
           row_number() OVER (PARTITION BY customer_id ORDER BY session_start_ts, session_id) AS touch_rank
    FROM touchpoints
),
acquisition AS (
    SELECT
        f.customer_id,
        f.order_date AS first_order_date,
        CASE f.channel
            WHEN 'web' THEN coalesce(t.channel_name, 'Web (untracked)')
            WHEN 'b2b_portal' THEN 'B2B Portal'
            WHEN 'amazon' THEN 'Amazon Marketplace'
            WHEN 'walmart' THEN 'Walmart Marketplace'
            ELSE 'Unknown'
        END AS acquisition_channel
    FROM first_orders f
    LEFT JOIN first_touch t ON t.customer_id = f.customer_id AND t.touch_rank = 1
)
SELECT
    c.customer_key,
    c.customer_id,
    c.customer_version,
    c.full_name,
    c.first_name,
    c.last_name,
    c.email,
    c.phone,
    c.customer_segment,
    c.company_name,
    a.acquisition_channel,
    c.city,
    c.state,
    c.zip,
    c.country,
    c.marketing_opt_in,
    a.first_order_date,
    c.created_at,
    c.valid_from,
    c.valid_to,
    c.is_current,
    c._loaded_at
FROM staging.stg_customers c
LEFT JOIN acquisition a ON a.customer_id = c.customer_id
UNION ALL
SELECT -1, -1, 0, 'Unknown', NULL, NULL, NULL, NULL, 'Unknown', NULL, 'Unknown',
       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true, NULL;
