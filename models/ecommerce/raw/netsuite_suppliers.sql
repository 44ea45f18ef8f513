-- landing: netsuite/suppliers
-- format: csv
-- copy_options: TIMEFORMAT 'MM/DD/YYYY HH:MI:SS'
-- NetSuite exports local time (America/New_York) as MM/DD/YYYY HH24:MI:SS, without an offset.
CREATE TABLE raw.netsuite_suppliers (
    supplier_id integer,
    supplier_name text,
    country text,
    lead_time_days integer,
    updated_at timestamp
);
