#!/usr/bin/env bash
# HTTP benchmark: wrk against a release build of `motcua serve` over a database of N
# dossiers waiting at the desk (seeded through the store), with the floors of the same run.
# Usage: Benchmarks/http.sh [N=100000] [RUNS=3] [SECONDS=10]
# Prints every run and the medians; the ratios are the acceptance figures of the README.
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

# Seed: N dossiers for the inbox, and enough more for every action run to walk fresh ones.
actions_per_run=$((secs * 12000))
total=$((n + runs * actions_per_run))
echo "seeding $total dossiers ($n for the inbox, $((runs * actions_per_run)) for the action runs)…" >&2
"$bin" demo seed --database "$db" --out "$work/tokens.json" --dossiers "$total" >/dev/null
token="$(python3 -c 'import json,sys; print(next(u["token"] for u in json.load(open(sys.argv[1])) if u["role"]=="desk"))' "$work/tokens.json")"

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
"$bin" serve --database "$db" --port "$port" --host 127.0.0.1 >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"
first_code="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/dossiers?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"
prefix="${first_code%-*}-"
body='{"procedureCode":"1.000173","channel":"direct","applicant":{"name":"Nguyễn Văn A","idNumber":"062090001234","kind":"citizen","phone":"0905123456","email":"a@example.vn","address":"01 Lê Lợi"},"summary":"Cấp chứng chỉ nhân viên bức xạ","documents":[{"name":"Đơn đề nghị","copies":1,"form":"original"}]}'

bench() {  # name, then wrk arguments; prints one JSON line
  local name="$1"; shift
  wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" 2>"$work/wrk.err" | python3 Benchmarks/wrk/parse.py "$name"
  if [ -s "$work/wrk.err" ]; then echo "  ($name: $(sort "$work/wrk.err" | uniq -c | head -3 | tr '\n' ' '))" >&2; fi
}

results="$work/results.jsonl"
for r in $(seq 1 "$runs"); do
  echo "run $r/$runs" >&2
  MOTCUA_TOKEN="" bench healthz -s Benchmarks/wrk/get.lua "$base/healthz" | tee -a "$results"
  MOTCUA_TOKEN="$token" bench dossier -s Benchmarks/wrk/get.lua "$base/api/v1/dossiers/$first_code" | tee -a "$results"
  MOTCUA_TOKEN="$token" bench inbox -s Benchmarks/wrk/get.lua "$base/api/v1/inbox?limit=50" | tee -a "$results"
  MOTCUA_TOKEN="$token" bench inbox8 -s Benchmarks/wrk/get.lua -c8 "$base/api/v1/inbox?limit=50" | tee -a "$results"
  MOTCUA_TOKEN="$token" MOTCUA_BODY="$body" bench create -s Benchmarks/wrk/post.lua "$base/api/v1/dossiers" | tee -a "$results"
  MOTCUA_TOKEN="$token" MOTCUA_PREFIX="$prefix" MOTCUA_FIRST=$((n + 1 + (r - 1) * actions_per_run)) MOTCUA_THREADS="$threads" \
    MOTCUA_LAST=$((n + r * actions_per_run)) bench action -s Benchmarks/wrk/action.lua "$base/" | tee -a "$results"
done
kill "$server"; wait "$server" 2>/dev/null || true; server=""

# The in-process write path and the disk's floor (raw single-row commits), same machine, same run.
for r in $(seq 1 "$runs"); do
  "$bin" bench --dossiers 20000 --format json 2>/dev/null | tail -1 \
    | python3 -c 'import json,sys; b=json.load(sys.stdin); print(json.dumps({"name":"bench","rps":b["transitions_per_sec"],"p50_ms":b["p50_ms"],"p99_ms":b["p99_ms"],"floor":b["baseline_transitions_per_sec"]}))' \
    | tee -a "$results"
done
python3 Benchmarks/wrk/summary.py "$results" "$n"
