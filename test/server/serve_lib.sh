# Shell helpers for tests that run `stockroom serve` (sourced, not run).

# make_test_dir: a temporary directory in $dir, removed on exit after the server started by
# start_serve (if any) is stopped.
make_test_dir() {
  dir=$(mktemp -d)
  server_pid=
  trap stop_serve_and_clean_up EXIT
}

stop_serve_and_clean_up() {
  if [[ -n $server_pid ]]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$dir"
}

# write_tls_serve_config DIR: a self-signed certificate in DIR and DIR/serve.yaml that
# listens on a free port and takes only TLS logins by SCRAM-SHA-256.
write_tls_serve_config() {
  local dir=$1
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=localhost \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" >/dev/null 2>&1
  cat >"$dir/serve.yaml" <<YAML
port: 0
tls: {mode: required, cert: $dir/cert.pem, key: $dir/key.pem}
auth:
  - {type: hostssl, method: scram-sha-256}
YAML
}

# start_serve STOCKROOM DATA_DIR CONFIG LOG: starts the server in the background and sets
# server_pid and port (the free port it chose, read from its log); exits if it does not start.
start_serve() {
  local stockroom=$1 data=$2 config=$3 log=$4
  "$stockroom" serve --db "$data" --config "$config" 2>"$log" &
  server_pid=$!
  port=
  for _ in $(seq 100); do
    # The log may not exist yet: the background shell opens it when it gets to run.
    port=$(sed -n 's/.*listening on .* port \([0-9]*\),.*/\1/p' "$log" 2>/dev/null || true)
    [[ -n $port ]] && break
    sleep 0.1
  done
  [[ -n $port ]] || { echo "server did not start:"; cat "$log"; exit 1; }
}
