select json_extract_path_text('{"f2":{"f3":1},"f4":{"f5":99,"f6":"star"}}', 'f4', 'f6'), is_valid_json('{'), '{"a":1}'::jsonb @> '{"a":1}'
