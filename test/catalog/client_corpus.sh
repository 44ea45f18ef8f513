#!/bin/sh
# Replays the SQL blocks of the client corpus (../shared/spec/pg-client-queries.md, read at
# run time, never copied into the repository) on Stockroom, and with a conninfo on
# PostgreSQL 15 too, over the same small schema: every statement must run on both (the
# sqllogictest runner's differential "statement ok"). The psql captures' table oid literal
# ('16397') becomes the oid of public.orders on each system (a subquery both accept).
# Prints the statements that fail; exits 1 when more fail than MAX_FAILURES (the known
# gaps listed in docs/server.md), 77 (skip) without the corpus.
# Usage: client_corpus.sh SQLLOGICTEST SPEC OUT_DIR [CONNINFO_FILE]
set -eu
runner=$1 spec=$2 out=$3 conninfo=${4:-}
max_failures=${MAX_FAILURES:-5}
[ -f "$spec" ] || { echo "client_corpus: $spec not found, skipped"; exit 77; }
mkdir -p "$out"
python3 - "$spec" "$out/client_corpus.test" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
out = ["# The client corpus's SQL blocks, generated at run time from the spec.\n\n",
       "statement ok\nCREATE SCHEMA analytics\n\n",
       "statement ok\nCREATE TABLE customers (id integer PRIMARY KEY, name varchar(40) NOT NULL, email text UNIQUE, "
       "score numeric(12,2) DEFAULT 0)\n\n",
       "statement ok\nCREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id integer REFERENCES customers (id), "
       "amount numeric(12,2) NOT NULL, status char(1) DEFAULT 'n', placed timestamp)\n\n",
       "statement ok\nCREATE VIEW analytics.order_totals AS SELECT customer_id, sum(amount) AS total FROM orders "
       "GROUP BY customer_id\n\n"]
for block in re.findall(r"```sql\n(.*?)```", text, re.S):
    for statement in re.split(r";\s*\n", block):
        lines = [l for l in statement.split("\n") if l.strip() and not l.strip().startswith("--")]
        if not lines:
            continue
        sql = "\n".join(lines).replace("'16397'", "(SELECT oid FROM pg_catalog.pg_class WHERE relname = 'orders')")
        out.append("statement ok\n" + sql + "\n\n")
open(sys.argv[2], "w").write("".join(out))
PY
if [ -n "$conninfo" ] && [ -f "$conninfo" ]; then
  set -- --pg "@$conninfo"
else
  set --
fi
"$runner" "$@" "$out/client_corpus.test" > "$out/client_corpus.log" 2>&1 || true
grep -E "^$out/client_corpus.test:[0-9]+:|ERROR" "$out/client_corpus.log" || true
summary=$(tail -1 "$out/client_corpus.log")
echo "$summary"
failed=$(echo "$summary" | sed -n 's/.* \([0-9][0-9]*\) failed.*/\1/p')
[ -n "$failed" ] || { echo "client_corpus: no summary from the runner"; exit 1; }
[ "$failed" -le "$max_failures" ] || { echo "client_corpus: $failed statements fail, more than the $max_failures known"; exit 1; }
