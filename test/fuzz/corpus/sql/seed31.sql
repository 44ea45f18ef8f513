select '{"a":1,"b":[1,2,{"c":null}]}'::json #>> '{b,2}', '[1,"x",true]'::jsonb -> 1, jsonb_typeof('{}'), json_array_length('[1,2]'), jsonb_pretty('{"k":[1]}')
