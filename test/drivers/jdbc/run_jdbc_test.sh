#!/usr/bin/env bash
# Compiles DriverTest.java against Debian's pgjdbc (libpostgresql-jdbc-java) and runs it; meant
# to run under with_server.sh. A missing JDK or driver is a failure: install-deps installs them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
jar=/usr/share/java/postgresql.jar
command -v javac >/dev/null || { echo "FAILED: javac missing (default-jdk-headless; run scripts/install-deps.sh)"; exit 1; }
[[ -f $jar ]] || { echo "FAILED: $jar missing (libpostgresql-jdbc-java; run scripts/install-deps.sh)"; exit 1; }
classes=$(mktemp -d)
trap 'rm -rf "$classes"' EXIT
javac -encoding UTF-8 -d "$classes" -cp "$jar" "$here/DriverTest.java"
java -Dfile.encoding=UTF-8 -cp "$classes:$jar" DriverTest
