-- landing: sheets/marketing_budget
-- format: csv
CREATE TABLE raw.sheets_marketing_budget (
    month date,
    channel text,
    budget numeric(12,2)
);
