#!/usr/bin/env bash
# psql's describe commands (\l \dn \dt \d \dv \dm \di \df \dT), queries and \copy in and
# out, against `stockroom serve` (TLS + SCRAM-SHA-256) and against PostgreSQL 15, over the
# same schema made by the same owner role on both: the outputs must be equal, text for
# text, after the normalisation below. A difference is a catalog gap
# (src/catalog/pg_catalog/, the catalog functions).
#
# Normalisation (everything else is compared as psql prints it, psql -X on both):
# - \l: Collate and Ctype "C.UTF-8" (Stockroom's byte-order collation with UTF-8
#   classification) read as "C" (the test server's initdb --locale=C: the same order);
#   \l is compared unaligned (-A) so that the narrower column does not shift the rest.
# - the public schema's owner on PostgreSQL is set to `stockroom` (below), as PostgreSQL 15
#   gives it to pg_database_owner, a predefined role Stockroom does not have.
#
# Usage: psql_describe.sh STOCKROOM_BINARY PG_CONNINFO_FILE
# Exits 77 (skipped) without psql/openssl or without the PostgreSQL test server's conninfo.
set -euo pipefail
# shellcheck source=test/server/serve_lib.sh
source "$(dirname "$0")/serve_lib.sh"
stockroom=$1 pg_conninfo_file=$2
command -v psql >/dev/null && command -v openssl >/dev/null || { echo "SKIPPED: psql or openssl missing"; exit 77; }
[[ -f $pg_conninfo_file ]] || { echo "SKIPPED: no PostgreSQL test server ($pg_conninfo_file)"; exit 77; }
pg_admin=$(cat "$pg_conninfo_file")

make_test_dir
fail() { echo "FAILED: $*"; exit 1; }

# Run by the superuser on both: the owner role and its schema.
cat >"$dir/admin.sql" <<'SQL'
CREATE ROLE shop_owner LOGIN;
GRANT CREATE ON SCHEMA public TO shop_owner;
CREATE SCHEMA sales;
ALTER SCHEMA sales OWNER TO shop_owner;
SQL
# The schema both systems get, created by the owner role (so every Owner column names it).
cat >"$dir/schema.sql" <<'SQL'
CREATE TABLE customers (id integer PRIMARY KEY, name varchar(40) NOT NULL, email text UNIQUE,
                        score numeric(12,2) DEFAULT 0, created date);
CREATE TABLE sales.orders (order_id bigint PRIMARY KEY, customer_id integer NOT NULL REFERENCES customers (id),
                           amount numeric(12,2) NOT NULL, status char(1) DEFAULT 'n', placed timestamp,
                           note text);
CREATE TABLE sales.order_lines (order_id bigint REFERENCES sales.orders, line_no smallint,
                                sku text NOT NULL, qty integer DEFAULT 1, price double precision,
                                PRIMARY KEY (order_id, line_no), UNIQUE (sku, order_id));
CREATE VIEW customer_names AS SELECT id, name FROM customers;
CREATE VIEW sales.order_totals AS SELECT customer_id, count(*) AS orders, max(placed) AS last_placed
  FROM sales.orders GROUP BY customer_id;
CREATE MATERIALIZED VIEW sales.big_orders AS SELECT order_id, amount FROM sales.orders WHERE amount > 100;
INSERT INTO customers VALUES (1, 'Ada', 'ada@example.com', 10.5, '2024-01-02'), (2, 'Bo', NULL, 0, NULL);
COMMENT ON TABLE customers IS 'People who order';
COMMENT ON COLUMN customers.email IS 'Where receipts go';
COMMENT ON COLUMN sales.orders.note IS 'Free text, it''s optional';
COMMENT ON SCHEMA sales IS 'Orders and their lines';
COMMENT ON VIEW customer_names IS 'Names only';
COMMENT ON MATERIALIZED VIEW sales.big_orders IS 'Orders over 100';
SQL

