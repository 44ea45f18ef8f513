-- landing: ads/facebook_ads
-- format: csv
CREATE TABLE raw.ads_facebook_ads (
    date_start date,
    campaign_id text,
    campaign_name text,
    adset_name text,
    impressions bigint,
    clicks bigint,
    spend numeric(12,2),
    actions_purchase integer
);
