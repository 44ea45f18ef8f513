#!/usr/bin/env python3
"""Replays the SQL blocks of the client corpus (../shared/spec/pg-client-queries.md, read at
run time, never copied into the repository) through psql on `stockroom serve` and on
PostgreSQL 15, over the same schema, and compares each statement's result: column names and
rows as psql prints them unaligned, or the SQLSTATE when PostgreSQL rejects it too.

OIDs differ between the systems, so both outputs are normalised the same way: an integer
of 16384 or more (the first oid PostgreSQL gives user objects) that is the oid of a user
object on that system (relation, index, schema, constraint, column default, rule, type,
role) is replaced by what it names (`class:orders`, `constraint:orders_pkey`, ...), also
inside arrays; built-in oids are PostgreSQL's on both and compared as they are. The psql
captures' oid literals ('16386', '16397', '16412': customers, orders, the view) become the
oids of the same relations on each system.

What the server's own setup adds is left out, nothing else: statements over the cluster-wide
catalogs (pg_database, pg_roles, ...) list the test server's other databases (postgres,
template0, template1, and those other pgdiff tests create and drop meanwhile) and its
bootstrap superuser `postgres`, which the Stockroom server does not have, so rows naming
such a database or role are compared on neither side; and
the values of a column named "Size" (\dt+: pg_table_size) are masked, because a table's
size is the storage engine's (PostgreSQL's 8 kB heap pages and TOAST tables, Stockroom's
segment files), not something the two can share. The database is created with Collate and
Ctype C.UTF-8, the order Stockroom compares text in.

Usage: client_corpus_rows.py STOCKROOM SPEC PG_CONNINFO_FILE WORK_DIR
Prints each statement that differs; exits 1 when more differ than MAX_FAILURES (the known
differences listed in docs/server.md), 77 (skip) without the corpus, psql or PostgreSQL.
"""
import os
import re
import shutil
import subprocess
import sys
import time

SCHEMA = """
CREATE SCHEMA analytics;
CREATE TABLE customers (id integer PRIMARY KEY, name varchar(40) NOT NULL, email text UNIQUE,
                        score numeric(12,2) DEFAULT 0);
CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id integer REFERENCES customers (id),
                     amount numeric(12,2) NOT NULL, status char(1) DEFAULT 'n', placed timestamp);
CREATE VIEW analytics.order_totals AS SELECT customer_id, count(*) AS orders FROM orders GROUP BY customer_id;
"""
CAPTURED_OIDS = {"16386": "public.customers", "16397": "public.orders", "16412": "analytics.order_totals"}
OID_NAMES = """
SELECT oid::text, 'class:' || relname FROM pg_catalog.pg_class WHERE oid >= 16384
UNION ALL SELECT oid::text, 'namespace:' || nspname FROM pg_catalog.pg_namespace WHERE oid >= 16384
UNION ALL SELECT oid::text, 'constraint:' || conname FROM pg_catalog.pg_constraint WHERE oid >= 16384
UNION ALL SELECT oid::text, 'type:' || typname FROM pg_catalog.pg_type WHERE oid >= 16384
UNION ALL SELECT oid::text, 'role:' || rolname FROM pg_catalog.pg_roles WHERE oid >= 16384
UNION ALL SELECT d.oid::text, 'default:' || c.relname || '.' || d.adnum FROM pg_catalog.pg_attrdef d
  JOIN pg_catalog.pg_class c ON c.oid = d.adrelid WHERE d.oid >= 16384
UNION ALL SELECT r.oid::text, 'rule:' || c.relname || '.' || r.rulename FROM pg_catalog.pg_rewrite r
  JOIN pg_catalog.pg_class c ON c.oid = r.ev_class WHERE r.oid >= 16384
"""


def statements(spec):
    text = open(spec).read()
    for block in re.findall(r"```sql\n(.*?)```", text, re.S):
        for statement in re.split(r";\s*\n", block):
            lines = [l for l in statement.split("\n") if l.strip() and not l.strip().startswith("--")]
            if lines:
                yield "\n".join(lines)


