select a, b, sum(c) from t group by grouping sets ((a), (b), ()) order by grouping(a, b), 1, 2
