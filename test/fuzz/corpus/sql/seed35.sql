select make_date(2024, 2, 29), make_interval(1, 2, 3, 4, 5, 6, 7.5), justify_interval('35 days 30 hours'), interval '1 month' * 2.5, '2024-03-10 02:30'::timestamptz at time zone 'America/New_York'
