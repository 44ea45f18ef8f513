-- materialized: table
-- The planning sheet's marketing budget, month x channel (month = its first day); a
-- re-exported sheet replaces the earlier one (latest extract wins).
WITH ranked AS (
    SELECT b.*,
           row_number() OVER (PARTITION BY month, channel ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY month, channel) AS max_loaded_at
    FROM raw.sheets_marketing_budget b
    WHERE month IS NOT NULL AND channel IS NOT NULL
)
SELECT month AS budget_month, trim(channel) AS channel_name, budget, max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
