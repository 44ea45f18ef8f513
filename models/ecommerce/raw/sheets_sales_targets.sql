-- landing: sheets/sales_targets
-- format: csv
CREATE TABLE raw.sheets_sales_targets (
    month date,
    region text,
    target_revenue numeric(12,2)
);