# The databases and roles of the server itself, not of the test (predefined pg_ roles are
# the same on both systems and stay).
FOREIGN_NAMES = """
SELECT datname FROM pg_catalog.pg_database WHERE datname <> pg_catalog.current_database()
UNION ALL SELECT rolname FROM pg_catalog.pg_roles WHERE rolname <> current_user AND rolname !~ '^pg_'
"""
CLUSTER_CATALOGS = re.compile(r"pg_(database|roles|authid|user|auth_members|shadow)\b")
MASKED_COLUMNS = {"Size"}


def psql(conn, sql, env=None):
    """(ok, output): unaligned, fields split by \\x1f and rows by \\x1e, NULL as NULL, no
    footer; on error its SQLSTATE."""
    run = subprocess.run(["psql", conn, "-X", "-A", "-F", "\x1f", "-R", "\x1e", "-P", "null=NULL", "-P",
                          "pager=off", "-P", "footer=off", "-v", "VERBOSITY=sqlstate", "-c", sql],
                         capture_output=True, text=True, env=env)
    if run.returncode != 0:
        state = re.search(r"ERROR:\s+([0-9A-Z]{5})", run.stderr)
        return False, state.group(1) if state else run.stderr.strip()
    return True, run.stdout


class System:
    def __init__(self, name, conn, env=None):
        self.name, self.conn, self.env = name, conn, env
        self.oid_names = {}

    def query(self, sql):
        return psql(self.conn, sql, self.env)

    def learn_oids(self):
        ok, out = self.query(OID_NAMES)
        if not ok:
            raise SystemExit(f"{self.name}: cannot read its oids: {out}")
        for line in records(out)[1:]:
            oid, name = line.split("\x1f")
            self.oid_names[oid] = name
        self.captured = {}
        for literal, relation in CAPTURED_OIDS.items():
            ok, out = self.query(f"SELECT '{relation}'::regclass::oid")
            self.captured[literal] = records(out)[1]
        self.foreign_names = set()
        self.learn_foreign_names()

    def learn_foreign_names(self):
        """Adds the databases and roles other than the test's own that exist now. The
        pgdiff tests share one PostgreSQL server, so others create and drop theirs while
        this test runs: they are read again right before and after each statement over
        the cluster-wide catalogs (a database or role in its output was there at one of
        those two moments)."""
        ok, out = self.query(FOREIGN_NAMES)
        if not ok:
            raise SystemExit(f"{self.name}: cannot read its databases and roles: {out}")
        self.foreign_names |= set(records(out)[1:])

    def prepare(self, sql):
        for literal, oid in self.captured.items():
            sql = sql.replace(f"'{literal}'", f"'{oid}'")
        return sql

    def normalise(self, sql, output):
        rows = records(output)
        header = rows[0].split("\x1f") if rows else []
        masked = [i for i, column in enumerate(header) if column in MASKED_COLUMNS]
        kept = rows[:1]
        for row in rows[1:]:
            fields = row.split("\x1f")
            if CLUSTER_CATALOGS.search(sql) and fields[0] in self.foreign_names:
                continue
            for i in masked:
                fields[i] = "(masked)"
            kept.append("\x1f".join(fields))
        text = "\n".join(kept)
        return re.sub(r"\b\d{5,}\b", lambda m: self.oid_names.get(m.group(0), m.group(0)), text)


def records(output):
    """The header and rows of psql's output (rows end with \\x1e; the output with a newline)."""
    output = output[:-1] if output.endswith("\n") else output
    return output.split("\x1e") if output else []


def start_stockroom(binary, work):
    data = os.path.join(work, "data")
    subprocess.run([binary, "sql", "--db", data, "-q", "-c", SCHEMA], check=True, capture_output=True)
    config = os.path.join(work, "serve.yaml")
    with open(config, "w") as f:
        f.write("port: 0\nauth:\n  - {type: host, method: trust}\n")
    log = open(os.path.join(work, "serve.log"), "w+")
    server = subprocess.Popen([binary, "serve", "--db", data, "--config", config], stderr=log, stdout=log)
    for _ in range(100):
        log.seek(0)
        port = re.search(r"listening on .* port (\d+),", log.read())
        if port:
            return server, f"host=127.0.0.1 port={port.group(1)} dbname=stockroom user=stockroom sslmode=disable"
        time.sleep(0.1)
    server.kill()
    raise SystemExit("stockroom serve did not start")


