#!/usr/bin/env bash
# Write-path benchmark: builds motcua in release mode, runs `motcua bench` several times
# and prints every run and the medians (throughput, ratio to the same run's floor: raw single-row commits).
# Usage: Benchmarks/write-path.sh [DOSSIERS] [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
dossiers="${1:-10000}"
runs="${2:-3}"
swift build -c release --product motcua >/dev/null
bin="$(swift build -c release --show-bin-path)/motcua"
results=()
for i in $(seq 1 "$runs"); do
  line="$("$bin" bench --dossiers "$dossiers" --format json 2>/dev/null | tail -1)"
  echo "run $i: $line"
  results+=("$line")
done
printf '%s\n' "${results[@]}" | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
def med(k):
    return statistics.median(r[k] for r in rows)
print("median over %d runs: %.0f transitions/s, %.2fx the raw single-row commit floor, p50 %.2f ms, p99 %.2f ms, peak %.0f MB"
      % (len(rows), med("transitions_per_sec"), med("ratio_to_baseline"), med("p50_ms"), med("p99_ms"), max(r["peak_rss_mb"] for r in rows)))
'
