#!/usr/bin/env bash
# Starts and stops a private MariaDB server for the database-source tests (the b2b_portal
# source of the e-commerce warehouse; docs/ecommerce-warehouse.md, "Database sources").
#
#   scripts/mariadb_test_server.sh start|stop|status DIR [PORT]
#
# The server keeps its data directory, Unix socket, pid file and log under DIR, listens on
# no TCP address (PORT, default 55433, only names the server in messages and the URL), runs
# in UTC with utf8mb4, and trades durability for speed. The first start creates the data
# directory with mariadb-install-db and draws the random password of a `stockroom` account
# that may create databases; `start` writes the account's URL to DIR/url (mode 600, like the
# password it holds):
#   mysql://stockroom:<password>@localhost:PORT/?socket=<DIR>/mysqld.sock
# and reuses a server that is already running there. MariaDB's root account keeps its
# default unix-socket authentication (no password exists anywhere). As root, the server runs
# as the `mysql` user that Debian's package creates (or a `stockroom-my` system user made
# here), in a directory under /tmp if that user cannot reach DIR.
set -euo pipefail

usage() {
  echo "usage: $0 start|stop|status DIR [PORT]" >&2
  exit 2
}

[ $# -ge 2 ] || usage
action=$1
base=$(realpath -m "$2")
port=${3:-55433}
mariadbd=${MARIADBD:-/usr/sbin/mariadbd}

. "$(dirname "$0")/test_server_user.sh"
choose_server_user mysql stockroom-my
mydir=$(server_directory "$base" stockroom-mytest)
data=$mydir/data
socket=$mydir/mysqld.sock
pidfile=$mydir/mysqld.pid
log=$mydir/server.log

run() { "${as_server_user[@]}" "$@"; }

# Asks the server whether it answers, as its own OS user over the socket (root's socket
# authentication maps that user to MariaDB's root only when it is root; the account file
# works for anyone).
ping_server() {
  [ -S "$socket" ] || return 1
  [ -f "$mydir/account.cnf" ] || return 1
  mariadb-admin --defaults-extra-file="$mydir/account.cnf" --socket="$socket" ping >/dev/null 2>&1
}

is_running() {
  [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

write_url() {
  mkdir -p "$base"
  local password
  password=$(sed -n 's/^password=//p' "$mydir/account.cnf")
  (umask 077 && echo "mysql://stockroom:$password@localhost:$port/?socket=$socket" >"$base/url")
}

case "$action" in
  start)
    if [ ! -x "$mariadbd" ]; then
      echo "mariadb_test_server: MariaDB server not found at $mariadbd (run scripts/install-deps.sh)" >&2
      exit 1
    fi
    mkdir -p "$mydir"
    chmod 700 "$mydir"
    if [ ${#as_server_user[@]} -gt 0 ]; then chown "$server_user" "$mydir"; fi
    if is_running && ping_server; then
      write_url
      echo "mariadb_test_server: already running in $mydir"
      exit 0
    fi
    if [ ! -d "$data/mysql" ]; then
      rm -rf "$data"
      extra_user=()
      if [ "$(id -u)" -eq 0 ]; then extra_user=(--user="$server_user"); fi
      if ! mariadb-install-db --no-defaults --datadir="$data" "${extra_user[@]}" --skip-test-db \
        --auth-root-authentication-method=socket >"$mydir/install.log" 2>&1; then
        cat "$mydir/install.log" >&2
        exit 1
      fi
      password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-20)
      (umask 077 && printf '[client]\nuser=stockroom\npassword=%s\n' "$password" >"$mydir/account.cnf")
    fi
    # The test account, made (or given its password again) by the server at start-up: the
    # password exists only in the account file and the URL file, readable by the caller
    # alone, and in this init file until the server answers.
    init_sql=$mydir/init.sql
    password=$(sed -n 's/^password=//p' "$mydir/account.cnf")
    (umask 077 && cat >"$init_sql" <<EOF
CREATE USER IF NOT EXISTS 'stockroom'@'localhost' IDENTIFIED BY '$password';
ALTER USER 'stockroom'@'localhost' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON *.* TO 'stockroom'@'localhost';
EOF
    )
    if [ ${#as_server_user[@]} -gt 0 ]; then chown "$server_user" "$init_sql"; fi
    rm -f "$socket" "$pidfile"
    # setsid: the server outlives this script and the test that ran it.
    run setsid "$mariadbd" --no-defaults --datadir="$data" --socket="$socket" --pid-file="$pidfile" \
      --log-error="$log" --skip-networking --port="$port" --default-time-zone=+00:00 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_bin --skip-log-bin \
      --innodb-flush-log-at-trx-commit=0 --innodb-doublewrite=0 --innodb-buffer-pool-size=64M \
      --max-connections=60 --init-file="$init_sql" </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 120); do
      if ping_server; then
        rm -f "$init_sql"
        write_url
        echo "mariadb_test_server: running in $mydir (socket $socket)"
        exit 0
      fi
      sleep 0.5
    done
    rm -f "$init_sql"
    echo "mariadb_test_server: the server did not start; its log ($log):" >&2
    tail -n 20 "$log" >&2 || true
    exit 1
    ;;
  stop)
    if is_running; then
      pid=$(cat "$pidfile")
      kill "$pid"
      for _ in $(seq 1 120); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.5
      done
      echo "mariadb_test_server: stopped"
    else
      echo "mariadb_test_server: not running"
    fi
    rm -f "$base/url"
    ;;
  status)
    if is_running && ping_server; then
      echo "mariadb_test_server: running in $mydir (socket $socket)"
    else
      echo "mariadb_test_server: not running"
      exit 3
    fi
    ;;
  *)
    usage
    ;;
esac
