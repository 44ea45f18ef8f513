-- materialized: materialized_view
-- One row per SKU × warehouse in the latest inventory snapshot (the as-of date), with the
-- spec's velocity and reorder figures. Windows end on the as-of date and include it: the
-- last 90 days are as_of − 89 .. as_of, the last 30 as_of − 29 .. as_of. Units sold are
-- the non-cancelled lines shipped from the warehouse (returns not netted), by order date.
--   avg_daily_demand      units_sold_90d / 90
--   days_of_supply        available / avg_daily_demand (NULL without demand)
--   sell_through_rate_30d units_sold_30d / (units_sold_30d + on_hand) (NULL when both 0)
--   stockout_days_90d     snapshot days of the window with available <= 0
--   demand_stddev_90d     sample standard deviation of the 90 daily demands (days
--                         without sales are 0), from their sum and sum of squares
--   safety_stock          1.65 × demand_stddev_90d × sqrt(lead_time_days)
--   reorder_point         avg_daily_demand × lead_time_days + safety_stock
--   reorder_now           available + on_order <= reorder_point
--   suggested_order_qty   when reorder_now: enough to bring available + on order back to
--                         the reorder point plus 30 days of demand, rounded up; else 0
--   aged_units            on_hand when the SKU had no sale in any warehouse in 90 days
-- The lead time is the supplier's (NetSuite), latest row per supplier; a SKU without a
-- known supplier has NULL reorder figures.
WITH as_of AS (
    SELECT max(snapshot_date) AS as_of_date FROM facts.fact_inventory_daily
),
stock AS (
    SELECT i.*
    FROM facts.fact_inventory_daily i
    JOIN as_of a ON i.snapshot_date = a.as_of_date
),
daily_sales AS (
    SELECT s.product_id, s.warehouse_id, s.order_date, sum(s.quantity) AS units
    FROM facts.fact_sales s
    CROSS JOIN as_of a
    WHERE s.status <> 'cancelled'
      AND s.order_date > a.as_of_date - 90
      AND s.order_date <= a.as_of_date
    GROUP BY s.product_id, s.warehouse_id, s.order_date
),
demand AS (
    SELECT d.product_id,
           d.warehouse_id,
           sum(d.units) AS units_sold_90d,
           sum(CASE WHEN d.order_date > a.as_of_date - 30 THEN d.units ELSE 0 END) AS units_sold_30d,
           sum(d.units::double precision * d.units) AS sum_squares
    FROM daily_sales d
    CROSS JOIN as_of a
    GROUP BY d.product_id, d.warehouse_id
),
sku_sales AS (
    SELECT s.product_id, max(s.order_date) AS last_sale_date
    FROM facts.fact_sales s
    CROSS JOIN as_of a
    WHERE s.status <> 'cancelled'
      AND s.order_date <= a.as_of_date
    GROUP BY s.product_id
),
stockouts AS (
    SELECT i.product_id, i.warehouse_id, count(*) AS stockout_days
    FROM facts.fact_inventory_daily i
    CROSS JOIN as_of a
    WHERE i.snapshot_date > a.as_of_date - 90
      AND i.snapshot_date <= a.as_of_date
      AND i.available <= 0
    GROUP BY i.product_id, i.warehouse_id
),
suppliers AS (
    SELECT DISTINCT ON (supplier_id) supplier_id, lead_time_days
    FROM raw.netsuite_suppliers
    ORDER BY supplier_id, updated_at DESC
),
figures AS (
    SELECT a.as_of_date,
           st.product_key,
           st.product_id,
           p.sku,
           p.category_name,
           st.warehouse_key,
           st.warehouse_id,
           st.on_hand,
           st.reserved,
           st.available,
           st.on_order,
           coalesce(d.units_sold_30d, 0) AS units_sold_30d,
           coalesce(d.units_sold_90d, 0) AS units_sold_90d,
           coalesce(d.units_sold_90d, 0)::double precision / 90 AS avg_daily_demand,
           sqrt(greatest(coalesce(d.sum_squares, 0)
                         - coalesce(d.units_sold_90d, 0)::double precision * coalesce(d.units_sold_90d, 0) / 90, 0)
                / 89) AS demand_stddev_90d,
           coalesce(so.stockout_days, 0) AS stockout_days_90d,
           sup.lead_time_days,
           ss.last_sale_date
    FROM stock st
    CROSS JOIN as_of a
    LEFT JOIN dimensions.dim_product p ON p.product_key = st.product_key
    LEFT JOIN demand d ON d.product_id = st.product_id AND d.warehouse_id = st.warehouse_id
    LEFT JOIN stockouts so ON so.product_id = st.product_id AND so.warehouse_id = st.warehouse_id
    LEFT JOIN suppliers sup ON sup.supplier_id = p.supplier_id
    LEFT JOIN sku_sales ss ON ss.product_id = st.product_id
),
reorder AS (
    SELECT f.*,
           1.65 * demand_stddev_90d * sqrt(lead_time_days::double precision) AS safety_stock,
           avg_daily_demand * lead_time_days
             + 1.65 * demand_stddev_90d * sqrt(lead_time_days::double precision) AS reorder_point
    FROM figures f
)
SELECT as_of_date,
       to_char(as_of_date, 'YYYYMMDD')::integer AS date_key,
       product_key,
       product_id,
       sku,
       category_name,
       warehouse_key,
       warehouse_id,
       on_hand,
       reserved,
       available,
       on_order,
       units_sold_30d,
       units_sold_90d,
       avg_daily_demand,
       available / nullif(avg_daily_demand, 0) AS days_of_supply,
       units_sold_30d::double precision / nullif(units_sold_30d + on_hand, 0) AS sell_through_rate_30d,
       stockout_days_90d,
       lead_time_days,
       demand_stddev_90d,
       safety_stock,
       reorder_point,
       available + on_order <= reorder_point AS reorder_now,
       CASE WHEN available + on_order <= reorder_point
            THEN ceil(reorder_point + 30 * avg_daily_demand - available - on_order)::integer
            ELSE 0
       END AS suggested_order_qty,
       last_sale_date,
       last_sale_date IS NULL OR last_sale_date <= as_of_date - 90 AS is_aged,
       CASE WHEN last_sale_date IS NULL OR last_sale_date <= as_of_date - 90 THEN on_hand ELSE 0 END AS aged_units,
       rank() OVER (ORDER BY units_sold_90d DESC) AS velocity_rank
FROM reorder
