#!/usr/bin/env python3
"""Writes the protocol fuzzer's seed corpus (test/fuzz/corpus/protocol): whole client byte
streams of valid exchanges, as libpq/psql/pgjdbc send them. Rerun after changing a seed:
    python3 test/fuzz/make_protocol_corpus.py test/fuzz/corpus/protocol
"""
import os
import struct
import sys


def startup(user="fuzz", **settings):
    body = struct.pack("!i", 196608)
    for key, value in [("user", user), ("database", "stockroom")] + list(settings.items()):
        body += key.encode() + b"\0" + value.encode() + b"\0"
    body += b"\0"
    return struct.pack("!i", len(body) + 4) + body


def message(kind, body=b""):
    return kind.encode() + struct.pack("!i", len(body) + 4) + body


def cstr(text):
    return text.encode() + b"\0"


def query(sql):
    return message("Q", cstr(sql))


def parse(name, sql, oids=()):
    return message("P", cstr(name) + cstr(sql) + struct.pack("!h", len(oids)) + b"".join(struct.pack("!i", o) for o in oids))


def bind(portal, statement, params, param_formats=(), result_formats=()):
    body = cstr(portal) + cstr(statement)
    body += struct.pack("!h", len(param_formats)) + b"".join(struct.pack("!h", f) for f in param_formats)
    body += struct.pack("!h", len(params))
    for p in params:
        body += struct.pack("!i", -1) if p is None else struct.pack("!i", len(p)) + p
    body += struct.pack("!h", len(result_formats)) + b"".join(struct.pack("!h", f) for f in result_formats)
    return message("B", body)


def describe(kind, name):
    return message("D", kind.encode() + cstr(name))


def execute(portal, limit=0):
    return message("E", cstr(portal) + struct.pack("!i", limit))


def close(kind, name):
    return message("C", kind.encode() + cstr(name))


SYNC = message("S")
FLUSH = message("H")
TERMINATE = message("X")
SSL_REQUEST = struct.pack("!ii", 8, 80877103)
GSS_REQUEST = struct.pack("!ii", 8, 80877104)

SEEDS = {
    "simple_query": startup(application_name="psql") + query("SELECT 1") + TERMINATE,
    "multi_statement": startup() + query("SELECT a, b FROM t; SELECT count(*) FROM t; SHOW TimeZone") + TERMINATE,
    "transaction": startup() + query("BEGIN") + query("SELECT 1/0") + query("SELECT 1") + query("ROLLBACK") + TERMINATE,
    "notices": startup() + query("DROP TABLE IF EXISTS nothing_here; ROLLBACK; SET client_min_messages = warning") + TERMINATE,
    "extended": startup() + parse("", "SELECT a, b FROM t WHERE a > $1", [23]) + bind("", "", [b"0"])
    + describe("P", "") + execute("", 0) + SYNC + TERMINATE,
    "extended_binary": startup() + parse("s1", "SELECT $1::int8, $2::text, $3::date", [20, 25, 1082])
    + describe("S", "s1") + bind("p1", "s1", [struct.pack("!q", 7), b"hi", None], [1, 0, 1], [1])
    + execute("p1", 1) + execute("p1", 0) + close("P", "p1") + close("S", "s1") + SYNC + TERMINATE,
    "extended_flush": startup() + parse("", "SELECT * FROM t") + bind("", "", []) + execute("", 1) + FLUSH
    + execute("", 0) + SYNC + TERMINATE,
    "copy_in_text": startup() + query("COPY t (a, b) FROM STDIN") + message("d", b"5\tfive\n6\t\\N\n")
    + message("c") + query("SELECT count(*) FROM t") + TERMINATE,
    "copy_in_csv": startup() + query("COPY t (a, b) FROM STDIN WITH (FORMAT csv, HEADER)")
    + message("d", b"a,b\n7,\"se,ven\"\n") + message("d", b"\\.\n") + message("c") + TERMINATE,
    "copy_in_binary": startup() + query("COPY t (a, b) FROM STDIN WITH (FORMAT binary)")
    + message("d", b"PGCOPY\n\xff\r\n\0" + struct.pack("!ii", 0, 0) + struct.pack("!hi", 2, 4) + struct.pack("!i", 9)
              + struct.pack("!i", 4) + b"nine" + struct.pack("!h", -1))
    + message("c") + TERMINATE,
    "copy_fail": startup() + query("COPY t (a) FROM STDIN") + message("d", b"1\n") + message("f", cstr("stop"))
    + query("SELECT 2") + TERMINATE,
    "copy_out": startup() + query("COPY t TO STDOUT WITH (FORMAT csv)") + query("COPY t TO STDOUT (FORMAT binary)")
    + TERMINATE,
    "ssl_then_startup": SSL_REQUEST + startup() + query("SELECT version()") + TERMINATE,
    "gss_then_startup": GSS_REQUEST + startup() + TERMINATE,
    "cancel_request": struct.pack("!iiii", 16, 80877102, 1000, 4242),
    "md5_login": startup("bob") + message("p", cstr("md5" + "0" * 32)) + TERMINATE,
    "cleartext_login": startup("carol") + message("p", cstr("x")) + query("SELECT current_user") + TERMINATE,
    "scram_login": startup("alice") + message("p", cstr("SCRAM-SHA-256") + struct.pack("!i", 32)
                                                 + b"n,,n=,r=fyko+d2lbbFgONRv9qkxdawL")
    + message("p", b"c=biws,r=fyko+d2lbbFgONRv9qkxdawL,p=AAAA") + TERMINATE,
    "options": startup(options="-c search_path=public -c statement_timeout=1000", DateStyle="ISO, DMY")
    + query("SHOW search_path") + TERMINATE,
}


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "corpus", "protocol")
    os.makedirs(out, exist_ok=True)
    for name, data in SEEDS.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
