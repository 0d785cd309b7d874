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

source Benchmarks/wrk/server.sh
# Seed: N dossiers for the inbox, and enough more for every action run to walk fresh ones.
actions_per_run=$((secs * 12000))
total=$((n + runs * actions_per_run))
echo "($n for the inbox, $((runs * actions_per_run)) for the action runs)" >&2
start_seeded_server "$total"
first_code="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/dossiers?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"
prefix="${first_code%-*}-"
body='{"procedureCode":"1.000173","channel":"direct","applicant":{"name":"Nguyễn Văn A","idNumber":"062090001234","kind":"citizen","phone":"0905123456","email":"a@example.vn","address":"01 Lê Lợi"},"summary":"Cấp chứng chỉ nhân viên bức xạ","documents":[{"name":"Đơn đề nghị","copies":1,"form":"original"}]}'

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
