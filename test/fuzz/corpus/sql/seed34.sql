select d + 30, d - '2000-01-01'::date, age(d, '1990-06-15'), date_part('dow', d), to_char(d, 'YYYY-MM-DD Day'), date_trunc('quarter', d::timestamp), extract(epoch from d) from t
