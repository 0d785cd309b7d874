#!/usr/bin/env bash
# Two release binaries of motcua (say, before and after a change) on the same seeded
# database (SQLite, or PostgreSQL with MOTCUA_AB_BACKEND=postgres), alternated ROUNDS times
# so that the machine's drift falls on both alike: random lookup by code (8 connections and
# 1), the inbox's first page and a filtered list, each under wrk with keep-alive. Prints the
# median requests/s and p99 of each binary and their ratio (B over A), the CPU per request
# (the whole machine's and the server's: steadier than requests/s on a machine whose speed
# drifts) and the server's peak resident memory over a round (VmHWM).
#   Benchmarks/ab-reads.sh OLD_BINARY NEW_BINARY [DOSSIERS=200000] [ROUNDS=3] [SECONDS=10]
# Build each with `swift build -c release --product motcua` and copy it aside first.
#   MOTCUA_AB_BACKEND=postgres   on PostgreSQL: a database created (and dropped) on
#       MOTCUA_BENCH_POSTGRES, or without it on a throwaway cluster (scripts/with-postgres.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
backend="${MOTCUA_AB_BACKEND:-sqlite}"
case "$backend" in
  sqlite) ;;
  postgres)
    source Benchmarks/wrk/instances.sh
    bench_postgres_server "$@" ;;
  *) echo "MOTCUA_AB_BACKEND must be sqlite or postgres, not '$backend'" >&2; exit 2 ;;
esac

source Benchmarks/wrk/ab.sh
ab_setup ab-reads.sh 200000 10 "$@"

if [ "$backend" = postgres ]; then
  create_postgres "$MOTCUA_BENCH_POSTGRES"
  db="$pg_url"
else
  db="$work/motcua.sqlite"
fi
echo "seeding $n dossiers with B ($backend)…" >&2
"$b" demo seed --database "$db" --out "$work/tokens.json" --dossiers "$n" >/dev/null
if [ "$backend" = postgres ]; then settle_postgres "$db"; fi
token="$(desk_token "$work/tokens.json")"

results="$work/results.jsonl"
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    if [ "$side" = A ]; then binary="$a"; else binary="$b"; fi
    serve_for_reads "$binary" "$db" "$work/server-$side.log"
    echo "round $round, $side" >&2
    bench_reads "$base" "$side" "$n" >>"$results"
    # The server's peak resident memory over the round (the kernel's high-water mark).
    awk -v side="$side" '/VmHWM/ {printf "{\"name\": \"%s rss\", \"rss_kb\": %d}\n", side, $2}' "/proc/$server/status" >>"$results"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
  done
done

python3 - "$results" "$n" "$rounds" "$a" "$b" "$backend" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
bad = [r for r in rows if r.get("non2xx") or r.get("socket_errors")]
for r in bad:
    print("ERROR: %s: %d non-2xx, %d socket errors" % (r["name"], r["non2xx"], r["socket_errors"]))
def med(side, what, key):
    values = [r[key] for r in rows if r["name"] == "%s %s" % (side, what) and r.get(key) is not None]
    return statistics.median(values) if values else float("nan")
print("\n%s dossiers (%s), medians of %s alternated rounds; A = %s, B = %s" % (sys.argv[2], sys.argv[6], sys.argv[3], sys.argv[4], sys.argv[5]))
print("CPU: µs per request, the whole machine's (server, database, wrk) and the server's own")
print("| read | A req/s | B req/s | B/A | A p99 ms | B p99 ms | A / B CPU | A / B server CPU |")
print("|---|---|---|---|---|---|---|---|")
for what, label in (("lookup", "lookup, 8 connections"), ("lookup1", "lookup, 1 connection"), ("inbox", "inbox first page"), ("list", "list with filters")):
    ra, rb = med("A", what, "rps"), med("B", what, "rps")
    print("| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.0f / %.0f | %.0f / %.0f |" % (
        label, ra, rb, rb / ra, med("A", what, "p99_ms"), med("B", what, "p99_ms"),
        med("A", what, "cpu_us"), med("B", what, "cpu_us"), med("A", what, "server_cpu_us"), med("B", what, "server_cpu_us")))
ma, mb = med("A", "rss", "rss_kb") / 1024, med("B", "rss", "rss_kb") / 1024
print("| server's peak RSS (MB) | %.0f | %.0f | %.2f | | | | |" % (ma, mb, mb / ma))
sys.exit(1 if bad else 0)
EOF
