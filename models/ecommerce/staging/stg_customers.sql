-- materialized: table
-- One row per version of a shop customer (SCD type 2). Every distinct updated_at of a
-- customer is a version (a move, an opt-in flip); exact re-exports of the same version
-- are dropped (the later load wins). Version 1 is valid from the customer's creation,
-- later versions from their updated_at; valid_to is the next version's valid_from
-- (NULL while current). customer_key = customer_id * 1000 + version, so keys are stable
-- across builds and incremental facts never point at a renumbered row.
WITH exports AS (
    SELECT c.*,
           row_number() OVER (PARTITION BY customer_id, updated_at
                              ORDER BY _loaded_at DESC, _source_file DESC) AS export_rank,
           max(_loaded_at) OVER (PARTITION BY customer_id, updated_at) AS version_loaded_at
    FROM raw.shop_customers c
    WHERE customer_id IS NOT NULL
),
versions AS (
    SELECT e.*,
           row_number() OVER (PARTITION BY customer_id ORDER BY updated_at) AS customer_version,
           lead(updated_at) OVER (PARTITION BY customer_id ORDER BY updated_at) AS next_updated_at
    FROM exports e
    WHERE export_rank = 1
)
SELECT
    customer_id * 1000 + customer_version AS customer_key,
    customer_id,
    customer_version,
    lower(trim(email)) AS email,
    first_name,
    last_name,
    trim(concat_ws(' ', first_name, last_name)) AS full_name,
    phone,
    CASE lower(customer_type) WHEN 'b2b' THEN 'B2B' ELSE 'B2C' END AS customer_segment,
    company_name,
    address_city AS city,
    address_state AS state,
    address_zip AS zip,
    country,
    marketing_opt_in,
    created_at,
    updated_at,
    CASE WHEN customer_version = 1 THEN least(created_at, updated_at) ELSE updated_at END AS valid_from,
    next_updated_at AS valid_to,
    next_updated_at IS NULL AS is_current,
    version_loaded_at AS _loaded_at
FROM versions;
