select regexp_replace(b, '(x)', '\1\1', 'g'), regexp_match('abc123', '[0-9]+'), regexp_count('aaa', 'a'), b ~* '^Y', b similar to 'x%' from t
