select a, (select array_agg(z order by z) from u where u.a = t.a) from t where b in (select z from u union select 'x')
