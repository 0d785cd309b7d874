#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL cluster: initdb in a temp dir, the server on
# a free loopback port (as the unprivileged 'postgres' user when run as root: the server
# refuses root), MOTCUA_TEST_POSTGRES_URL exported for the command, the cluster stopped and
# removed at the end whatever the command did. Under CI=true a missing PostgreSQL fails;
# otherwise the command runs without the variable and the PostgreSQL tests say so.
#   scripts/with-postgres.sh swift test --skip-build
set -euo pipefail

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "motcua: PostgreSQL is not installed (scripts/install-deps.sh --test installs it); CI needs it" >&2
    exit 1
  fi
  echo "motcua: PostgreSQL is not installed; the PostgreSQL store tests will not run" >&2
  exec "$@"
fi

dir=$(mktemp -d /tmp/motcua-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi

stop() {
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U motcua --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
  cat "$dir/initdb.log" >&2; exit 1; }
# In the cluster's own configuration, so that a test stopping and starting it (the outage
# test) gets it back on the same port.
cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 500
synchronous_commit = on
CONF
if [ "${MOTCUA_TEST_POSTGRES_FSYNC:-on}" = off ]; then
  # For the Swift suites only (the Makefile asks): they create ~100 databases, and the
  # immediate checkpoint a `DROP DATABASE` forces (the bench test drops its two) then fsyncs
  # every file of all of them: 11,264 files, 20 s here, during which every test's commits
  # waited past the store's 15 s limit. Nothing there tests durability against a crash of
  # the machine; the crash, outage and benchmark runs keep fsync on.
  echo "fsync = off" >>"$dir/data/postgresql.conf"
fi
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null || {
  cat "$dir/server.log" >&2; exit 1; }

export MOTCUA_TEST_POSTGRES_URL="postgres://motcua@127.0.0.1:$port/postgres"
export MOTCUA_TEST_POSTGRES_BIN="$bin"
export MOTCUA_TEST_POSTGRES_DATA="$dir/data"
echo "motcua: throwaway PostgreSQL on 127.0.0.1:$port ($dir)" >&2
set +e
"$@"
rc=$?
set -e
if [ "$rc" -ne 0 ] && [ -f "$dir/server.log" ]; then
  # The cluster goes with its directory: keep its log, which may say why a test failed.
  kept="${TMPDIR:-/tmp}/motcua-pg-$(date +%Y%m%dT%H%M%S)-$$.log"
  cp "$dir/server.log" "$kept" && echo "motcua: the command failed (exit $rc); PostgreSQL's log is kept in $kept" >&2
fi
exit $rc
