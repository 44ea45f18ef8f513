-- materialized: table
-- Marketing and sales channels with fixed keys (stable across builds): the 8 paid
-- channels (spend rows and paid web sessions), the unpaid web traffic channels, and the
-- names used for customers acquired outside the web shop or on a web order GA4 did not
-- track (ad blockers, or before the GA4 export window). platform = where the spend is
-- reported. Plus the -1 unknown row (a GA4 source/medium the mapping does not know).
SELECT channel_key, channel_name, is_paid, platform, channel_group
FROM (VALUES
    (1,  'Facebook Ads',        true,  'facebook_ads', 'Paid Social'),
    (2,  'Google Ads',          true,  'google_ads',   'Paid Search'),
    (3,  'Amazon Ads',          true,  'amazon_ads',   'Marketplace Ads'),
    (4,  'TikTok Ads',          true,  'other_ads',    'Paid Social'),
    (5,  'Bing Ads',            true,  'other_ads',    'Paid Search'),
    (6,  'Pinterest Ads',       true,  'other_ads',    'Paid Social'),
    (7,  'Affiliate',           true,  'other_ads',    'Affiliate'),
    (8,  'Email',               true,  'other_ads',    'Email'),
    (9,  'Organic Search',      false, NULL,           'Organic'),
    (10, 'Organic Social',      false, NULL,           'Organic'),
    (11, 'Direct',              false, NULL,           'Direct'),
    (12, 'Referral',            false, NULL,           'Referral'),
    (13, 'Web (untracked)',     false, NULL,           'Untracked'),
    (14, 'B2B Portal',          false, NULL,           'Sales Channel'),
    (15, 'Amazon Marketplace',  false, NULL,           'Sales Channel'),
    (16, 'Walmart Marketplace', false, NULL,           'Sales Channel'),
    (-1, 'Unknown',             false, NULL,           'Unknown')
) AS c(channel_key, channel_name, is_paid, platform, channel_group);
