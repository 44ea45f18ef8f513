select 1e308 * 10, -0.0::float8, 'infinity'::float8 - 'infinity'::float8, 'NaN'::float8 = 'NaN'::float8, 0.1 + 0.2, 2 ^ 1023 * 2
