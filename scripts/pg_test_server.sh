#!/usr/bin/env bash
# Starts and stops a private PostgreSQL 15 server for the differential SQL logic tests
# (ctest's pgdiff/* tests; see test/sql/README.md).
#
#   scripts/pg_test_server.sh start|stop|status DIR [PORT]
#
# The server keeps its data directory, Unix socket and log under DIR (default port 55432),
# listens on no TCP address, runs with TimeZone=UTC, C locale and UTF8, trusts local
# connections, and trades durability for speed (fsync off). `start` writes the libpq
# connection string to DIR/conninfo (pass it to sqllogictest as --pg @DIR/conninfo) and
# reuses a server that is already running there. PG_EXTRA_OPTS adds server options
# (the TPC-H benchmark sets shared_buffers, work_mem and parallel workers this way). PostgreSQL refuses to run as root: as
# root, the server runs as the `postgres` user that Debian's package creates (or a
# `stockroom-pg` system user made here), in a directory under /tmp if that user cannot
# reach DIR.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status DIR [PORT]" >&2
  exit 2
}

[ $# -ge 2 ] || usage
action=$1
base=$(realpath -m "$2")
port=${3:-55432}
pgbin=${PGBIN:-/usr/lib/postgresql/15/bin}

. "$(dirname "$0")/test_server_user.sh"
choose_server_user postgres stockroom-pg
pgdir=$(server_directory "$base" stockroom-pgtest)
data=$pgdir/data
socket=$pgdir/socket
log=$pgdir/server.log

run() { "${as_server_user[@]}" "$@"; }

is_running() {
  [ -f "$data/PG_VERSION" ] && run "$pgbin/pg_ctl" status -D "$data" >/dev/null 2>&1
}

write_conninfo() {
  mkdir -p "$base"
  echo "host=$socket port=$port dbname=postgres user=postgres" >"$base/conninfo"
}

case "$action" in
  start)
    if [ ! -x "$pgbin/postgres" ]; then
      echo "pg_test_server: PostgreSQL 15 server not found in $pgbin (run scripts/install-deps.sh)" >&2
      exit 1
    fi
    mkdir -p "$pgdir"
    chmod 700 "$pgdir"
    if [ ${#as_server_user[@]} -gt 0 ]; then chown "$server_user" "$pgdir"; fi
    if is_running; then
      write_conninfo
      echo "pg_test_server: already running in $pgdir"
      exit 0
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      run "$pgbin/initdb" -D "$data" -U postgres --locale=C --encoding=UTF8 -A trust >"$pgdir/initdb.log" 2>&1 || {
        cat "$pgdir/initdb.log" >&2
        exit 1
      }
    fi
    run mkdir -p "$socket"
    if ! run "$pgbin/pg_ctl" start -D "$data" -l "$log" -w -t 60 -o \
      "-c listen_addresses='' -k $socket -p $port -c TimeZone=UTC -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=60 ${PG_EXTRA_OPTS:-}" \
      >/dev/null; then
      echo "pg_test_server: the server did not start; its log ($log):" >&2
      tail -n 20 "$log" >&2 || true
      exit 1
    fi
    write_conninfo
    echo "pg_test_server: running in $pgdir ($(cat "$base/conninfo"))"
    ;;
  stop)
    if is_running; then
      run "$pgbin/pg_ctl" stop -D "$data" -m fast -w >/dev/null
      echo "pg_test_server: stopped"
    else
      echo "pg_test_server: not running"
    fi
    rm -f "$base/conninfo"
    ;;
  status)
    if is_running; then
      echo "pg_test_server: running in $pgdir ($(cat "$base/conninfo" 2>/dev/null))"
    else
      echo "pg_test_server: not running"
      exit 3
    fi
    ;;
  *)
    usage
    ;;
esac
