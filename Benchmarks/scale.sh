#!/usr/bin/env bash
# The 1M-dossier proof (issue 11), on SQLite and on PostgreSQL: N dossiers seeded through the
# store (each with its events; the seeding rate is printed), then one release `motcua serve`
# per backend under wrk (8 connections, keep-alive): lookup of a random dossier by code (also
# with one connection), the desk's inbox first page, a filtered list; then the server's peak
# RSS and the database's size per dossier. Targets: lookup p99 < 2 ms, inbox p99 < 20 ms, list p99 < 50 ms, RSS < 300 MB.
#
# Usage: Benchmarks/scale.sh [N=1000000] [SECONDS=10]
#   MOTCUA_BENCH_POSTGRES=postgres://USER@HOST:PORT/postgres   the server (a database is created
#       and dropped there); without it, a throwaway cluster (scripts/with-postgres.sh)
#   MOTCUA_SCALE_BACKENDS="sqlite postgres"   which backends to run
set -euo pipefail
cd "$(dirname "$0")/.."
backends="${MOTCUA_SCALE_BACKENDS:-sqlite postgres}"
source Benchmarks/wrk/instances.sh
if [[ "$backends" == *postgres* ]]; then bench_postgres_server "$@"; fi
n="${1:-1000000}"
secs="${2:-10}"
threads=2
conns=8

source Benchmarks/wrk/server.sh
prepare_bench

results="$work/results.jsonl"
for backend in $backends; do
  if [ "$backend" = sqlite ]; then
    target="$work/motcua.sqlite"
  else
    create_postgres "$MOTCUA_BENCH_POSTGRES"
    target="$pg_url"
  fi
  echo "$backend: seeding $n dossiers…" >&2
  started=$(date +%s.%N)
  "$bin" demo seed --database "$target" --out "$work/tokens.json" --dossiers "$n" >/dev/null
  seeded=$(python3 -c "import sys,time; print(round(time.time() - float(sys.argv[1]), 1))" "$started")
  if [ "$backend" = postgres ]; then
    echo "$backend: VACUUM ANALYZE and CHECKPOINT after the seed…" >&2
    settle_postgres "$pg_url"
  fi
  token="$(desk_token "$work/tokens.json")"
  serve_for_reads "$bin" "$target" "$work/server-$backend.log"
  servers=("$server")
  echo "$backend: $n seeded in $seeded s; measuring" >&2
  bench_reads "$base" "$backend" "$n" | tee -a "$results"
  rss_kb="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
  if [ "$backend" = sqlite ]; then
    bytes="$(du -cb "$work"/motcua.sqlite* | tail -1 | cut -f1)"
  else
    bytes="$(psql -X -At "$pg_url" -c 'SELECT pg_database_size(current_database())')"
  fi
  python3 -c 'import json,sys; print(json.dumps({"name": sys.argv[1] + " footprint", "rss_kb": int(sys.argv[2]), "bytes": int(sys.argv[3]), "seed_s": float(sys.argv[4])}))' \
    "$backend" "$rss_kb" "$bytes" "$seeded" | tee -a "$results"
  stop_front
  if [ "$backend" = postgres ]; then drop_postgres; fi
done
python3 Benchmarks/wrk/scale_summary.py "$results" "$n"
