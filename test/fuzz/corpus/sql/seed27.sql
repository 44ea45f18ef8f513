select a, avg(e) over (order by d range between interval '1 day' preceding and current row) from t
