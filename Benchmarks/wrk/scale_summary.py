"""The figures of Benchmarks/scale.sh against the issue's targets; exits 1 when a run had
errors (its figures do not count). A missed target is printed, not failed: these are
benchmarks, read by people."""
import json
import sys

path, n = sys.argv[1], int(sys.argv[2])
rows = {}
for line in open(path):
    if line.strip():
        r = json.loads(line)
        rows[r["name"]] = r
targets = {"lookup": 2.0, "inbox": 20.0, "list": 50.0}
print("\n%d dossiers; wrk, 8 connections, keep-alive; one release server" % n)
print("| backend | seeded (dossiers/s) | lookup p99 (< 2 ms) | lookup p99, 1 connection | inbox p99 (< 20 ms) | list p99 (< 50 ms) | peak RSS (< 300 MB) | size per dossier |")
print("|---|---|---|---|---|---|---|---|")
failed = False
for backend, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
    foot = rows.get(backend + " footprint")
    if not foot:
        continue
    cells = []
    for what, limit in targets.items():
        r = rows[backend + " " + what]
        mark = "" if r["p99_ms"] is not None and r["p99_ms"] < limit else " (missed)"
        cells.append("%.2f ms, %.0f/s%s" % (r["p99_ms"] or float("nan"), r["rps"], mark))
        if what == "lookup":
            one = rows[backend + " lookup1"]
            mark = "" if one["p99_ms"] is not None and one["p99_ms"] < limit else " (missed)"
            cells.append("%.2f ms, %.0f/s%s" % (one["p99_ms"] or float("nan"), one["rps"], mark))
    for what in ("lookup", "lookup1", "inbox", "list"):
        r = rows[backend + " " + what]
        if r.get("non2xx") or r.get("socket_errors"):
            print("ERROR: %s %s: %d non-2xx, %d socket errors" % (backend, what, r.get("non2xx", 0), r.get("socket_errors", 0)))
            failed = True
    rss = foot["rss_kb"] / 1024
    print("| %s | %.0f | %s | %.0f MB%s | %.0f bytes |" % (
        label, n / foot["seed_s"], " | ".join(cells), rss, "" if rss < 300 else " (missed)", foot["bytes"] / n))
sys.exit(1 if failed else 0)
