-- materialized: table
-- One row per Zendesk ticket (latest state). date_key = the creation date in
-- America/New_York; resolution_hours = created to solved (NULL while unsolved).
-- order_id is NULL for tickets not about an order.
SELECT
    t.ticket_id,
    t.order_id,
    coalesce(CAST(to_char(CAST(t.created_at AT TIME ZONE 'America/New_York' AS date), 'YYYYMMDD') AS integer), -1) AS date_key,
    t.created_at,
    t.updated_at,
    t.status,
    t.priority,
    t.channel,
    t.category,
    t.requester_email,
    t.first_reply_minutes,
    t.solved_at,
    round(CAST(extract(epoch FROM (t.solved_at - t.created_at)) / 3600.0 AS numeric), 2) AS resolution_hours,
    t.satisfaction,
    t._loaded_at
FROM staging.stg_tickets t;
