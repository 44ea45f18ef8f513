select array_agg(a order by a desc nulls last), array_length(array[1,2,3], 1), (array[1,2,3])[2:3], array_to_string(array[1,null,3], ',', '*'), string_to_array('a,b,,c', ',', '') from t
