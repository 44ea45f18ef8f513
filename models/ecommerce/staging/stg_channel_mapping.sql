-- materialized: table
-- GA4 traffic_source (source, medium) -> marketing channel. A row with a NULL source
-- matches any source of its medium (affiliate networks, other search engines,
-- referrers); an exact (source, medium) row wins over it. Sessions matching no row get
-- the channel 'Unknown' in the facts (channel_key -1).
SELECT source, medium, channel_name
FROM (VALUES
    ('(direct)',   '(none)',    'Direct'),
    ('facebook',   'cpc',       'Facebook Ads'),
    ('instagram',  'cpc',       'Facebook Ads'),
    ('google',     'cpc',       'Google Ads'),
    ('youtube',    'cpc',       'Google Ads'),
    ('amazon',     'cpc',       'Amazon Ads'),
    ('tiktok',     'cpc',       'TikTok Ads'),
    ('bing',       'cpc',       'Bing Ads'),
    ('pinterest',  'cpc',       'Pinterest Ads'),
    ('email',      'email',     'Email'),
    (NULL,         'email',     'Email'),
    (NULL,         'affiliate', 'Affiliate'),
    (NULL,         'organic',   'Organic Search'),
    (NULL,         'social',    'Organic Social'),
    ('facebook',   'referral',  'Organic Social'),
    ('instagram',  'referral',  'Organic Social'),
    ('tiktok',     'referral',  'Organic Social'),
    ('pinterest',  'referral',  'Organic Social'),
    (NULL,         'referral',  'Referral')
) AS m(source, medium, channel_name);
