#!/usr/bin/env bash
# A lookup's own latency against the machine's HTTP floor, in the same run on the same
# server: one wrk connection alternates `GET /healthz` (no database, no rendering) and a
# random dossier by code, ROUNDS times. The 1M proof's 1-connection lookup misses its
# p99 < 2 ms on the slower machine; this tells whether its tail is the machine's (healthz
# as slow) or the lookup path's. Prints one JSON line per round and read, then the medians
# and the lookup ÷ healthz ratio of the p99s.
#
# Usage: Benchmarks/lookup-floor.sh [N=100000] [SECONDS=10] [ROUNDS=3]
#   MOTCUA_FLOOR_BACKEND=postgres|sqlite (default postgres)
#   MOTCUA_BENCH_POSTGRES=postgres://USER@HOST:PORT/postgres   else a throwaway cluster
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${MOTCUA_FLOOR_BACKEND:-postgres}"
source Benchmarks/wrk/instances.sh
if [ "$backend" = postgres ]; then bench_postgres_server "$@"; fi
n="${1:-100000}"
secs="${2:-10}"
rounds="${3:-3}"
threads=1
conns=1

source Benchmarks/wrk/server.sh
prepare_bench

if [ "$backend" = sqlite ]; then
  target="$work/motcua.sqlite"
else
  create_postgres "$MOTCUA_BENCH_POSTGRES"
  target="$pg_url"
fi
echo "$backend: seeding $n dossiers…" >&2
"$bin" demo seed --database "$target" --out "$work/tokens.json" --dossiers "$n" >/dev/null
if [ "$backend" = postgres ]; then settle_postgres "$pg_url"; fi
token="$(desk_token "$work/tokens.json")"
serve_for_reads "$bin" "$target" "$work/server.log"
servers=("$server")
first="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/dossiers?limit=1")"
code="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["items"][0]["code"])' "$first")"
export MOTCUA_TOKEN="$token" MOTCUA_PREFIX="${code%-*}-" MOTCUA_FIRST=1 MOTCUA_LAST="$n"
bench warm -s Benchmarks/wrk/random_get.lua "$base" >/dev/null
results="$work/results.jsonl"
for r in $(seq 1 "$rounds"); do
  bench healthz "$base/healthz" | tee -a "$results"
  bench lookup -s Benchmarks/wrk/random_get.lua "$base" | tee -a "$results"
done
python3 - "$results" "$backend" "$n" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
def median(name, key):
    return statistics.median(r[key] for r in rows if r["name"] == name)
h99, l99 = median("healthz", "p99_ms"), median("lookup", "p99_ms")
print(f"{sys.argv[2]}, {int(sys.argv[3]):,} dossiers, 1 connection, medians of {len(rows) // 2}: "
      f"healthz p50 {median('healthz', 'p50_ms')} ms p99 {h99} ms; "
      f"lookup p50 {median('lookup', 'p50_ms')} ms p99 {l99} ms, server CPU {median('lookup', 'server_cpu_us')} µs each; "
      f"lookup p99 ÷ healthz p99 = {l99 / h99:.1f}")
PY
