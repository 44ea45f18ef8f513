-- materialized: table
-- B2B portal accounts in their latest state (tier reviews and credit-limit raises come
-- back with a later updated_at). The portal's MySQL DATETIMEs carry no offset: they are
-- the portal's local time, America/New_York, turned into absolute instants here.
WITH ranked AS (
    SELECT a.*,
           row_number() OVER (PARTITION BY account_id
                              ORDER BY updated_at DESC NULLS LAST, _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY account_id) AS max_loaded_at
    FROM raw.b2b_portal_accounts a
    WHERE account_id IS NOT NULL
)
SELECT
    account_id,
    customer_id,
    company_name,
    tier,
    credit_limit,
    payment_terms_days,
    sales_rep,
    region,
    created_at AT TIME ZONE 'America/New_York' AS created_at,
    updated_at AT TIME ZONE 'America/New_York' AS updated_at,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
