select * from generate_series('2024-01-01'::timestamp, '2024-01-03'::timestamp, '12 hours'::interval) g(x) where x > '2024-01-01'
