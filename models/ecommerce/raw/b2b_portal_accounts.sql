-- landing: b2b_portal/accounts
-- format: csv
-- MySQL DATETIME columns: the portal's local time (America/New_York), without an offset.
CREATE TABLE raw.b2b_portal_accounts (
    account_id integer,
    customer_id bigint,
    company_name text,
    tier text,
    credit_limit numeric(12,2),
    payment_terms_days integer,
    sales_rep text,
    region text,
    created_at timestamp,
    updated_at timestamp
);
