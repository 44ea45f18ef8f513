#!/usr/bin/python3
"""psycopg2 and SQLAlchemy (Debian's python3-psycopg2, python3-sqlalchemy) against `stockroom serve`.

Run by test/drivers/with_server.sh, which starts the server and sets PGHOST/PGPORT/PGUSER/
PGPASSWORD/PGDATABASE. Each check prints one line; the first failure ends the test with its
reason. Values are compared as the Python objects psycopg2 returns, which is what a notebook sees.
"""
import datetime
import decimal
import io
import os
import sys
import time
import traceback

try:
    import psycopg2
    import psycopg2.errors
    import psycopg2.extras
    import sqlalchemy
except ImportError as e:  # a missing driver is a failure, not a skip: install-deps installs them
    print(f"FAILED: driver missing ({e}); run scripts/install-deps.sh (python3-psycopg2, python3-sqlalchemy)")
    sys.exit(1)

CONN = dict(host=os.environ["PGHOST"], port=int(os.environ["PGPORT"]), dbname=os.environ["PGDATABASE"],
            user=os.environ["PGUSER"], password=os.environ["PGPASSWORD"], sslmode="disable")


def connect():
    return psycopg2.connect(**CONN)


def check(condition, what):
    if not condition:
        raise AssertionError(what)


def expect_error(cursor, sql, pgcode, exception_class=None, params=None):
    try:
        cursor.execute(sql, params)
    except psycopg2.Error as e:
        check(e.pgcode == pgcode, f"{sql}: pgcode {e.pgcode}, expected {pgcode} ({e.pgerror})")
        check(e.pgerror and e.pgerror.startswith("ERROR:"), f"pgerror {e.pgerror!r}")
        check(e.diag.sqlstate == pgcode and e.diag.message_primary, f"diag {e.diag.sqlstate} {e.diag.message_primary}")
        if exception_class is not None:
            check(isinstance(e, exception_class), f"{type(e).__name__} is not {exception_class.__name__}")
        return e
    raise AssertionError(f"{sql}: no error, expected {pgcode}")


def test_connect():
    with connect() as conn:
        check(conn.server_version >= 150000, f"server_version {conn.server_version}")
        check(conn.get_parameter_status("server_encoding") == "UTF8", "server_encoding")
        check(conn.get_parameter_status("integer_datetimes") == "on", "integer_datetimes")
        cur = conn.cursor()
        cur.execute("SELECT current_user, current_database(), version()")
        user, db, version = cur.fetchone()
        check(user == CONN["user"] and db == CONN["dbname"], f"{user} {db}")
        check(version.startswith("PostgreSQL 15"), version)
    conn.close()


# One column of every Stockroom type (docs/pg-compat.md; no time/bytea/uuid types in Stockroom).
ALL_TYPES = [
    ("c_bool", "boolean", True),
    ("c_int2", "smallint", -32768),
    ("c_int4", "integer", 2147483647),
    ("c_int8", "bigint", -9223372036854775808),
    ("c_real", "real", 1.5),
    ("c_double", "double precision", 3.141592653589793),
    ("c_numeric", "numeric(12,3)", decimal.Decimal("-123456789.125")),
    ("c_numeric_free", "numeric", decimal.Decimal("12345678901234567890.000123")),
    ("c_text", "text", "héllo, 'world' \\ \"quoted\"\n"),
    ("c_varchar", "varchar(20)", "varchar value"),
    ("c_char", "char(5)", "ab   "),
    ("c_date", "date", datetime.date(2024, 2, 29)),
    ("c_timestamp", "timestamp", datetime.datetime(2024, 3, 1, 12, 34, 56, 789012)),
    ("c_timestamptz", "timestamptz",
     datetime.datetime(2024, 3, 1, 12, 34, 56, 123456, tzinfo=datetime.timezone.utc)),
    ("c_interval", "interval", datetime.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=7)),
    ("c_json", "json", {"a": [1, 2, {"b": None}], "c": "d"}),
    ("c_jsonb", "jsonb", {"k": True, "n": 1.5}),
    ("c_int_array", "integer[]", [1, None, 3]),
    ("c_text_array", "text[]", ["a", "b c", None, "d\"e"]),
]


def adapt(value):
    if isinstance(value, (dict,)):
        return psycopg2.extras.Json(value)
    return value


