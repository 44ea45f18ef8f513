select a, pg_typeof(a), pg_typeof(c * 2), pg_typeof(d - 1), pg_typeof(e + c) from t limit 1
