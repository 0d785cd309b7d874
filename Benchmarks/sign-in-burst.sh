#!/usr/bin/env bash
# What a flood of sign-ins costs the other requests: random dossier lookups (wrk, 8
# connections) for SECONDS alone, then for SECONDS while THREADS clients post the sign-in
# form in a loop, each attempt an unknown username (bcrypt's full work every time, the
# throttle never engaged), then alone again; with GET /healthz alone as the floor. bcrypt
# runs on at most half the cores (PasswordWork), so the lookups should keep about half the
# machine. Medians of ROUNDS. Release build of this checkout, or BINARY when given.
# Usage: Benchmarks/sign-in-burst.sh [DOSSIERS=2000] [ROUNDS=3] [SECONDS=10] [THREADS=8] [BINARY]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-2000}"; rounds="${2:-3}"; secs="${3:-10}"; flooders="${4:-8}"; binary="${5:-}"
threads=2
conns=8
source Benchmarks/wrk/server.sh
bench_binary="$binary"
start_seeded_server "$n"
first="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/dossiers?limit=1")"
code="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["items"][0]["code"])' "$first")"
lookups() {
  MOTCUA_TOKEN="$token" MOTCUA_PREFIX="${code%-*}-" MOTCUA_FIRST=1 MOTCUA_LAST="$n" \
    bench "$1" -s Benchmarks/wrk/random_get.lua "$base"
}
results="$work/results.jsonl"
for r in $(seq 1 "$rounds"); do
  echo "round $r/$rounds" >&2
  bench healthz -s Benchmarks/wrk/get.lua "$base/healthz" >>"$results"
  lookups "lookup alone" >>"$results"
  python3 Benchmarks/signin/flood.py "$base" "$flooders" "$((secs + 2))" >"$work/flood.json" &
  flood=$!
  sleep 1
  lookups "lookup during sign-ins" >>"$results"
  wait "$flood"
  python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(json.dumps({"name": "sign-ins", "rps": d["per_sec"], "statuses": d["statuses"]}))' \
    "$work/flood.json" >>"$results"
  lookups "lookup after" >>"$results"
done
python3 - "$results" "$n" "$flooders" "$(nproc)" <<'PY'
import json, statistics, sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line); rows[r["name"]].append(r)
med = lambda name, key: statistics.median(r[key] for r in rows[name])
print("\nmedians of %d rounds, %s dossiers, %s sign-in clients, %s cores" % (len(rows["healthz"]), sys.argv[2], sys.argv[3], sys.argv[4]))
print("| run | requests/s | p50 ms | p99 ms |")
print("|---|---|---|---|")
for name in ["healthz", "lookup alone", "lookup during sign-ins", "lookup after"]:
    print("| %s | %.0f | %.2f | %.2f |" % (name, med(name, "rps"), med(name, "p50_ms"), med(name, "p99_ms")))
print("| sign-ins answered (each a refusal after bcrypt) | %.1f/s | | |" % med("sign-ins", "rps"))
print("lookups during sign-ins / alone: %.2f" % (med("lookup during sign-ins", "rps") / med("lookup alone", "rps")))
print("statuses of the sign-ins:", [r["statuses"] for r in rows["sign-ins"]])
PY