def test_types():
    conn = connect()
    cur = conn.cursor()
    cur.execute("SET TimeZone = 'UTC'")
    columns = ", ".join(f"{name} {sql_type}" for name, sql_type, _ in ALL_TYPES)
    cur.execute(f"CREATE TABLE all_types (id integer, {columns})")
    names = ", ".join(name for name, _, _ in ALL_TYPES)
    placeholders = ", ".join(["%s"] * (len(ALL_TYPES) + 1))
    cur.execute(f"INSERT INTO all_types (id, {names}) VALUES ({placeholders})",
                [1] + [adapt(v) for _, _, v in ALL_TYPES])
    # A row of NULLs through parameters too.
    cur.execute(f"INSERT INTO all_types (id, {names}) VALUES ({placeholders})", [2] + [None] * len(ALL_TYPES))
    conn.commit()
    cur.execute(f"SELECT {names} FROM all_types WHERE id = %s", (1,))
    row = cur.fetchone()
    for (name, sql_type, expected), got in zip(ALL_TYPES, row):
        check(got == expected, f"{name} {sql_type}: got {got!r}, expected {expected!r}")
    cur.execute(f"SELECT {names} FROM all_types WHERE id = %s", (2,))
    check(all(v is None for v in cur.fetchone()), "NULL row")
    # Parameters in WHERE of every type find the row again.
    for name, sql_type, value in ALL_TYPES:
        if sql_type in ("json", "real", "double precision") or sql_type.endswith("[]"):
            continue  # json has no equality; floats are compared above
        cur.execute(f"SELECT id FROM all_types WHERE {name} = %s", (adapt(value),))
        check(cur.fetchall() == [(1,)], f"WHERE {name} = %s")
    # executemany and server-side typing of parameters in expressions.
    cur.execute("CREATE TABLE params (k integer, v text, d date)")
    cur.executemany("INSERT INTO params VALUES (%s, %s, %s)",
                    [(i, f"v{i}", datetime.date(2024, 1, 1) + datetime.timedelta(days=i)) for i in range(50)])
    cur.execute("SELECT count(*), sum(k), max(d) FROM params WHERE k >= %(lo)s AND v LIKE %(pat)s",
                {"lo": 10, "pat": "v%"})
    check(cur.fetchone() == (40, 1180, datetime.date(2024, 2, 19)), "executemany/params")
    conn.commit()
    cur.execute(f"SELECT {names} FROM all_types LIMIT 0")
    oids = [d.type_code for d in cur.description]
    expected_oids = [16, 21, 23, 20, 700, 701, 1700, 1700, 25, 1043, 1042, 1082, 1114, 1184, 1186, 114, 3802, 1007, 1009]
    check(oids == expected_oids, f"RowDescription type oids {oids}")
    conn.close()


def test_transactions():
    conn = connect()
    cur = conn.cursor()
    cur.execute("CREATE TABLE tx (id integer, note text)")
    conn.commit()
    cur.execute("INSERT INTO tx VALUES (1, 'committed')")
    conn.commit()
    cur.execute("INSERT INTO tx VALUES (2, 'rolled back')")
    check(conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INTRANS, "in transaction")
    conn.rollback()
    cur.execute("SELECT id FROM tx ORDER BY id")
    check(cur.fetchall() == [(1,)], "rollback undid the insert")
    conn.rollback()
    # An error inside a transaction: everything after fails with 25P02 until ROLLBACK.
    cur.execute("INSERT INTO tx VALUES (3, 'lost')")
    expect_error(cur, "SELECT * FROM no_such_table", "42P01", psycopg2.errors.UndefinedTable)
    check(conn.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INERROR, "in failed transaction")
    expect_error(cur, "SELECT 1", "25P02", psycopg2.errors.InFailedSqlTransaction)
    conn.rollback()
    cur.execute("SELECT count(*) FROM tx")
    check(cur.fetchone() == (1,), "failed transaction rolled back")
    conn.commit()
    # Autocommit and the context manager (commit on success).
    with conn:
        with conn.cursor() as c2:
            c2.execute("INSERT INTO tx VALUES (4, 'with block')")
    conn.autocommit = True
    cur.execute("INSERT INTO tx VALUES (5, 'autocommit')")
    other = connect()
    oc = other.cursor()
    oc.execute("SELECT id FROM tx ORDER BY id")
    check(oc.fetchall() == [(1,), (4,), (5,)], "other session sees committed rows")
    other.close()
    conn.close()


