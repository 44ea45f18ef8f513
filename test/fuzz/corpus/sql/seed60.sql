select a between 1 and 3, a between symmetric 3 and 1, b is distinct from 'x', f is not true, b ilike '%Y%', a in (1, null), not (a > 1 and f) from t
