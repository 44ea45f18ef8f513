select a, b, count(*) from t group by cube (a, b) order by 1 nulls first, 2 desc