def test_errors():
    conn = connect()
    conn.autocommit = True
    cur = conn.cursor()
    expect_error(cur, "SELECT * FROM missing_table", "42P01", psycopg2.errors.UndefinedTable)
    expect_error(cur, "SELECT 1 / 0", "22012", psycopg2.errors.DivisionByZero)
    expect_error(cur, "SELECT %s::integer", "22P02", psycopg2.errors.InvalidTextRepresentation, ("x",))
    e = expect_error(cur, "SELEC 1", "42601", psycopg2.errors.SyntaxError)
    check(e.diag.statement_position == "1", f"position {e.diag.statement_position}")
    expect_error(cur, "SELECT no_column FROM tx", "42703", psycopg2.errors.UndefinedColumn)
    cur.execute("SELECT 1")  # the session goes on after errors in autocommit
    check(cur.fetchone() == (1,), "session usable after errors")
    conn.close()


def test_privilege_error():
    # driver_user cannot create roles: 42501 from a statement the server checks.
    conn = connect()
    conn.autocommit = True
    cur = conn.cursor()
    expect_error(cur, "CREATE ROLE intruder LOGIN", "42501", psycopg2.errors.InsufficientPrivilege)
    expect_error(cur, "SELECT * FROM pg_authid", "42501", psycopg2.errors.InsufficientPrivilege)
    conn.close()


def test_copy():
    conn = connect()
    cur = conn.cursor()
    cur.execute("CREATE TABLE copied (id integer, name text, amount numeric(10,2), day date)")
    data = "".join(f"{i},name {i},{i}.25,2024-01-{i % 28 + 1:02d}\n" for i in range(1, 1001))
    cur.copy_expert("COPY copied FROM STDIN WITH (FORMAT csv)", io.StringIO(data))
    check(cur.rowcount == 1000, f"COPY FROM rowcount {cur.rowcount}")
    cur.copy_from(io.StringIO("2001\ttext form\t1.50\t2024-05-05\n2002\t\\N\t\\N\t\\N\n"), "copied")
    conn.commit()
    out = io.StringIO()
    cur.copy_expert("COPY (SELECT id, name, amount, day FROM copied WHERE id <= 1000 ORDER BY id) TO STDOUT WITH (FORMAT csv)", out)
    check(out.getvalue() == data, "COPY TO STDOUT csv round trip")
    out = io.StringIO()
    cur.copy_to(out, "copied")
    lines = out.getvalue().splitlines()
    check(len(lines) == 1002 and "2002\t\\N\t\\N\t\\N" in lines, "copy_to text format with NULLs")
    try:
        cur.copy_expert("COPY copied FROM STDIN WITH (FORMAT csv)", io.StringIO("1,x,notanumber,2024-01-01\n"))
        raise AssertionError("bad COPY data accepted")
    except psycopg2.Error as e:
        check(e.pgcode == "22P02", f"COPY bad data pgcode {e.pgcode}: {e.pgerror}")
    conn.rollback()
    cur.execute("SELECT count(*), sum(amount) FROM copied")
    check(cur.fetchone() == (1002, decimal.Decimal("500751.50")), "COPY rows kept")
    conn.close()


def test_large_fetch():
    """A pandas-style read: a named (server-side) cursor streamed with fetchmany."""
    conn = connect()
    started = time.monotonic()
    cur = conn.cursor(name="big_read")
    cur.itersize = 20000
    cur.execute("SELECT i, i * 2 AS twice, 'row ' || i AS label FROM generate_series(1, 1000000) AS g(i)")
    count = 0
    total = 0
    while True:
        rows = cur.fetchmany(50000)
        if not rows:
            break
        count += len(rows)
        total += sum(r[1] for r in rows)
    cur.close()
    named = time.monotonic() - started
    check(count == 1000000, f"fetched {count} rows")
    check(total == 1000001000000, f"sum {total}")
    # The same through a client-side cursor (what pandas.read_sql does with a DBAPI connection).
    started = time.monotonic()
    plain = conn.cursor()
    plain.execute("SELECT i, i * 2 AS twice, 'row ' || i AS label FROM generate_series(1, 1000000) AS g(i)")
    count = 0
    total = 0
    for row in plain:
        count += 1
        total += row[1]
    client = time.monotonic() - started
    check(count == 1000000 and total == 1000001000000, "client-side cursor fetch")
    conn.close()
    print(f"  1M rows (3 columns): named cursor fetchmany {named:.2f} s, client-side cursor {client:.2f} s")


