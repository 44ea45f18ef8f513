select a, count(*) from v group by a order by n
