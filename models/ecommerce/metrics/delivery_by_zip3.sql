-- materialized: materialized_view
-- The fulfilment family's delivery times by destination: one row per ship month ×
-- destination zip3 (the first 3 digits of the ship-to zip) × carrier, over non-voided
-- shipments. Transit days and the on-time rate count delivered shipments only.
SELECT date_trunc('month', (ship_ts AT TIME ZONE 'America/New_York')::date)::date AS ship_month,
       zip3,
       carrier,
       count(*) AS shipments,
       sum(CASE WHEN is_delivered THEN 1 ELSE 0 END) AS delivered_shipments,
       avg(transit_days)::double precision AS avg_transit_days,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY transit_days) AS median_transit_days,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY transit_days) AS p90_transit_days,
       sum(CASE WHEN is_on_time THEN 1 ELSE 0 END)::double precision
           / nullif(sum(CASE WHEN is_delivered THEN 1 ELSE 0 END), 0) AS on_time_rate,
       sum(exception_count) AS delivery_exceptions
FROM facts.fact_shipments
GROUP BY 1, zip3, carrier
