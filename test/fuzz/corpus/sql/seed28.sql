select cast(a as numeric(5,1)), c::int, e::real, b::varchar(1), d::timestamptz, '12:34'::interval, 'true'::boolean, '1e3'::float8::bigint from t
