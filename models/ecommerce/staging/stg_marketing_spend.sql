-- materialized: table
-- The four ad platforms' daily campaign reports in one shape (channel x campaign x day).
-- Each platform names things its own way: Google reports cost in micros (/ 1e6),
-- Amazon has no campaign id (the name identifies the campaign), other_ads names its
-- channel in lower case. Platforms restate yesterday's numbers the next day: the row of
-- the latest extract wins per (channel, campaign, day). platform_conversions are the
-- platform's own claims (Facebook omits zero purchases: 0); platform_revenue only Amazon
-- reports (attributed sales, 14 days).
WITH reports AS (
    SELECT 'Facebook Ads' AS channel_name, date_start AS spend_date, campaign_id, campaign_name,
           impressions, clicks, spend,
           CAST(coalesce(actions_purchase, 0) AS numeric(12,2)) AS platform_conversions,
           CAST(NULL AS numeric(12,2)) AS platform_revenue,
           _loaded_at, _source_file
    FROM raw.ads_facebook_ads
    UNION ALL
    SELECT 'Google Ads', segments_date, campaign_id, campaign_name,
           impressions, clicks, CAST(cost_micros / 1000000.0 AS numeric(12,2)),
           conversions, CAST(NULL AS numeric(12,2)),
           _loaded_at, _source_file
    FROM raw.ads_google_ads
    UNION ALL
    SELECT 'Amazon Ads', date, CAST(NULL AS text), campaign_name,
           impressions, clicks, spend,
           CAST(NULL AS numeric(12,2)), attributed_sales_14d,
           _loaded_at, _source_file
    FROM raw.ads_amazon_ads
    UNION ALL
    SELECT CASE lower(channel)
               WHEN 'tiktok' THEN 'TikTok Ads'
               WHEN 'bing' THEN 'Bing Ads'
               WHEN 'pinterest' THEN 'Pinterest Ads'
               WHEN 'affiliate' THEN 'Affiliate'
               WHEN 'email' THEN 'Email'
               ELSE channel
           END,
           date, CAST(NULL AS text), campaign,
           impressions, clicks, spend,
           CAST(NULL AS numeric(12,2)), CAST(NULL AS numeric(12,2)),
           _loaded_at, _source_file
    FROM raw.ads_other_ads
),
ranked AS (
    SELECT r.*,
           row_number() OVER (PARTITION BY channel_name, campaign_name, spend_date
                              ORDER BY _loaded_at DESC, _source_file DESC) AS row_rank,
           max(_loaded_at) OVER (PARTITION BY channel_name, campaign_name, spend_date) AS max_loaded_at
    FROM reports r
    WHERE spend_date IS NOT NULL AND campaign_name IS NOT NULL
)
SELECT
    spend_date,
    channel_name,
    campaign_id,
    campaign_name,
    impressions,
    clicks,
    spend,
    platform_conversions,
    platform_revenue,
    max_loaded_at AS _loaded_at
FROM ranked
WHERE row_rank = 1;
