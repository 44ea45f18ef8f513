select a, sum(c) over (order by a rows between 1 preceding and current row), lag(b, 1, 'none') over w from t window w as (order by a nulls first)
