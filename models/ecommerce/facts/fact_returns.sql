-- materialized: table
-- One row per return (its latest state), with the returned line's product, customer,
-- warehouse and sales channel from fact_sales. date_key = the request date in
-- America/New_York. refund_amount is the shop's refund for the return (issued when
-- received: is_received).
SELECT
    r.return_id,
    r.order_item_id,
    r.order_id,
    coalesce(CAST(to_char(CAST(r.requested_at AT TIME ZONE 'America/New_York' AS date), 'YYYYMMDD') AS integer), -1) AS date_key,
    CAST(r.requested_at AT TIME ZONE 'America/New_York' AS date) AS requested_date,
    coalesce(f.product_key, -1) AS product_key,
    f.product_id,
    coalesce(f.customer_key, -1) AS customer_key,
    coalesce(f.warehouse_key, -1) AS warehouse_key,
    f.sales_channel,
    f.customer_segment,
    r.requested_at,
    r.received_at,
    r.is_received,
    r.quantity,
    r.reason,
    r.refund_amount,
    r.restocked,
    r._loaded_at
FROM staging.stg_returns r
LEFT JOIN facts.fact_sales f ON f.order_item_id = r.order_item_id;
