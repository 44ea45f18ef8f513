select b, count(*) filter (where a > 1), bool_and(f), bool_or(f), stddev(c), variance(e), corr(a, e), regr_slope(a, c), listagg(b, ';') within group (order by a) from t group by b having count(*) > 0
