with x as materialized (select a, b from t), y as (select * from x where a > 1) select * from y join x using (a)
