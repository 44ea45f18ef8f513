select count(*) from t t1, t t2, t t3, u where t1.a = t2.a and t2.a = t3.a and t3.a = u.a
