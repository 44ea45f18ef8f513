-- landing: zendesk/tickets
-- format: json
CREATE TABLE raw.zendesk_tickets (
    id bigint,
    created_at timestamptz,
    updated_at timestamptz,
    status text,
    priority text,
    "via.channel" text,
    requester_email text,
    "custom_fields.order_id" text,
    tags jsonb,
    category text,
    first_reply_time_minutes integer,
    solved_at timestamptz,
    "satisfaction_rating.score" text
);