# The psql commands compared; each runs in its own psql so one failure shows alone.
commands=(
  '\l stockroom'
  '\dn'
  '\dn+'
  '\dt'
  '\dt sales.*'
  '\d customers'
  '\d+ customers'
  '\d+ sales.orders'
  '\d sales.orders'
  '\d sales.order_lines'
  '\d customer_names'
  '\d sales.order_totals'
  '\d sales.big_orders'
  # \d+ of a view prints pg_get_viewdef(oid, true): PostgreSQL's deparse of its query.
  '\d+ customer_names'
  '\d+ sales.order_totals'
  '\d+ sales.big_orders'
  '\dv'
  '\dv sales.*'
  '\dv+'
  '\dm sales.*'
  '\di'
  '\di sales.*'
  '\df'
  '\df initcap'
  '\df (strpos|repeat)'
  '\df+ nosuchfunction'
  '\dT'
  '\d nosuchtable'
  'SELECT id, name, score FROM customers ORDER BY id'
  # \copy in and out: psql reads and writes the files, the server runs COPY FROM STDIN / TO STDOUT.
  "\\copy sales.orders FROM '$dir/orders.csv' WITH (FORMAT csv)"
  'SELECT order_id, customer_id, amount, status, placed, note FROM sales.orders ORDER BY 1'
  '\\copy (SELECT * FROM sales.orders ORDER BY 1) TO STDOUT WITH (FORMAT csv, HEADER)'
  'REFRESH MATERIALIZED VIEW sales.big_orders'
  'SELECT * FROM sales.big_orders ORDER BY 1'
  'SELECT c.name, count(o.order_id), sum(o.amount) FROM customers c LEFT JOIN sales.orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY 1'
  "SELECT customer_id, orders, last_placed FROM sales.order_totals ORDER BY 1"
)
# The rows \copy loads (the same file for both systems).
cat >"$dir/orders.csv" <<'CSV'
10,1,19.99,n,2024-03-01 10:00:00,first
11,1,250.00,s,2024-03-02 11:30:00,
12,2,5.50,,2024-03-03 09:15:00,"with, comma"
CSV

run_all() {  # CONNINFO OUT_FILE
  local conn=$1 out=$2
  : >"$out"
  for command in "${commands[@]}"; do
    local text
    text=$(psql "$conn" -X -P pager=off -c "$command" 2>&1 || true)
    if [[ $command == '\l'* ]]; then  # \l again, aligned, after the locale normalisation
      text=$(psql "$conn" -X -A -F '|' -P pager=off -c "$command" 2>&1 | sed 's/|C\.UTF-8|C\.UTF-8|/|C|C|/' || true)
    fi
    printf '=== %s\n%s\n' "$command" "$text" >>"$out"
  done
}

# PostgreSQL: the database and its owner named like Stockroom's (database `stockroom`, owned
# by the bootstrap superuser `stockroom`), then the same administration as on Stockroom.
psql "$pg_admin" -X -q -v ON_ERROR_STOP=1 >/dev/null <<'SQL'
DROP DATABASE IF EXISTS stockroom;
DROP ROLE IF EXISTS shop_owner;
DROP ROLE IF EXISTS stockroom;
CREATE ROLE stockroom SUPERUSER LOGIN;
CREATE DATABASE stockroom OWNER stockroom;
SQL
# PostgreSQL 15's public schema belongs to the predefined role pg_database_owner, which
# Stockroom does not have (its public schema belongs to the bootstrap superuser).
psql "$pg_admin dbname=stockroom user=stockroom" -X -q -c 'ALTER SCHEMA public OWNER TO stockroom' >/dev/null
psql "$pg_admin dbname=stockroom user=stockroom" -X -q -v ON_ERROR_STOP=1 -f "$dir/admin.sql" >/dev/null
pg_conn="$pg_admin dbname=stockroom user=shop_owner"
psql "$pg_conn" -X -q -v ON_ERROR_STOP=1 -f "$dir/schema.sql" >/dev/null || fail "schema on PostgreSQL"
run_all "$pg_conn" "$dir/postgres.out"
psql "$pg_admin" -X -q -c 'DROP DATABASE IF EXISTS stockroom' -c 'DROP ROLE IF EXISTS shop_owner' \
  -c 'DROP ROLE IF EXISTS stockroom' >/dev/null 2>&1 || true

# Stockroom over TLS with SCRAM.
write_tls_serve_config "$dir"
"$stockroom" sql --db "$dir/data" -f "$dir/admin.sql" >/dev/null
"$stockroom" sql --db "$dir/data" -c "ALTER ROLE shop_owner PASSWORD 'owner pass'" >/dev/null
start_serve "$stockroom" "$dir/data" "$dir/serve.yaml" "$dir/serve.log"
export PGPASSWORD="owner pass"
sr_conn="host=127.0.0.1 port=$port dbname=stockroom user=shop_owner sslmode=require"
psql "$sr_conn" -X -q -v ON_ERROR_STOP=1 -f "$dir/schema.sql" >/dev/null || fail "schema on Stockroom"
run_all "$sr_conn" "$dir/stockroom.out"

# PSQL_DESCRIBE_KEEP=DIR keeps both outputs there (to look at a difference closely).
if [[ -n ${PSQL_DESCRIBE_KEEP:-} ]]; then mkdir -p "$PSQL_DESCRIBE_KEEP"; cp "$dir"/*.out "$PSQL_DESCRIBE_KEEP"; fi
if ! diff -u "$dir/postgres.out" "$dir/stockroom.out" >"$dir/diff"; then
  echo "psql describe output differs from PostgreSQL 15 (- PostgreSQL, + Stockroom):"
  cat "$dir/diff"
  exit 1
fi
echo "psql describe: ${#commands[@]} commands equal to PostgreSQL 15"
