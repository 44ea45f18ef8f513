select * from t right join u on t.a < u.a and t.e > 0
