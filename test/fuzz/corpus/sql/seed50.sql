select distinct on (b) b, a from t order by b, a desc
