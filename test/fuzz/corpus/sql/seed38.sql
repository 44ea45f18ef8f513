select generate_series(1, 5), unnest(array['a','b']) 
