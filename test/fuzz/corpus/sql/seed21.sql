select a, b, c from t where c > all (select a from u where a is not null) or a = any (array[1,2])
