-- materialized: table
-- The planning sheet's sales targets (net revenue), month x sales region; a re-exported
-- sheet replaces the earlier one (latest extract wins).
WITH ranked AS (
    SELECT t.*,
           row_number() OVER (PARTITION BY month, region ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY month, region) AS max_loaded_at
    FROM raw.sheets_sales_targets t
    WHERE month IS NOT NULL AND region IS NOT NULL
)
SELECT month AS target_month, trim(region) AS region, target_revenue, max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
