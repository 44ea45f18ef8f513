select a from t where (a, b) in (select a, z from u) or a not in (select a from u)
