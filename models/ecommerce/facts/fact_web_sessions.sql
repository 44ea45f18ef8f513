-- materialized: table
-- One row per GA4 session (session_id = ga_session_id) with its channel (dim_channel by
-- the mapped channel name; -1 when the mapping does not know the source/medium).
-- customer_key: the customer's version in force at the session's start when GA4 knows
-- the user (user_id, logged in), else -1 (anonymous and guest sessions: customer_id
-- NULL). order_id and purchase_revenue (net of discounts, without tax and shipping) are
-- set on purchasing sessions.
SELECT
    s.session_id,
    s.user_pseudo_id,
    s.customer_id,
    coalesce(cv.customer_key, c1.customer_key, -1) AS customer_key,
    s.session_start_ts,
    s.session_end_ts,
    coalesce(CAST(to_char(CAST(s.session_start_ts AT TIME ZONE 'America/New_York' AS date), 'YYYYMMDD') AS integer), -1) AS date_key,
    CAST(s.session_start_ts AT TIME ZONE 'America/New_York' AS date) AS session_date,
    s.source,
    s.medium,
    s.campaign,
    coalesce(ch.channel_key, -1) AS channel_key,
    coalesce(ch.channel_name, 'Unknown') AS channel_name,
    coalesce(ch.is_paid, false) AS is_paid_channel,
    s.device_category,
    s.region,
    s.city,
    s.events,
    s.page_views,
    s.item_views,
    s.add_to_carts,
    s.checkouts,
    s.is_purchase,
    s.order_id,
    s.purchase_revenue,
    s._loaded_at
FROM staging.stg_web_sessions s
LEFT JOIN dimensions.dim_channel ch ON ch.channel_name = s.channel_name AND ch.channel_key <> -1
LEFT JOIN dimensions.dim_customer cv
       ON cv.customer_id = s.customer_id
      AND cv.customer_key <> -1
      AND s.session_start_ts >= cv.valid_from
      AND (cv.valid_to IS NULL OR s.session_start_ts < cv.valid_to)
LEFT JOIN dimensions.dim_customer c1
       ON c1.customer_id = s.customer_id
      AND c1.customer_version = 1
      AND cv.customer_key IS NULL;
