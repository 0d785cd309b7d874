# The arguments and setup shared by the A/B scripts (ab-reads.sh, ab-head-inbox.sh): two
# release binaries, then DOSSIERS, ROUNDS and SECONDS with the script's defaults. Sets a, b,
# n, rounds, secs, threads, conns and work, loads the wrk helpers, and on exit stops the
# server left running (`server`), drops the database created (`pg_database`) and removes work.
#   ab_setup SCRIPT_NAME DEFAULT_DOSSIERS DEFAULT_SECONDS "$@"
ab_setup() {
  local name="$1" default_n="$2" default_secs="$3" binary
  shift 3
  if [ $# -lt 2 ]; then
    echo "usage: Benchmarks/$name OLD_BINARY NEW_BINARY [DOSSIERS] [ROUNDS] [SECONDS]" >&2
    exit 2
  fi
  a="$(realpath "$1")"; b="$(realpath "$2")"
  n="${3:-$default_n}"; rounds="${4:-3}"; secs="${5:-$default_secs}"
  for binary in "$a" "$b"; do
    [ -x "$binary" ] || { echo "not an executable: $binary" >&2; exit 2; }
  done
  threads=2
  conns=8
  source Benchmarks/wrk/server.sh
  source Benchmarks/wrk/instances.sh
  ensure_wrk
  work="$(mktemp -d)"
  server=""
  pg_database=""
  trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null; fi; wait 2>/dev/null || true; drop_postgres; rm -rf "$work"' EXIT
}
