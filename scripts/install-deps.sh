#!/usr/bin/env bash
# Installs the Debian packages Stockroom builds and tests with, and any named as arguments.
# Idempotent: it runs apt-get only when a package is missing. Nothing is downloaded outside apt.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config
  # pg_query.h includes protobuf-c.h, and libpg-query-dev does not depend on libprotobuf-c-dev
  libpg-query-dev libprotobuf-c-dev libpcre2-dev zlib1g-dev libzstd-dev liblz4-dev libedit-dev libpq-dev libmariadb-dev
  libgtest-dev libgmock-dev libyaml-cpp-dev libssl-dev
  postgresql-15 tzdata
  # psql, openssl and python3 for the psql tests and the client corpus replay (test/server, test/catalog)
  postgresql-client-15 openssl python3
  # the database-source tests run a private MariaDB (scripts/mariadb_test_server.sh)
  mariadb-server mariadb-client
  # the client driver tests (test/drivers/): psycopg2 + SQLAlchemy, pgjdbc + a JDK for javac,
  # node + npm (node-postgres itself comes from test/drivers/node/package-lock.json)
  python3 python3-psycopg2 python3-sqlalchemy libpostgresql-jdbc-java default-jdk-headless nodejs
)
# NodeSource's nodejs package bundles npm (and conflicts with Debian's): Debian's npm only
# when there is no npm yet.
command -v npm >/dev/null || packages+=(npm)
# Extra packages for optional targets (make fuzz: clang libclang-rt-14-dev).
packages+=("$@")

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
