-- materialized: materialized_view
-- One row per ship date (America/New_York) × warehouse × carrier, over non-voided
-- shipments. Hours to ship: order → ship; transit days: ship → delivered (delivered
-- shipments only). The on-time rate is on_time_shipments / delivered_shipments: a
-- shipment counts once delivered (a late one still in transit is not yet late).
-- delivery_exceptions counts the carrier's exception events; shipments_with_exceptions
-- the shipments that had at least one.
SELECT date_key,
       (ship_ts AT TIME ZONE 'America/New_York')::date AS ship_date,
       warehouse_key,
       warehouse_id,
       carrier,
       count(DISTINCT order_id) AS shipped_orders,
       count(*) AS shipments,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY hours_to_ship) AS median_hours_to_ship,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY hours_to_ship) AS p90_hours_to_ship,
       sum(CASE WHEN is_delivered THEN 1 ELSE 0 END) AS delivered_shipments,
       avg(transit_days)::double precision AS avg_transit_days,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY transit_days) AS median_transit_days,
       sum(CASE WHEN is_on_time THEN 1 ELSE 0 END) AS on_time_shipments,
       sum(CASE WHEN is_on_time THEN 1 ELSE 0 END)::double precision
           / nullif(sum(CASE WHEN is_delivered THEN 1 ELSE 0 END), 0) AS on_time_rate,
       sum(exception_count) AS delivery_exceptions,
       sum(CASE WHEN exception_count > 0 THEN 1 ELSE 0 END) AS shipments_with_exceptions
FROM facts.fact_shipments
GROUP BY date_key, (ship_ts AT TIME ZONE 'America/New_York')::date, warehouse_key, warehouse_id, carrier
