select * from t full join u using (a) where t.b is null or u.z is null
