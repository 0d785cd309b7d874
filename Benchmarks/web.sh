#!/usr/bin/env bash
# Web console benchmark: wrk against a release build of `motcua serve` over N dossiers
# waiting at the desk (seeded through the store), signed in as the desk officer with a
# real session cookie: the inbox page (first page, 50 rows, each read written to the access
# log) and a dossier page (header, slip, deliveries, forms, "why this appointment?"), next to
# GET /healthz measured in the same run. Targets: p99 < 50 ms and >= 1,000 pages/s.
# Usage: Benchmarks/web.sh [N=100000] [RUNS=3] [SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
runs="${2:-3}"
secs="${3:-10}"
threads=2
conns=32

source Benchmarks/wrk/server.sh
start_seeded_server "$n"
read -r user password < <(python3 -c 'import json,sys; u=next(u for u in json.load(open(sys.argv[1])) if u["role"]=="desk"); print(u["username"], u["password"])' "$work/tokens.json")
# Let the server settle first: on its first start over freshly seeded dossiers the deadline
# scanner marks every one of them due soon (once each, persisted) — catch-up work of the
# seeding, not of serving pages. Settled = under 5% of a core over a second.
ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz="$(getconf CLK_TCK)"
for _ in $(seq 1 180); do
  a="$(ticks)"; sleep 1; b="$(ticks)"
  [ $(( (b - a) * 100 )) -lt $(( hz * 5 )) ] && break
done
code="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/dossiers?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"

# Sign in as a browser does: the form's token and cookie, then the session cookie.
jar="$work/cookies.txt"
csrf="$(curl -sf -c "$jar" "$base/sign-in" | python3 -c 'import re,sys; print(re.search(r"name=\"csrf\" value=\"([^\"]+)\"", sys.stdin.read()).group(1))')"
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" --data-urlencode "username=$user" \
  --data-urlencode "password=$password" "$base/sign-in"
session="$(awk '$6 == "motcua_session" { print $7 }' "$jar")"
[ -n "$session" ] || { echo "sign-in failed: no session cookie" >&2; exit 1; }
cookie="motcua_session=$session"
for path in /inbox "/dossiers/$code"; do
  status="$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $cookie" "$base$path")"
  [ "$status" = 200 ] || { echo "GET $path answered $status with the session" >&2; exit 1; }
done

results="$work/results.jsonl"
for r in $(seq 1 "$runs"); do
  echo "run $r/$runs" >&2
  bench healthz -s Benchmarks/wrk/get.lua "$base/healthz" | tee -a "$results"
  MOTCUA_COOKIE="$cookie" bench inbox_page -s Benchmarks/wrk/get.lua "$base/inbox" | tee -a "$results"
  MOTCUA_COOKIE="$cookie" bench dossier_page -s Benchmarks/wrk/get.lua "$base/dossiers/$code" | tee -a "$results"
done
python3 - "$results" "$n" <<'PY'
import json, statistics, sys
from collections import defaultdict
rows = defaultdict(list)
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line); rows[r["name"]].append(r)
med = lambda name, key: statistics.median(r[key] for r in rows[name])
print("\nmedians of %d runs, %s dossiers waiting at the desk, 32 connections" % (len(rows["healthz"]), sys.argv[2]))
print("| page | requests/s | p50 ms | p99 ms | non-2xx |")
print("|---|---|---|---|---|")
labels = {"healthz": "GET /healthz (floor)", "inbox_page": "GET /inbox (desk, first page of 50)", "dossier_page": "GET /dossiers/{code}"}
bad = 0
for name, label in labels.items():
    b = sum(r.get("non2xx", 0) + r.get("socket_errors", 0) for r in rows[name]); bad += b
    print("| %s | %.0f | %.2f | %.2f | %d |" % (label, med(name, "rps"), med(name, "p50_ms"), med(name, "p99_ms"), b))
for name in ("inbox_page", "dossier_page"):
    ok = med(name, "p99_ms") < 50 and med(name, "rps") >= 1000
    print("%s: %s (target p99 < 50 ms and >= 1,000 pages/s)" % (labels[name], "met" if ok else "NOT met"))
if bad:
    print("ERROR: %d responses were not 2xx: these figures do not count" % bad); sys.exit(1)
PY
