#!/usr/bin/env bash
# HTTP benchmark across backends and instance counts (issue 11): wrk with keep-alive on
# GET /api/v1/dossiers/{code} and POST /api/v1/dossiers/{code}/actions (forward, each request
# on a dossier of its own), SQLite vs PostgreSQL, one vs three `motcua serve` on one database
# behind Debian's nginx with the README's configuration. One instance goes through the same
# nginx, so the two differ only in what stands behind it; GET /healthz through nginx is the
# floor of each front, measured in the same run.
#
# Usage: Benchmarks/http-backends.sh [N=20000] [RUNS=3] [SECONDS=5]
#   MOTCUA_BENCH_POSTGRES=postgres://USER@HOST:PORT/postgres   the server to use (a database is
#       created there and dropped after); without it, a throwaway cluster (scripts/with-postgres.sh)
#   MOTCUA_BENCH_ACTION_RATE=4000   actions/s to seed dossiers for (a run that runs out says so)
# Prints every run as a JSON line, then the medians (Benchmarks/wrk/backends_summary.py).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/wrk/instances.sh
bench_postgres_server "$@"
n="${1:-20000}"
runs="${2:-3}"
secs="${3:-5}"
threads=2
conns=32
rate="${MOTCUA_BENCH_ACTION_RATE:-4000}"
per_run=$((secs * rate))
total=$((n + 2 * runs * per_run))

source Benchmarks/wrk/server.sh
ensure_nginx
prepare_bench

results="$work/results.jsonl"
for backend in sqlite postgres; do
  if [ "$backend" = sqlite ]; then
    target="$work/motcua.sqlite"
  else
    create_postgres "$MOTCUA_BENCH_POSTGRES"
    target="$pg_url?pool=20"
  fi
  echo "$backend: seeding $total dossiers ($n, and $per_run for each action run)…" >&2
  started=$(date +%s)
  "$bin" demo seed --database "$target" --out "$work/tokens.json" --dossiers "$total" >/dev/null
  echo "  seeded in $(( $(date +%s) - started )) s" >&2
  token="$(desk_token "$work/tokens.json")"
  offset=$n
  for count in 1 3; do
    start_front "$target" "$count"
    first_code="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/dossiers?limit=1" \
      | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"
    prefix="${first_code%-*}-"
    for r in $(seq 1 "$runs"); do
      echo "$backend, $count instance(s), run $r/$runs" >&2
      MOTCUA_TOKEN="" bench "$backend $count healthz" -s Benchmarks/wrk/get.lua "$base/healthz" | tee -a "$results"
      MOTCUA_TOKEN="$token" bench "$backend $count dossier" -s Benchmarks/wrk/get.lua "$base/api/v1/dossiers/$first_code" | tee -a "$results"
      MOTCUA_TOKEN="$token" MOTCUA_PREFIX="$prefix" MOTCUA_FIRST=$((offset + 1)) MOTCUA_THREADS="$threads" \
        MOTCUA_LAST=$((offset + per_run)) bench "$backend $count action" -s Benchmarks/wrk/action.lua "$base/" | tee -a "$results"
      offset=$((offset + per_run))
    done
    stop_front
  done
  if [ "$backend" = postgres ]; then drop_postgres; fi
done
python3 Benchmarks/wrk/backends_summary.py "$results" "$n" "$per_run"
