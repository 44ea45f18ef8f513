select (select z from u where u.a = t.a order by z limit 1), exists (select 1 from u where u.a = t.a) from t
