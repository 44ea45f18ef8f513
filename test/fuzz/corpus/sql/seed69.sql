select (select count(*) from u u2 where u2.a = u.a and u2.z > (select min(b) from t where t.a = u.a)) from u
