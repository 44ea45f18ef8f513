-- materialized: table
-- One row per calendar day, continuous from 1 January of the first order's year to
-- 31 December of the year of the latest date the warehouse knows (orders, web events,
-- snapshots, ad spend, tickets, shipments, and the planning sheets' months ahead), so
-- every fact's date_key and every planned month resolve. date_key = YYYYMMDD;
-- day_of_week 1 = Monday (ISO); week_of_year is the ISO week. Plus the -1 unknown row.
WITH known_dates AS (
    SELECT order_date AS d FROM staging.stg_orders
    UNION ALL SELECT event_date FROM staging.stg_web_events
    UNION ALL SELECT snapshot_date FROM staging.stg_inventory_snapshots
    UNION ALL SELECT spend_date FROM staging.stg_marketing_spend
    UNION ALL SELECT CAST(created_at AT TIME ZONE 'America/New_York' AS date) FROM staging.stg_tickets
    UNION ALL SELECT CAST(ship_ts AT TIME ZONE 'America/New_York' AS date) FROM staging.stg_shipments WHERE NOT is_voided
    UNION ALL SELECT CAST(budget_month + interval '1 month' - interval '1 day' AS date) FROM staging.stg_marketing_budget
    UNION ALL SELECT CAST(target_month + interval '1 month' - interval '1 day' AS date) FROM staging.stg_sales_targets
),
bounds AS (
    SELECT CAST(date_trunc('year', min(d)) AS date) AS first_day,
           CAST(date_trunc('year', max(d)) + interval '1 year' - interval '1 day' AS date) AS last_day
    FROM known_dates
),
days AS (
    SELECT CAST(g AS date) AS full_date
    FROM bounds, generate_series(CAST(bounds.first_day AS timestamp), CAST(bounds.last_day AS timestamp), interval '1 day') AS g
)
SELECT
    CAST(to_char(full_date, 'YYYYMMDD') AS integer) AS date_key,
    full_date,
    CAST(extract(year FROM full_date) AS integer) AS year_number,
    CAST(extract(quarter FROM full_date) AS integer) AS quarter_number,
    CAST(extract(month FROM full_date) AS integer) AS month_number,
    to_char(full_date, 'FMMonth') AS month_name,
    CAST(extract(week FROM full_date) AS integer) AS week_of_year,
    CAST(extract(isodow FROM full_date) AS integer) AS day_of_week,
    to_char(full_date, 'FMDay') AS day_name,
    extract(isodow FROM full_date) IN (6, 7) AS is_weekend,
    CAST(extract(day FROM full_date) AS integer) AS day_of_month,
    CAST(extract(doy FROM full_date) AS integer) AS day_of_year,
    CAST(date_trunc('month', full_date) AS date) AS month_start,
    to_char(full_date, 'YYYY-MM') AS year_month
FROM days
UNION ALL
SELECT -1, NULL, NULL, NULL, NULL, 'Unknown', NULL, NULL, 'Unknown', NULL, NULL, NULL, NULL, 'Unknown';
