create schema s1; create table s1.q as select * from u; insert into s1.q (a) select a from t; select count(*) from s1.q; drop schema s1 cascade
