#!/usr/bin/env bash
# Runs one driver test against a fresh `stockroom serve`: a new database in a temp dir, a login
# role `driver_user` with a SCRAM-SHA-256 password and CREATE on schema public, the server on
# a free port (port 0; the port is read from its log). The command gets PGHOST, PGPORT,
# PGDATABASE, PGUSER, PGPASSWORD and SR_SERVE_LOG in its environment; the server is stopped
# (SIGTERM, checked to exit cleanly) afterwards.
# Usage: with_server.sh STOCKROOM_BINARY COMMAND [ARGS...]
set -euo pipefail
# shellcheck source=test/server/serve_lib.sh
source "$(dirname "$0")/../server/serve_lib.sh"
stockroom=$1
shift

make_test_dir

cat >"$dir/serve.yaml" <<YAML
port: 0
tls: {mode: off}
auth:
  - {type: host, method: scram-sha-256}
YAML
"$stockroom" sql --db "$dir/data" -c \
  "CREATE ROLE driver_user LOGIN PASSWORD 'driver pass'; GRANT CREATE ON SCHEMA public TO driver_user" >/dev/null

start_serve "$stockroom" "$dir/data" "$dir/serve.yaml" "$dir/serve.log"

export PGHOST=127.0.0.1 PGPORT=$port PGDATABASE=stockroom PGUSER=driver_user PGPASSWORD="driver pass"
export SR_SERVE_LOG="$dir/serve.log"
status=0
"$@" || status=$?
if [[ $status -ne 0 ]]; then
  echo "---- server log (last 40 lines) ----"
  tail -n 40 "$dir/serve.log"
fi

kill -TERM "$server_pid"
if ! wait "$server_pid"; then
  echo "FAILED: stockroom serve did not exit cleanly"; tail -n 40 "$dir/serve.log"; server_pid=; exit 1
fi
server_pid=
exit $status
