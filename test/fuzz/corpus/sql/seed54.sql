create view vv as select a, b from t where a > 1 with check option; select * from vv; drop view vv
