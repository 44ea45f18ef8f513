-- materialized: incremental
-- unique_key: session_id
-- changed_at: _loaded_at
-- GA4 sessions (one row per ga_session_id) with their marketing channel: the session's
-- traffic_source (the same on all its events) mapped by stg_channel_mapping, an exact
-- (source, medium) row first, else the medium's any-source row, else 'Unknown'.
-- Shared by dim_customer (acquisition channel) and fact_web_sessions.
-- Incremental: a session with a new event is summed again from all its events (its
-- _loaded_at, the latest load of its events, passes the table's latest).
WITH sessions AS (
    SELECT
        ga_session_id AS session_id,
        min(user_pseudo_id) AS user_pseudo_id,
        max(customer_id) AS customer_id,
        min(event_ts) AS session_start_ts,
        max(event_ts) AS session_end_ts,
        min(event_date) AS event_date,
        min(lower(source)) AS source,
        min(lower(medium)) AS medium,
        min(campaign) AS campaign,
        min(device_category) AS device_category,
        min(region) AS region,
        min(city) AS city,
        count(*) AS events,
        count(*) FILTER (WHERE event_name = 'page_view') AS page_views,
        count(*) FILTER (WHERE event_name = 'view_item') AS item_views,
        count(*) FILTER (WHERE event_name = 'add_to_cart') AS add_to_carts,
        count(*) FILTER (WHERE event_name = 'begin_checkout') AS checkouts,
        count(*) FILTER (WHERE event_name = 'purchase') > 0 AS is_purchase,
        max(transaction_id) FILTER (WHERE event_name = 'purchase') AS order_id,
        sum(purchase_revenue) FILTER (WHERE event_name = 'purchase') AS purchase_revenue,
        max(_loaded_at) AS _loaded_at
    FROM staging.stg_web_events
    WHERE ga_session_id IS NOT NULL
    GROUP BY ga_session_id
)
SELECT
    s.session_id,
    s.user_pseudo_id,
    s.customer_id,
    s.session_start_ts,
    s.session_end_ts,
    s.event_date,
    s.source,
    s.medium,
    s.campaign,
    coalesce(exact.channel_name, by_medium.channel_name, 'Unknown') AS channel_name,
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
FROM sessions s
LEFT JOIN staging.stg_channel_mapping exact
       ON exact.source = s.source AND exact.medium = s.medium
LEFT JOIN staging.stg_channel_mapping by_medium
       ON by_medium.source IS NULL AND by_medium.medium = s.medium;
