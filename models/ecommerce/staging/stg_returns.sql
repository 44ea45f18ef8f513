-- materialized: table
-- One row per return in its latest state. A return is exported when requested
-- (received_at and restocked NULL) and again when received. The table has no
-- updated_at: the row's last change, coalesce(received_at, requested_at), stands in for
-- it, ties broken by the later load, then the later file. is_received marks the returns
-- whose refund has been issued.
WITH ranked AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY return_id
                              ORDER BY coalesce(received_at, requested_at) DESC NULLS LAST,
                                       _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY return_id) AS max_loaded_at
    FROM raw.shop_returns r
    WHERE return_id IS NOT NULL
)
SELECT
    return_id,
    order_item_id,
    order_id,
    quantity,
    reason,
    requested_at,
    received_at,
    received_at IS NOT NULL AS is_received,
    refund_amount,
    restocked,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
