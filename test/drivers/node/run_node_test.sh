#!/usr/bin/env bash
# Installs node-postgres from the committed package-lock.json (`npm ci`, the npm registry)
# into WORK_DIR/node_modules when the lock file changed, then runs driver_test.js; meant to run
# under with_server.sh. A missing node or npm is a failure: install-deps installs them.
# Usage: run_node_test.sh WORK_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$1
command -v node >/dev/null && command -v npm >/dev/null ||
  { echo "FAILED: node or npm missing (nodejs, npm; run scripts/install-deps.sh)"; exit 1; }
mkdir -p "$work"
if ! cmp -s "$here/package-lock.json" "$work/package-lock.json" || [[ ! -d $work/node_modules/pg ]]; then
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  (cd "$work" && npm ci --no-audit --no-fund --loglevel=error) || { echo "FAILED: npm ci"; exit 1; }
fi
NODE_PATH="$work/node_modules" node "$here/driver_test.js"
