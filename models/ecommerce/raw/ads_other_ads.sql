-- landing: ads/other_ads
-- format: csv
CREATE TABLE raw.ads_other_ads (
    date date,
    channel text,
    campaign text,
    impressions bigint,
    clicks bigint,
    spend numeric(12,2)
);
