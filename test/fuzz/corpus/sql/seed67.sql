select * from t order by b collate "C" desc nulls first, a limit all
