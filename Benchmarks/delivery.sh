#!/usr/bin/env bash
# Delivery benchmark: portal pushes to an in-process HTTP receiver and mails to a real
# local SMTP server (aiosmtpd, from the project's .venv), end to end from commit to 2xx/250.
# Usage: Benchmarks/delivery.sh [DOSSIERS] [RUNS]   (defaults: 1000 dossiers, 3 runs; medians printed)
set -euo pipefail
cd "$(dirname "$0")/.."
dossiers="${1:-1000}"
runs="${2:-3}"
make -s .venv/ready >/dev/null
swift build -c release --product motcua >/dev/null
bin="$(swift build -c release --show-bin-path)/motcua"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
.venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Sink &
smtp=$!
trap 'kill $smtp 2>/dev/null || true' EXIT
sleep 1
results=()
for i in $(seq 1 "$runs"); do
  line="$("$bin" bench --dossiers 1000 --baseline-commits 0 --deliveries --delivery-dossiers "$dossiers" \
          --smtp-url "smtp://127.0.0.1:$port" --format json 2>/dev/null | tail -1)"
  echo "run $i: $line"
  results+=("$line")
done
printf '%s\n' "${results[@]}" | python3 -c '
import json, statistics, sys
rows = [json.loads(l) for l in sys.stdin if l.strip()]
def med(k):
    return statistics.median(r[k] for r in rows)
print("median over %d runs: %.0f portal deliveries/s (p99 %.0f ms), %.0f mails/s (p99 %.0f ms), end to end"
      % (len(rows), med("portal_deliveries_per_sec"), med("portal_p99_ms"), med("mails_per_sec"), med("mail_p99_ms")))
'
