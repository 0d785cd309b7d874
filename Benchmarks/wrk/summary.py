"""Medians per endpoint over the runs, and the ratios the README reports."""
import json
import statistics
import sys
from collections import defaultdict

rows = defaultdict(list)
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line)
        rows[r["name"]].append(r)


def med(name, key):
    values = [r[key] for r in rows[name] if r.get(key) is not None]
    return statistics.median(values) if values else float("nan")


labels = {
    "healthz": "GET /healthz (floor)", "dossier": "GET /api/v1/dossiers/{code}", "inbox": "GET /api/v1/inbox (desk, 32 conns)",
    "inbox8": "GET /api/v1/inbox (desk, 8 conns)", "create": "POST /api/v1/dossiers", "action": "POST …/actions (forward)",
    "bench": "motcua bench (in-process, transitions)",
}
print("\nmedians of %d runs, %s dossiers waiting at the desk" % (len(rows["healthz"]), sys.argv[2]))
print("| what | requests/s | p50 ms | p99 ms | non-2xx |")
print("|---|---|---|---|---|")
for name, label in labels.items():
    if rows[name]:
        bad = sum(r.get("non2xx", 0) + r.get("socket_errors", 0) for r in rows[name])
        print("| %s | %.0f | %.2f | %.2f | %d |" % (label, med(name, "rps"), med(name, "p50_ms"), med(name, "p99_ms"), bad))
floor = med("bench", "floor")
print("| raw single-row SQLite commits (FULL), one after another | %.0f | | | |" % floor)
print()
print("GET dossier / GET healthz:      %.2f  (target >= 0.5)" % (med("dossier", "rps") / med("healthz", "rps")))
print("POST create / in-process bench: %.2f  (target >= 0.4)" % (med("create", "rps") / med("bench", "rps")))
print("bench / raw commits:            %.2f  (target >= 2)" % (med("bench", "rps") / floor))
print("inbox p99 at 8 connections:     %.2f ms (target < 20)" % med("inbox8", "p99_ms"))
non2xx = sum(r.get("non2xx", 0) for rs in rows.values() for r in rs)
if non2xx:
    # The Lua scripts leave responses to wrk (a callback per response costs it 10-20% of the
    # rate); a wrong answer still invalidates the run.
    print("ERROR: %d responses were not 2xx: these figures do not count; reproduce one request with curl" % non2xx)
    sys.exit(1)
