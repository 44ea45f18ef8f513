-- materialized: incremental
-- changed_at: _loaded_at
-- GA4 events flattened: event_timestamp (microseconds since 1970, UTC) becomes an
-- instant, event_date ('YYYYMMDD', the shop's local date) a date, and ga_session_id,
-- page_location and transaction_id are looked up by key in event_params (not by
-- position). Ids are strings in GA4; user_id becomes the customer id. Events never
-- change and carry no id, so nothing is deduplicated here.
-- Incremental without a key: events are appended as their files load.
SELECT
    to_date(e.event_date, 'YYYYMMDD') AS event_date,
    timestamptz '1970-01-01 00:00:00+00' + e.event_timestamp * interval '1 microsecond' AS event_ts,
    e.event_name,
    (SELECT CAST(p -> 'value' ->> 'int_value' AS bigint)
       FROM jsonb_array_elements(e.event_params) AS p
      WHERE p ->> 'key' = 'ga_session_id') AS ga_session_id,
    (SELECT p -> 'value' ->> 'string_value'
       FROM jsonb_array_elements(e.event_params) AS p
      WHERE p ->> 'key' = 'page_location') AS page_location,
    CAST(coalesce(e."ecommerce.transaction_id",
                  (SELECT p -> 'value' ->> 'string_value'
                     FROM jsonb_array_elements(e.event_params) AS p
                    WHERE p ->> 'key' = 'transaction_id')) AS bigint) AS transaction_id,
    e.user_pseudo_id,
    CAST(nullif(trim(e.user_id), '') AS bigint) AS customer_id,
    e."traffic_source.source" AS source,
    e."traffic_source.medium" AS medium,
    e."traffic_source.name" AS campaign,
    e."device.category" AS device_category,
    e."geo.region" AS region,
    e."geo.city" AS city,
    e."ecommerce.purchase_revenue" AS purchase_revenue,
    e._source_file,
    e._loaded_at
FROM raw.ga4_events e;
