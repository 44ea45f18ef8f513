-- materialized: incremental
-- unique_key: order_id
-- changed_at: _loaded_at
-- One row per order in its latest state: an order comes back in later extracts at each
-- status change (late-arriving updates), the latest updated_at wins, ties broken by the
-- later load, then the later file. order_date is the date in America/New_York.
-- Incremental: a key with a new raw row is ranked again (its _loaded_at, the latest
-- load of its rows, passes the table's latest); the engine reads only those keys' rows.
WITH ranked AS (
    SELECT o.*,
           row_number() OVER (PARTITION BY order_id
                              ORDER BY updated_at DESC NULLS LAST, _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY order_id) AS max_loaded_at
    FROM raw.shop_orders o
    WHERE order_id IS NOT NULL
)
SELECT
    order_id,
    customer_id,
    order_ts,
    (order_ts AT TIME ZONE 'America/New_York')::date AS order_date,
    channel,
    status,
    warehouse_id,
    ship_city,
    ship_state,
    ship_zip,
    promo_code,
    subtotal,
    discount_total,
    shipping_fee,
    tax,
    total,
    ga_session_id,
    updated_at,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
