-- landing: ga4/events
-- format: json
-- The GA4 BigQuery export shape: event_timestamp in microseconds since 1970 (UTC).
CREATE TABLE raw.ga4_events (
    event_date text,
    event_timestamp bigint,
    event_name text,
    user_pseudo_id text,
    user_id text,
    event_params jsonb,
    "traffic_source.source" text,
    "traffic_source.medium" text,
    "traffic_source.name" text,
    "device.category" text,
    "geo.region" text,
    "geo.city" text,
    "ecommerce.transaction_id" text,
    "ecommerce.purchase_revenue" numeric(12,2)
);
