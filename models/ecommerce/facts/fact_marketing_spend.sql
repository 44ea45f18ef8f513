-- materialized: table
-- Ad spend per channel, campaign and day (the platforms' latest restatement), in
-- dollars, with the platforms' own conversion claims. campaign_id is NULL where the
-- platform exports none (Amazon, the smaller channels): campaign_name identifies the
-- campaign within its channel.
SELECT
    CAST(to_char(m.spend_date, 'YYYYMMDD') AS integer) AS date_key,
    m.spend_date,
    coalesce(ch.channel_key, -1) AS channel_key,
    m.channel_name,
    m.campaign_id,
    m.campaign_name,
    m.impressions,
    m.clicks,
    m.spend,
    m.platform_conversions,
    m.platform_revenue,
    m._loaded_at
FROM staging.stg_marketing_spend m
LEFT JOIN dimensions.dim_channel ch ON ch.channel_name = m.channel_name AND ch.channel_key <> -1;
