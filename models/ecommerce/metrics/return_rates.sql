-- materialized: materialized_view
-- One row per order month × product category × sales channel, over non-cancelled lines.
-- Returns count in the month of the order they return (the same sales they are a share
-- of), so return_rate = returned_units / sold_units of the same lines; the returned_units
-- by reason are the spec's six reasons, so a reason's rate is its column / sold_units.
WITH lines AS (
    SELECT date_trunc('month', s.order_date)::date AS order_month,
           coalesce(p.category_name, 'Unknown') AS category_name,
           s.sales_channel,
           s.order_item_id,
           s.quantity,
           s.returned_quantity,
           s.refund_amount
    FROM facts.fact_sales s
    LEFT JOIN dimensions.dim_product p ON p.product_key = s.product_key
    WHERE s.status <> 'cancelled'
),
reasons AS (
    SELECT order_item_id,
           sum(CASE WHEN reason = 'damaged' THEN quantity ELSE 0 END) AS damaged,
           sum(CASE WHEN reason = 'wrong_item' THEN quantity ELSE 0 END) AS wrong_item,
           sum(CASE WHEN reason = 'not_as_described' THEN quantity ELSE 0 END) AS not_as_described,
           sum(CASE WHEN reason = 'changed_mind' THEN quantity ELSE 0 END) AS changed_mind,
           sum(CASE WHEN reason = 'late_delivery' THEN quantity ELSE 0 END) AS late_delivery,
           sum(CASE WHEN reason NOT IN ('damaged', 'wrong_item', 'not_as_described', 'changed_mind', 'late_delivery')
                    THEN quantity ELSE 0 END) AS other,
           count(*) AS returns
    FROM facts.fact_returns
    GROUP BY order_item_id
)
SELECT l.order_month,
       l.category_name,
       l.sales_channel,
       sum(l.quantity) AS sold_units,
       sum(l.returned_quantity) AS returned_units,
       sum(l.returned_quantity)::double precision / nullif(sum(l.quantity), 0) AS return_rate,
       coalesce(sum(r.returns), 0) AS returns,
       sum(l.refund_amount)::numeric(12,2) AS refund_amount,
       coalesce(sum(r.damaged), 0) AS returned_units_damaged,
       coalesce(sum(r.wrong_item), 0) AS returned_units_wrong_item,
       coalesce(sum(r.not_as_described), 0) AS returned_units_not_as_described,
       coalesce(sum(r.changed_mind), 0) AS returned_units_changed_mind,
       coalesce(sum(r.late_delivery), 0) AS returned_units_late_delivery,
       coalesce(sum(r.other), 0) AS returned_units_other
FROM lines l
LEFT JOIN reasons r ON r.order_item_id = l.order_item_id
GROUP BY l.order_month, l.category_name, l.sales_channel
