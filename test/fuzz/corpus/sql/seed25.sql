select a, rank() over (order by c), dense_rank() over (order by b), ntile(3) over (), percent_rank() over (order by e desc), cume_dist() over (order by d) from t
