-- landing: ads/amazon_ads
-- format: csv
CREATE TABLE raw.ads_amazon_ads (
    date date,
    campaign_name text,
    campaign_type text,
    impressions bigint,
    clicks bigint,
    spend numeric(12,2),
    attributed_sales_14d numeric(12,2),
    attributed_units_14d integer
);
