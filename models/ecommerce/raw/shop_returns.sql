-- landing: shop/returns
-- format: csv
CREATE TABLE raw.shop_returns (
    return_id bigint,
    order_item_id bigint,
    order_id bigint,
    quantity integer,
    reason text,
    requested_at timestamptz,
    received_at timestamptz,
    refund_amount numeric(12,2),
    restocked boolean
);
