#!/usr/bin/env bash
# `stockroom serve` with the real psql: TLS required (a self-signed certificate made here),
# SCRAM-SHA-256 login, statements, \copy both ways, an error, and a clean SIGTERM shutdown.
# Usage: psql_over_tls.sh STOCKROOM_BINARY. Exits 77 (skipped) without psql or openssl.
set -euo pipefail
# shellcheck source=test/server/serve_lib.sh
source "$(dirname "$0")/serve_lib.sh"
stockroom=$1
command -v psql >/dev/null && command -v openssl >/dev/null || { echo "SKIPPED: psql or openssl missing"; exit 77; }

make_test_dir

write_tls_serve_config "$dir"
"$stockroom" sql --db "$dir/data" -c "CREATE ROLE analyst LOGIN PASSWORD 's3cret pass'; GRANT CREATE ON SCHEMA public TO analyst" >/dev/null

start_serve "$stockroom" "$dir/data" "$dir/serve.yaml" "$dir/serve.log"

export PGPASSWORD="s3cret pass"
conn="host=127.0.0.1 port=$port dbname=stockroom user=analyst sslmode=require"
fail() { echo "FAILED: $*"; cat "$dir/serve.log"; exit 1; }

out=$(psql "$conn" -X -A -t -v ON_ERROR_STOP=1 <<'SQL'
CREATE TABLE orders (id int, amount numeric(10,2), placed date);
COPY orders FROM STDIN (FORMAT csv);
1,19.99,2024-03-01
2,5.00,2024-03-02
\.
INSERT INTO orders VALUES (3, 100.5, '2024-03-03');
SELECT count(*), sum(amount) FROM orders;
\copy (SELECT id, placed FROM orders ORDER BY id) TO STDOUT WITH (FORMAT csv)
SQL
) || fail "psql session: $out"
expected=$'COPY 2\nINSERT 0 1\n3|125.49\n1,2024-03-01\n2,2024-03-02\n3,2024-03-03'
# psql -A -t prints command tags only for commands; compare the lines that matter.
[[ $(grep -v '^CREATE TABLE$' <<<"$out") == "$expected" ]] || fail "unexpected output: $out"

ssl=$(psql "$conn" -X -A -t -c "SELECT 1" 2>&1 && psql "$conn" -X -c '\conninfo' 2>&1) || fail "$ssl"
grep -q "SSL connection" <<<"$ssl" || fail "no TLS: $ssl"

err=$(psql "$conn" -X -c "SELECT missing_column FROM orders" 2>&1) && fail "error expected"
grep -q 'column "missing_column" does not exist' <<<"$err" || fail "$err"

plain=$(psql "host=127.0.0.1 port=$port dbname=stockroom user=analyst sslmode=disable" -X -c "SELECT 1" 2>&1) &&
  fail "plaintext accepted"
grep -q "accepts only TLS connections" <<<"$plain" || fail "$plain"

bad=$(PGPASSWORD=wrong psql "$conn" -X -c "SELECT 1" 2>&1) && fail "wrong password accepted"
grep -q 'password authentication failed for user "analyst"' <<<"$bad" || fail "$bad"

kill -TERM "$server_pid"
wait "$server_pid" || fail "serve exited with $?"
server_pid=
grep -q "received SIGTERM, shutting down" "$dir/serve.log" || fail "no clean shutdown"
echo "psql over TLS: ok"
