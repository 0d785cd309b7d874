#!/usr/bin/env bash
# The peer benchmark: SpiffWorkflow 3.2 (PyPI, in the git-ignored .venv-bench/) running the
# same lifecycle as `motcua bench` — logged, six steps forwarded, delivered: 8 durable
# transitions per dossier, each serialized and committed to SQLite with synchronous=FULL —
# against `motcua bench` (release build) in the same run, and the ceiling of that run: the
# bench's own SQL issued by plain C on one connection (Benchmarks/ceiling/ceiling.c, on the
# store's schema, 30 commands per transaction as the bench's group commit gathers), i.e. the
# most any engine writing these rows could reach here. Medians of RUNS runs and the ratios.
# Usage: Benchmarks/peer.sh [PEER_DOSSIERS=2000] [MOTCUA_DOSSIERS=20000] [RUNS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
peer_n="${1:-2000}"
ours_n="${2:-20000}"
runs="${3:-3}"
if [ ! -x .venv-bench/bin/python ]; then
  python3 -m venv .venv-bench
fi
.venv-bench/bin/pip install --quiet --disable-pip-version-check "SpiffWorkflow==3.2.*"
swift build -c release --product motcua >/dev/null
bin="$(swift build -c release --show-bin-path)/motcua"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
results="$work/results.jsonl"
cc -O2 -o "$work/ceiling" Benchmarks/ceiling/ceiling.c -lsqlite3
# The store's schema, seeded as the server would be; each ceiling run writes on a fresh copy.
"$bin" demo seed --database "$work/seed.sqlite" --out "$work/tokens.json" --dossiers 1000 >/dev/null 2>&1
for r in $(seq 1 "$runs"); do
  for suffix in "" -wal -shm; do [ -e "$work/seed.sqlite$suffix" ] && cp "$work/seed.sqlite$suffix" "$work/ceiling.sqlite$suffix"; done
  "$work/ceiling" "$work/ceiling.sqlite" 30 "$((ours_n / 64 * 64))" | tee -a "$results"
  rm -f "$work/ceiling.sqlite"*
  .venv-bench/bin/python Benchmarks/peer/spiff_bench.py "$peer_n" "$work/spiff-$r.sqlite" | tee -a "$results"
  "$bin" bench --dossiers "$ours_n" --format json 2>/dev/null | tail -1 \
    | python3 -c 'import json,sys; b=json.load(sys.stdin); print(json.dumps({"name":"motcua","transitions_per_sec":b["transitions_per_sec"],"p50_ms":b["p50_ms"],"p99_ms":b["p99_ms"]}))' \
    | tee -a "$results"
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def med(name, key):
    return statistics.median(r[key] for r in rows if r["name"] == name)
peer, ours = med("spiffworkflow", "transitions_per_sec"), med("motcua", "transitions_per_sec")
ceiling = med("ceiling", "commands_per_sec")
print("| engine | transitions/s | p50 ms | p99 ms |")
print("|---|---|---|---|")
print("| SpiffWorkflow 3.2, one instance per dossier, SQLite FULL | %.0f | %.2f | %.2f |" % (peer, med("spiffworkflow", "p50_ms"), med("spiffworkflow", "p99_ms")))
print("| motcua bench, 64 callers, group commit, SQLite FULL | %.0f | %.2f | %.2f |" % (ours, med("motcua", "p50_ms"), med("motcua", "p99_ms")))
print("| ceiling: the bench's SQL from plain C, one connection, 30 a transaction, SQLite FULL | %.0f | | |" % ceiling)
print("motcua / SpiffWorkflow: %.1fx (goal >= 20x)" % (ours / peer))
print("ceiling / SpiffWorkflow: %.1fx (no engine writing these rows here could show more); motcua / ceiling: %.2f"
      % (ceiling / peer, ours / ceiling))
PY
