-- materialized: incremental
-- unique_key: order_id
-- changed_at: _loaded_at
-- One row per order, its lines summed from fact_sales (so order and line figures always
-- agree). Cancelled orders stay with status = 'cancelled'; revenue figures filter them.
-- Revenue excludes tax and shipping (kept as shipping_fee and tax; order_total is what
-- the customer paid). is_first_order: the customer's first non-cancelled order (by
-- order_ts, then order_id); always false for a cancelled order. Money columns are
-- numeric(12,2), as in fact_sales.
WITH order_lines AS (
    SELECT
        order_id,
        count(*) AS items,
        sum(quantity) AS units,
        sum(gross_revenue) AS gross_revenue,
        sum(discount_amount) AS discount_amount,
        sum(refund_amount) AS refund_amount,
        sum(net_revenue) AS net_revenue,
        sum(cost_amount) AS cost_amount,
        sum(returned_quantity) AS returned_units,
        max(customer_key) AS customer_key,
        max(customer_segment) AS customer_segment,
        max(_loaded_at) AS _loaded_at
    FROM facts.fact_sales
    GROUP BY order_id
),
first_orders AS (
    SELECT order_id,
           row_number() OVER (PARTITION BY customer_id ORDER BY order_ts, order_id) AS order_rank
    FROM staging.stg_orders
    WHERE status <> 'cancelled' AND customer_id IS NOT NULL
)
SELECT
    o.order_id,
    coalesce(CAST(to_char(o.order_date, 'YYYYMMDD') AS integer), -1) AS date_key,
    o.order_date,
    o.order_ts,
    coalesce(l.customer_key, -1) AS customer_key,
    o.customer_id,
    coalesce(w.warehouse_key, -1) AS warehouse_key,
    o.warehouse_id,
    o.channel AS sales_channel,
    coalesce(l.customer_segment,
             CASE WHEN o.channel = 'b2b_portal' THEN 'B2B' ELSE 'B2C' END) AS customer_segment,
    o.status,
    coalesce(l.items, 0) AS items,
    coalesce(l.units, 0) AS units,
    CAST(coalesce(l.gross_revenue, 0) AS numeric(12,2)) AS gross_revenue,
    CAST(coalesce(l.discount_amount, 0) AS numeric(12,2)) AS discount_amount,
    CAST(coalesce(l.refund_amount, 0) AS numeric(12,2)) AS refund_amount,
    CAST(coalesce(l.net_revenue, 0) AS numeric(12,2)) AS net_revenue,
    CAST(coalesce(l.cost_amount, 0) AS numeric(12,2)) AS cost_amount,
    CAST(coalesce(l.net_revenue, 0) - coalesce(l.cost_amount, 0) AS numeric(12,2)) AS gross_margin,
    coalesce(l.returned_units, 0) AS returned_units,
    o.subtotal,
    o.discount_total,
    o.shipping_fee,
    o.tax,
    o.total AS order_total,
    coalesce(f.order_rank = 1, false) AS is_first_order,
    o.ga_session_id,
    o.ship_city,
    o.ship_state,
    o.ship_zip,
    o.promo_code,
    o.updated_at,
    greatest(o._loaded_at, l._loaded_at) AS _loaded_at
FROM staging.stg_orders o
LEFT JOIN order_lines l ON l.order_id = o.order_id
LEFT JOIN first_orders f ON f.order_id = o.order_id
LEFT JOIN dimensions.dim_warehouse w ON w.warehouse_key = o.warehouse_id AND w.warehouse_key <> -1;
