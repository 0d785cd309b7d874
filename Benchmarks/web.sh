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

if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1
  fi
fi
swift build -c release --product motcua >/dev/null
bin="$(swift build -c release --show-bin-path)/motcua"
work="$(mktemp -d)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
db="$work/motcua.sqlite"

echo "seeding $n dossiers…" >&2
"$bin" demo seed --database "$db" --out "$work/tokens.json" --dossiers "$n" >/dev/null
read -r user password token < <(python3 -c 'import json,sys; u=next(u for u in json.load(open(sys.argv[1])) if u["role"]=="desk"); print(u["username"], u["password"], u["token"])' "$work/tokens.json")

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$bin" serve --database "$db" --port "$port" --host 127.0.0.1 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
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

bench() {  # name, then wrk arguments; prints one JSON line
  local name="$1"; shift
  wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" 2>"$work/wrk.err" | python3 Benchmarks/wrk/parse.py "$name"
  if [ -s "$work/wrk.err" ]; then echo "  ($name: $(sort "$work/wrk.err" | uniq -c | head -3 | tr '\n' ' '))" >&2; fi
}

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