def main():
    binary, spec, conninfo_file, work = sys.argv[1:5]
    max_failures = int(os.environ.get("MAX_FAILURES", "0"))
    if not os.path.isfile(spec):
        print(f"client_corpus_rows: {spec} not found, skipped")
        return 77
    if not shutil.which("psql") or not os.path.isfile(conninfo_file):
        print("client_corpus_rows: psql or the PostgreSQL test server missing, skipped")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    admin = open(conninfo_file).read().strip()
    # Named as Stockroom's database is, so that \\l's row of it compares.
    database = "stockroom"
    # Stockroom's bootstrap superuser is `stockroom` and owns the database and the public
    # schema; on PostgreSQL a role of that name with the same attributes does (PostgreSQL 15
    # gives public to pg_database_owner, a predefined role Stockroom does not have).
    setup = (f"DROP DATABASE IF EXISTS {database}", "DROP ROLE IF EXISTS stockroom",
             "CREATE ROLE stockroom SUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS LOGIN",
             f"CREATE DATABASE {database} OWNER stockroom TEMPLATE template0 LC_COLLATE 'C.UTF-8' "
             "LC_CTYPE 'C.UTF-8'")
    for sql in setup:
        ok, out = psql(admin, sql)
        if not ok:
            raise SystemExit(f"PostgreSQL: {sql}: {out}")
    postgres = System("PostgreSQL", f"{admin} dbname={database} user=stockroom")
    ok, out = postgres.query("ALTER SCHEMA public OWNER TO stockroom")
    if not ok:
        raise SystemExit(f"PostgreSQL: public's owner: {out}")
    ok, out = postgres.query(SCHEMA)
    if not ok:
        raise SystemExit(f"PostgreSQL: schema: {out}")
    server, conn = start_stockroom(binary, work)
    try:
        stockroom = System("Stockroom", conn)
        postgres.learn_oids()
        stockroom.learn_oids()
        equal = rejected = 0
        failures = []
        for n, sql in enumerate(statements(spec), 1):
            cluster_wide = CLUSTER_CATALOGS.search(sql)
            if cluster_wide:
                postgres.learn_foreign_names()
            pg_ok, pg_out = postgres.query(postgres.prepare(sql))
            if cluster_wide:
                postgres.learn_foreign_names()
            sr_ok, sr_out = stockroom.query(stockroom.prepare(sql))
            if not pg_ok:
                # Blocks PostgreSQL rejects as written (several statements in one, objects of
                # the capture's own database): Stockroom must reject them too.
                if sr_ok:
                    failures.append((n, sql, f"PostgreSQL rejects it ({pg_out}), Stockroom accepts it"))
                else:
                    rejected += 1
                continue
            if not sr_ok:
                failures.append((n, sql, f"Stockroom: ERROR {sr_out}"))
                continue
            pg_rows, sr_rows = postgres.normalise(sql, pg_out), stockroom.normalise(sql, sr_out)
            if pg_rows == sr_rows:
                equal += 1
                continue
            diff = "\n".join(f"  - {l}" for l in pg_rows.splitlines()) + "\n" + \
                "\n".join(f"  + {l}" for l in sr_rows.splitlines())
            failures.append((n, sql, "results differ (- PostgreSQL, + Stockroom):\n" + diff.replace("\x1f", "|")))
    finally:
        server.terminate()
        server.wait()
        psql(admin, f"DROP DATABASE IF EXISTS {database}")
        psql(admin, "DROP ROLE IF EXISTS stockroom")
    for n, sql, problem in failures:
        print(f"--- statement {n}: {sql.splitlines()[0][:90]}\n{problem}")
    total = equal + rejected + len(failures)
    print(f"client_corpus_rows: {total} statements, {equal} equal to PostgreSQL, {rejected} rejected by both, "
          f"{len(failures)} differ")
    if len(failures) > max_failures:
        print(f"client_corpus_rows: {len(failures)} differ, more than the {max_failures} known")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