def test_sqlalchemy():
    url = sqlalchemy.engine.URL.create("postgresql+psycopg2", username=CONN["user"], password=CONN["password"],
                                       host=CONN["host"], port=CONN["port"], database=CONN["dbname"])
    engine = sqlalchemy.create_engine(url, connect_args={"sslmode": "disable"})
    with engine.begin() as c:
        c.execute(sqlalchemy.text(
            "CREATE TABLE customers (id integer PRIMARY KEY, name varchar(40) NOT NULL, "
            "joined date DEFAULT current_date, score numeric(8,2), active boolean DEFAULT true)"))
        c.execute(sqlalchemy.text(
            "CREATE TABLE orders (order_id bigint, line smallint, customer_id integer NOT NULL "
            "REFERENCES customers (id), amount double precision, note text, "
            "PRIMARY KEY (order_id, line))"))
        c.execute(sqlalchemy.text("CREATE VIEW big_orders AS SELECT * FROM orders WHERE amount > 100"))
        c.execute(sqlalchemy.text(
            "CREATE TABLE coupons (code text, region text, amount numeric(8,2), UNIQUE (region, code))"))
        c.execute(sqlalchemy.text("INSERT INTO customers (id, name) VALUES (:id, :name)"),
                  [{"id": 1, "name": "Ada"}, {"id": 2, "name": "Grace"}])
    inspector = sqlalchemy.inspect(engine)
    schemas = inspector.get_schema_names()
    check("public" in schemas and "information_schema" in schemas, f"schemas {schemas}")
    tables = inspector.get_table_names()
    check(set(tables) >= {"customers", "orders", "coupons", "all_types", "tx", "copied"}, f"tables {tables}")
    views = inspector.get_view_names()
    check(views == ["big_orders"], f"views {views}")
    # PostgreSQL 15's deparsed text (pg_get_viewdef), not the text the view was created with.
    definition = inspector.get_view_definition("big_orders")
    check("WHERE (orders.amount > (100)::double precision)" in definition, f"view definition {definition!r}")
    columns = {c["name"]: c for c in inspector.get_columns("customers")}
    check(list(columns) == ["id", "name", "joined", "score", "active"], f"columns {list(columns)}")
    check(isinstance(columns["id"]["type"], sqlalchemy.INTEGER) and not columns["id"]["nullable"], "id column")
    check(isinstance(columns["name"]["type"], sqlalchemy.VARCHAR) and columns["name"]["type"].length == 40
          and not columns["name"]["nullable"], f"name column {columns['name']}")
    check(isinstance(columns["joined"]["type"], sqlalchemy.DATE) and columns["joined"]["nullable"]
          and columns["joined"]["default"] is not None, f"joined column {columns['joined']}")
    check(isinstance(columns["score"]["type"], sqlalchemy.NUMERIC) and columns["score"]["type"].precision == 8
          and columns["score"]["type"].scale == 2, f"score column {columns['score']}")
    check(columns["active"]["default"] == "true", f"active default {columns['active']['default']!r}")
    pk = inspector.get_pk_constraint("orders")
    check(pk["constrained_columns"] == ["order_id", "line"] and pk["name"] == "orders_pkey", f"orders pk {pk}")
    check(inspector.get_pk_constraint("customers")["constrained_columns"] == ["id"], "customers pk")
    fks = inspector.get_foreign_keys("orders")
    check(len(fks) == 1 and fks[0]["constrained_columns"] == ["customer_id"]
          and fks[0]["referred_table"] == "customers" and fks[0]["referred_columns"] == ["id"]
          and fks[0]["name"] == "orders_customer_id_fkey", f"orders fks {fks}")
    indexes = inspector.get_indexes("orders")
    check(indexes == [], f"orders indexes (PK index is not listed by SQLAlchemy) {indexes}")
    unique = inspector.get_unique_constraints("customers")
    check(unique == [], f"customers unique constraints {unique}")
    # A UNIQUE constraint's index: SQLAlchemy splits pg_index.indkey::varchar on spaces ("2 1",
    # an int2vector); what it reflects from PostgreSQL 15 for the same table.
    indexes = inspector.get_indexes("coupons")
    check(indexes == [{"name": "coupons_region_code_key", "unique": True, "column_names": ["region", "code"],
                       "include_columns": [], "duplicates_constraint": "coupons_region_code_key",
                       "dialect_options": {"postgresql_include": []}}], f"coupons indexes {indexes}")
    unique = inspector.get_unique_constraints("coupons")
    check(unique == [{"name": "coupons_region_code_key", "column_names": ["region", "code"]}],
          f"coupons unique constraints {unique}")
    # inspect() of every table and view: columns, keys, indexes, comments all answer.
    for table in tables + views:
        cols = inspector.get_columns(table)
        check(cols, f"no columns for {table}")
        inspector.get_pk_constraint(table)
        inspector.get_foreign_keys(table)
        inspector.get_indexes(table)
        inspector.get_unique_constraints(table)
        inspector.get_check_constraints(table)
        inspector.get_table_comment(table)
    # What SQLAlchemy reflects from PostgreSQL 15 for the same table.
    all_types_columns = [(c["name"], repr(c["type"]), c["nullable"], c["default"])
                         for c in inspector.get_columns("all_types")]
    check(all_types_columns == [
        ("id", "INTEGER()", True, None), ("c_bool", "BOOLEAN()", True, None), ("c_int2", "SMALLINT()", True, None),
        ("c_int4", "INTEGER()", True, None), ("c_int8", "BIGINT()", True, None), ("c_real", "REAL()", True, None),
        ("c_double", "DOUBLE_PRECISION(precision=53)", True, None),
        ("c_numeric", "NUMERIC(precision=12, scale=3)", True, None), ("c_numeric_free", "NUMERIC()", True, None),
        ("c_text", "TEXT()", True, None), ("c_varchar", "VARCHAR(length=20)", True, None),
        ("c_char", "CHAR(length=5)", True, None), ("c_date", "DATE()", True, None),
        ("c_timestamp", "TIMESTAMP()", True, None), ("c_timestamptz", "TIMESTAMP(timezone=True)", True, None),
        ("c_interval", "INTERVAL()", True, None), ("c_json", "JSON(astext_type=Text())", True, None),
        ("c_jsonb", "JSONB(astext_type=Text())", True, None), ("c_int_array", "ARRAY(INTEGER())", True, None),
        ("c_text_array", "ARRAY(TEXT())", True, None)],
        f"all_types columns {all_types_columns}")
    # Reflection into Table objects and a Core query through them.
    metadata = sqlalchemy.MetaData()
    orders = sqlalchemy.Table("orders", metadata, autoload_with=engine)
    customers = sqlalchemy.Table("customers", metadata, autoload_with=engine)
    check([c.name for c in orders.primary_key] == ["order_id", "line"], "reflected primary key")
    with engine.begin() as c:
        c.execute(orders.insert(), [{"order_id": 10, "line": 1, "customer_id": 1, "amount": 250.0},
                                    {"order_id": 10, "line": 2, "customer_id": 2, "amount": 50.0}])
        query = (sqlalchemy.select(customers.c.name, sqlalchemy.func.sum(orders.c.amount))
                 .join(orders, orders.c.customer_id == customers.c.id)
                 .group_by(customers.c.name).order_by(customers.c.name))
        check(c.execute(query).fetchall() == [("Ada", 250.0), ("Grace", 50.0)], "Core join query")
        check(c.execute(sqlalchemy.text("SELECT count(*) FROM big_orders")).scalar() == 1, "view query")
    engine.dispose()


TESTS = [test_connect, test_types, test_transactions, test_errors, test_privilege_error, test_copy,
         test_sqlalchemy, test_large_fetch]


def main():
    print(f"psycopg2 {psycopg2.__version__}, SQLAlchemy {sqlalchemy.__version__}, libpq {psycopg2.__libpq_version__}")
    failed = 0
    for test in TESTS:
        try:
            test()
            print(f"ok   {test.__name__}")
        except Exception:  # report every test, not only the first failure
            failed += 1
            print(f"FAIL {test.__name__}")
            traceback.print_exc(file=sys.stdout)
    if failed:
        print(f"FAILED: {failed} of {len(TESTS)} python driver checks")
        return 1
    print(f"python drivers: all {len(TESTS)} checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
