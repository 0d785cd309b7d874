"""Medians of Benchmarks/http-backends.sh: per backend and instance count, GET /healthz
through nginx (the front's floor), GET one dossier and POST an action, as requests/s, p50
and p99; the ratios to the front's floor and to the one-instance SQLite figure."""
import json
import statistics
import sys
from collections import defaultdict

path, inbox, per_run = sys.argv[1], sys.argv[2], int(sys.argv[3])
rows = defaultdict(list)
for line in open(path):
    if line.strip():
        r = json.loads(line)
        backend, count, what = r["name"].split()
        rows[(backend, int(count), what)].append(r)


def med(key, field):
    values = [r[field] for r in rows[key] if r.get(field) is not None]
    return statistics.median(values) if values else float("nan")


print("\nmedians of %d runs; %s dossiers at the desk; nginx in front of every configuration"
      % (len(rows[("sqlite", 1, "healthz")]), inbox))
print("| backend | instances | GET /healthz (floor) | GET /api/v1/dossiers/{code} | p50 / p99 ms | POST …/actions | p50 / p99 ms |")
print("|---|---|---|---|---|---|---|")
for backend, label in (("sqlite", "SQLite"), ("postgres", "PostgreSQL")):
    for count in (1, 3):
        if not rows[(backend, count, "healthz")]:
            continue
        h, d, a = (backend, count, "healthz"), (backend, count, "dossier"), (backend, count, "action")
        print("| %s | %d | %.0f/s | %.0f/s | %.2f / %.2f | %.0f/s | %.2f / %.2f |" % (
            label, count, med(h, "rps"), med(d, "rps"), med(d, "p50_ms"), med(d, "p99_ms"),
            med(a, "rps"), med(a, "p50_ms"), med(a, "p99_ms")))
base = med(("sqlite", 1, "action"), "rps")
print()
for backend in ("sqlite", "postgres"):
    for count in (1, 3):
        a = (backend, count, "action")
        if rows[a]:
            print("%-8s x%d  actions / SQLite x1 actions: %.2f   dossier GET / healthz: %.2f" % (
                backend, count, med(a, "rps") / base, med((backend, count, "dossier"), "rps") / med((backend, count, "healthz"), "rps")))
failed = False
for key, rs in rows.items():
    for r in rs:
        if r.get("non2xx", 0) or r.get("socket_errors", 0):
            print("ERROR: %s: %d non-2xx answers, %d socket errors; these figures do not count" % (" ".join(map(str, key)),
                                                                                                   r.get("non2xx", 0), r.get("socket_errors", 0)))
            failed = True
        if key[2] == "action" and r.get("requests", 0) >= per_run:
            print("WARNING: %s ran out of seeded dossiers (%d actions): raise MOTCUA_BENCH_ACTION_RATE" % (" ".join(map(str, key)), per_run))
sys.exit(1 if failed else 0)
