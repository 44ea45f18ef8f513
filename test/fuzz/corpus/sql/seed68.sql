select sum(a) over (), count(*) over (partition by b), row_number() over (order by a desc) from t order by 3
