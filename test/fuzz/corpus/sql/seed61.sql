select case a when 1 then 'one' when 2 then 'two' end, case when c < 0 then -c when c > 100 then 100 else c end from t
