#!/usr/bin/env python3
"""pg_get_viewdef against PostgreSQL 15: creates the tables and views of
view_definition_views.sql on a fresh embedded Stockroom database and in a database of the
PostgreSQL test server, then compares, view by view, pg_get_viewdef(v, false) and
pg_get_viewdef(v, true) (psql's \\d+ asks for this one), pg_views.definition and
information_schema.views.view_definition. Each must be equal text.

A view whose query has a shape the deparser does not print as PostgreSQL does gets the text
it was created with (docs/server.md lists the shapes); FALLBACK_VIEWS checks that.

Usage: view_definition_diff.py STOCKROOM VIEWS_SQL PG_CONNINFO_FILE WORK_DIR
Exits 1 when a text differs, 77 (skip) without psql or the PostgreSQL test server.
"""
import csv
import io
import os
import re
import shutil
import subprocess
import sys

DATABASE = "view_definition_diff"
FALLBACK_VIEWS = {
    # SUBSTRING(x FROM 1 FOR 2) and substring(x, 1, 2) print differently in PostgreSQL, and
    # Stockroom's parse tree no longer tells them apart.
    "fallback_substring": "SELECT substring(name, 1, 2) AS s FROM customers",
    # * over a USING join joined again: the column order of nested join variables.
    "fallback_using": "SELECT * FROM ua a JOIN ub b USING (id) JOIN orders o ON o.order_id = a.id",
}


def definitions_query(views):
    parts = []
    for v in views:
        parts.append(f"SELECT '{v} viewdef', pg_catalog.pg_get_viewdef('{v}'::regclass)")
        parts.append(f"SELECT '{v} pretty', pg_catalog.pg_get_viewdef('{v}'::regclass, true)")
    parts.append("SELECT schemaname || '.' || viewname || ' pg_views', definition FROM pg_catalog.pg_views "
                 "WHERE schemaname IN ('public', 'analytics')")
    parts.append("SELECT table_schema || '.' || table_name || ' information_schema', view_definition "
                 "FROM information_schema.views WHERE table_schema IN ('public', 'analytics')")
    return " UNION ALL ".join(parts)


def rows(output):
    return dict(csv.reader(io.StringIO(output)))


def run(command, **kwargs):
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    if result.returncode != 0 or "ERROR" in result.stderr:
        raise SystemExit(f"{' '.join(command[:3])}: {result.stderr.strip()}")
    return result.stdout


def main():
    binary, views_sql, conninfo_file, work = sys.argv[1:5]
    if not shutil.which("psql") or not os.path.isfile(conninfo_file):
        print("view_definition_diff: psql or the PostgreSQL test server missing, skipped")
        return 77
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    schema = open(views_sql).read()
    schema += "".join(f"CREATE VIEW {name} AS {sql};\n" for name, sql in FALLBACK_VIEWS.items())
    views = re.findall(r"CREATE (?:MATERIALIZED )?VIEW ([a-z_.0-9]+)", schema)
    query = definitions_query(views)

    admin = open(conninfo_file).read().strip()
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1"]
    run(psql + [admin, "-c", f"DROP DATABASE IF EXISTS {DATABASE}", "-c", f"CREATE DATABASE {DATABASE}"])
    try:
        conn = f"{admin} dbname={DATABASE}"
        run(psql + [conn], input=schema)
        postgres = rows(run(psql + [conn, "--csv", "-t", "-c", query]))
    finally:
        run(psql + [admin, "-c", f"DROP DATABASE IF EXISTS {DATABASE}"])

    data = os.path.join(work, "data")
    run([binary, "sql", "--db", data, "-q", "-f", "-"], input=schema)
    stockroom = rows(run([binary, "sql", "--db", data, "-q", "--csv", "-t", "-c", query]))

    failures = []
    for key, expected in postgres.items():
        name = key.split(" ")[0].split(".")[-1]
        if name in FALLBACK_VIEWS:
            continue
        if stockroom.get(key) != expected:
            failures.append(f"--- {key}\nPostgreSQL:\n{expected}\nStockroom:\n{stockroom.get(key)}")
    for name, sql in FALLBACK_VIEWS.items():
        if stockroom.get(f"{name} viewdef") != sql:
            failures.append(f"--- {name}: expected the text it was created with, got\n{stockroom.get(name + ' viewdef')}")
    for failure in failures:
        print(failure)
    print(f"view_definition_diff: {len(postgres)} definitions of {len(views)} views, {len(failures)} differ")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
