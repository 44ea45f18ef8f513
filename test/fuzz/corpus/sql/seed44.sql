select percentile_cont(0.5) within group (order by c), percentile_disc(array[0.25, 0.75]) within group (order by a), mode() within group (order by b), median(e) from t
