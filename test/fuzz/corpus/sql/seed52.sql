values (1, 'a'), (2, null), (null, 'c') order by 1 nulls first
