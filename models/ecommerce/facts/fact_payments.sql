-- materialized: table
-- One row per Stripe charge (web and B2B portal orders; marketplaces take their own
-- payments), in dollars, with its latest dispute (a charge has at most one in practice;
-- the latest opened wins). date_key = the charge's date in America/New_York.
WITH disputes AS (
    SELECT d.*,
           row_number() OVER (PARTITION BY charge_id ORDER BY created_at DESC, dispute_id DESC) AS dispute_rank
    FROM staging.stg_disputes d
)
SELECT
    c.charge_id,
    c.order_id,
    coalesce(CAST(to_char(CAST(c.created_at AT TIME ZONE 'America/New_York' AS date), 'YYYYMMDD') AS integer), -1) AS date_key,
    c.created_at,
    c.amount,
    c.amount_refunded,
    c.status,
    c.paid,
    c.refunded,
    c.card_brand,
    c.card_country,
    c.risk_level,
    d.dispute_id IS NOT NULL AS is_disputed,
    d.dispute_id,
    d.amount AS dispute_amount,
    d.reason AS dispute_reason,
    d.status AS dispute_status,
    d.created_at AS disputed_at,
    greatest(c._loaded_at, d._loaded_at) AS _loaded_at
FROM staging.stg_charges c
LEFT JOIN disputes d ON d.charge_id = c.charge_id AND d.dispute_rank = 1;
