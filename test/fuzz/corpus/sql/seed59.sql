select greatest(a, 2, null), least(b, 'm'), nvl(b, 'none'), nvl2(b, 1, 0), decode(a, 1, 'one', 2, 'two', 'other'), nullif(a, 1), coalesce(null, b, 'z') from t
