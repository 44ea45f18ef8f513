# Sourced by pg_test_server.sh and mariadb_test_server.sh: who runs a private test server
# and where its files live. Neither server may (PostgreSQL) or should (MariaDB) run as root.
#
#   choose_server_user PACKAGE_USER FALLBACK_USER
#     sets server_user and as_server_user (a command prefix, empty unless root): as root, the
#     server runs as the user the Debian package creates (PACKAGE_USER) or, without that
#     package's user, FALLBACK_USER, a system user created here.
#   server_directory BASE TMP_PREFIX
#     prints BASE, or /tmp/TMP_PREFIX-<hash of BASE> when the server's user cannot reach
#     BASE (every directory above it must be searchable), so that start and stop agree.

choose_server_user() {
  as_server_user=()
  server_user=$(id -un)
  if [ "$(id -u)" -eq 0 ]; then
    server_user=$1
    if ! id -u "$server_user" >/dev/null 2>&1; then
      server_user=$2
      if ! id -u "$server_user" >/dev/null 2>&1; then
        useradd --system --no-create-home --shell /usr/sbin/nologin "$server_user"
      fi
    fi
    as_server_user=(runuser -u "$server_user" --)
  fi
}

server_directory() {
  local base=$1 dir=$1 probe
  if [ ${#as_server_user[@]} -gt 0 ]; then
    probe=$(dirname "$base")
    while [ ! -d "$probe" ]; do probe=$(dirname "$probe"); done
    if ! "${as_server_user[@]}" test -x "$probe"; then
      dir=/tmp/$2-$(printf '%s' "$base" | md5sum | cut -c1-12)
    fi
  fi
  printf '%s\n' "$dir"
}
