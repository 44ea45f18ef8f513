-- materialized: table
-- Zendesk tickets in their latest state (a ticket comes back at each status or rating
-- change: latest updated_at wins). Agents sometimes type the order id as '#12345': the
-- '#' is stripped before the cast. Times are UTC instants.
WITH ranked AS (
    SELECT t.*,
           row_number() OVER (PARTITION BY id
                              ORDER BY updated_at DESC NULLS LAST, _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY id) AS max_loaded_at
    FROM raw.zendesk_tickets t
    WHERE id IS NOT NULL
)
SELECT
    id AS ticket_id,
    CAST(nullif(ltrim(trim("custom_fields.order_id"), '#'), '') AS bigint) AS order_id,
    created_at,
    updated_at,
    status,
    priority,
    "via.channel" AS channel,
    lower(trim(requester_email)) AS requester_email,
    category,
    first_reply_time_minutes AS first_reply_minutes,
    solved_at,
    "satisfaction_rating.score" AS satisfaction,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
