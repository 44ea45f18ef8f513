select a from t except all select a from u union all (select 5 order by 1 limit 1) order by 1 desc limit 2 offset 1
