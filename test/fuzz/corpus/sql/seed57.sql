explain select t.a, count(*) from t join u on t.a = u.a group by t.a
