explain analyze select * from t order by c desc limit 2
