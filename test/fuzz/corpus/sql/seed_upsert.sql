INSERT INTO t VALUES (1, 'a'), (1, 'b') ON CONFLICT (a) DO UPDATE SET b = EXCLUDED.b || t.b WHERE t.a > 0
