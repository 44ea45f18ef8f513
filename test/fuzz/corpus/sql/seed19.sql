select t.a, x.n from t cross join lateral (select count(*) as n from u where u.a >= t.a) x
