select t.a, u.z from t left join u on t.a = u.a and u.z <> 'uno' order by 1, 2
