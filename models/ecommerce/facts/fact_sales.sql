-- materialized: incremental
-- unique_key: order_item_id
-- changed_at: _loaded_at
-- One row per order line. Cancelled orders' lines stay, with status = 'cancelled':
-- rows never disappear, and every revenue figure filters status <> 'cancelled'.
-- gross_revenue = quantity x unit_price; discount_amount = the line's discount;
-- refund_amount = refunds of the line's returns that were received (the refund is
-- issued when the warehouse receives the goods); net_revenue = gross - discount -
-- refund; cost_amount = quantity x unit_cost at order time (from the order line);
-- gross_margin = net_revenue - cost_amount. returned_quantity counts every requested
-- return of the line (received or not), for return rates. Money columns are numeric(12,2):
-- spec §5 keeps money with 2 decimals at rest.
-- customer_key is the customer's version in force at order_ts; a missing dimension row
-- gives -1. customer_segment comes from that version (B2B portal orders of an unknown
-- customer count as B2B, others as B2C). _loaded_at = the latest load of the line, its
-- order, its returns and the customer version it points to.
WITH line_returns AS (
    SELECT
        order_item_id,
        sum(quantity) AS returned_quantity,
        sum(CASE WHEN is_received THEN refund_amount ELSE 0 END) AS refund_amount,
        max(_loaded_at) AS _loaded_at
    FROM staging.stg_returns
    GROUP BY order_item_id
),
lines AS (
    SELECT
        i.order_item_id,
        i.order_id,
        o.order_ts,
        o.order_date,
        o.customer_id,
        i.product_id,
        o.warehouse_id,
        o.channel AS sales_channel,
        o.status,
        i.quantity,
        i.unit_price,
        CAST(i.quantity * i.unit_price AS numeric(12,2)) AS gross_revenue,
        CAST(coalesce(i.discount, 0) AS numeric(12,2)) AS discount_amount,
        CAST(coalesce(r.refund_amount, 0) AS numeric(12,2)) AS refund_amount,
        i.unit_cost,
        CAST(i.quantity * i.unit_cost AS numeric(12,2)) AS cost_amount,
        coalesce(r.returned_quantity, 0) AS returned_quantity,
        greatest(i.updated_at, o.updated_at) AS updated_at,
        greatest(i._loaded_at, o._loaded_at, r._loaded_at) AS _loaded_at
    FROM staging.stg_order_items i
    LEFT JOIN staging.stg_orders o ON o.order_id = i.order_id
    LEFT JOIN line_returns r ON r.order_item_id = i.order_item_id
)
SELECT
    l.order_item_id,
    l.order_id,
    coalesce(CAST(to_char(l.order_date, 'YYYYMMDD') AS integer), -1) AS date_key,
    l.order_date,
    l.order_ts,
    coalesce(cv.customer_key, c1.customer_key, -1) AS customer_key,
    l.customer_id,
    coalesce(p.product_key, -1) AS product_key,
    l.product_id,
    coalesce(w.warehouse_key, -1) AS warehouse_key,
    l.warehouse_id,
    l.sales_channel,
    coalesce(cv.customer_segment, c1.customer_segment,
             CASE WHEN l.sales_channel = 'b2b_portal' THEN 'B2B' ELSE 'B2C' END) AS customer_segment,
    l.status,
    l.quantity,
    l.unit_price,
    l.gross_revenue,
    l.discount_amount,
    l.refund_amount,
    CAST(l.gross_revenue - l.discount_amount - l.refund_amount AS numeric(12,2)) AS net_revenue,
    l.unit_cost,
    l.cost_amount,
    CAST(l.gross_revenue - l.discount_amount - l.refund_amount - l.cost_amount AS numeric(12,2)) AS gross_margin,
    l.returned_quantity,
    l.updated_at,
    greatest(l._loaded_at, cv._loaded_at, c1._loaded_at) AS _loaded_at
FROM lines l
LEFT JOIN dimensions.dim_customer cv
       ON cv.customer_id = l.customer_id
      AND cv.customer_key <> -1
      AND l.order_ts >= cv.valid_from
      AND (cv.valid_to IS NULL OR l.order_ts < cv.valid_to)
LEFT JOIN dimensions.dim_customer c1
       ON c1.customer_id = l.customer_id
      AND c1.customer_version = 1
      AND cv.customer_key IS NULL
LEFT JOIN dimensions.dim_product p ON p.product_key = l.product_id AND p.product_key <> -1
LEFT JOIN dimensions.dim_warehouse w ON w.warehouse_key = l.warehouse_id AND w.warehouse_key <> -1;
