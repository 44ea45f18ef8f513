-- materialized: table
-- One row per (non-voided) shipment. date_key = the ship date in America/New_York.
-- hours_to_ship = order to label scan; transit_days = local delivery date - local ship
-- date; is_on_time = delivered on or before the promised (local) date, NULL until
-- delivered. zip3 = the destination zip's 3-digit prefix.
SELECT
    s.shipment_id,
    s.order_id,
    coalesce(CAST(to_char(CAST(s.ship_ts AT TIME ZONE 'America/New_York' AS date), 'YYYYMMDD') AS integer), -1) AS date_key,
    CAST(s.ship_ts AT TIME ZONE 'America/New_York' AS date) AS ship_date,
    coalesce(w.warehouse_key, -1) AS warehouse_key,
    s.warehouse_id,
    s.carrier,
    s.service,
    o.channel AS sales_channel,
    o.order_ts,
    s.ship_ts,
    s.promised_date,
    s.delivered_ts,
    CAST(s.delivered_ts AT TIME ZONE 'America/New_York' AS date) AS delivered_date,
    s.destination_zip,
    left(s.destination_zip, 3) AS zip3,
    s.destination_state,
    s.shipping_cost,
    round(CAST(extract(epoch FROM (s.ship_ts - o.order_ts)) / 3600.0 AS numeric), 2) AS hours_to_ship,
    CAST(s.delivered_ts AT TIME ZONE 'America/New_York' AS date)
        - CAST(s.ship_ts AT TIME ZONE 'America/New_York' AS date) AS transit_days,
    s.delivered_ts IS NOT NULL AS is_delivered,
    CASE WHEN s.delivered_ts IS NULL THEN NULL
         ELSE CAST(s.delivered_ts AT TIME ZONE 'America/New_York' AS date) <= s.promised_date
    END AS is_on_time,
    s.exception_count,
    s.tracking_number,
    s._loaded_at
FROM staging.stg_shipments s
LEFT JOIN staging.stg_orders o ON o.order_id = s.order_id
LEFT JOIN dimensions.dim_warehouse w ON w.warehouse_key = s.warehouse_id AND w.warehouse_key <> -1
WHERE NOT s.is_voided;
