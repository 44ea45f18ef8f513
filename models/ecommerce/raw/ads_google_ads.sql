-- landing: ads/google_ads
-- format: csv
-- cost in micros (1,000,000 = one dollar).
CREATE TABLE raw.ads_google_ads (
    segments_date date,
    campaign_id text,
    campaign_name text,
    ad_network_type text,
    impressions bigint,
    clicks bigint,
    cost_micros bigint,
    conversions numeric(12,2)
);
