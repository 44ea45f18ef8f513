select 1/0, 1 % 0, 0.0 / 0, 'abc'::int, '2024-13-01'::date, 'nan'::numeric / 1
