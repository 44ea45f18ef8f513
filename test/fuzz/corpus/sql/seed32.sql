select key, value from json_each('{"a":1,"b":"x"}') union all select 'e', value::json from jsonb_array_elements_text('[1,2]')
