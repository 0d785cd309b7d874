#!/usr/bin/env bash
# Two release binaries of motcua (say, before and after a change) on the same seeded
# database (SQLite, or PostgreSQL with MOTCUA_AB_BACKEND=postgres), alternated ROUNDS times
# so that the machine's drift falls on both alike: random lookup by code (8 connections and
# 1), the inbox's first page and a filtered list, each under wrk with keep-alive. Prints the
# median requests/s and p99 of each binary and their ratio (B over A).
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
    if [ -z "${MOTCUA_BENCH_POSTGRES:-}" ]; then
      if [ -z "${MOTCUA_TEST_POSTGRES_URL:-}" ]; then exec scripts/with-postgres.sh "$0" "$@"; fi
      MOTCUA_BENCH_POSTGRES="$MOTCUA_TEST_POSTGRES_URL"
    fi ;;
  *) echo "MOTCUA_AB_BACKEND must be sqlite or postgres, not '$backend'" >&2; exit 2 ;;
esac

if [ $# -lt 2 ]; then
  echo "usage: Benchmarks/ab-reads.sh OLD_BINARY NEW_BINARY [DOSSIERS] [ROUNDS] [SECONDS]" >&2
  exit 2
fi
a="$(realpath "$1")"; b="$(realpath "$2")"
n="${3:-200000}"; rounds="${4:-3}"; secs="${5:-10}"
for binary in "$a" "$b"; do
  [ -x "$binary" ] || { echo "not an executable: $binary" >&2; exit 2; }
done
threads=2
conns=8

source Benchmarks/wrk/server.sh
source Benchmarks/wrk/instances.sh
ensure_wrk
work="$(mktemp -d)"
server=""
pg_database=""
trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null; fi; wait 2>/dev/null || true; drop_postgres; rm -rf "$work"' EXIT

if [ "$backend" = postgres ]; then
  create_postgres "$MOTCUA_BENCH_POSTGRES"
  db="$pg_url"
else
  db="$work/motcua.sqlite"
fi
echo "seeding $n dossiers with B ($backend)…" >&2
"$b" demo seed --database "$db" --out "$work/tokens.json" --dossiers "$n" >/dev/null
if [ "$backend" = postgres ]; then
  # As in scale.sh: autovacuum's pass over the new rows would otherwise fall on one side.
  psql -X -q -v ON_ERROR_STOP=1 "$db" -c "VACUUM ANALYZE" >/dev/null
fi
token="$(desk_token "$work/tokens.json")"

results="$work/results.jsonl"
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    if [ "$side" = A ]; then binary="$a"; else binary="$b"; fi
    port="$(free_port)"
    # As in scale.sh: the seed makes every dossier due soon at once; warn 0 hours ahead so
    # the first deadline scan marks nothing while the reads are measured.
    MOTCUA_SCANNER_DUESOONHOURS=0 "$binary" serve --database "$db" --port "$port" --host 127.0.0.1 >"$work/server-$side.log" 2>&1 &
    server=$!
    base="http://127.0.0.1:$port"
    wait_healthz "$base"
    echo "round $round, $side" >&2
    bench_reads "$base" "$side" "$n" >>"$results"
    kill "$server"; wait "$server" 2>/dev/null || true; server=""
  done
done

python3 - "$results" "$n" "$rounds" "$a" "$b" "$backend" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
bad = [r for r in rows if r["non2xx"] or r["socket_errors"]]
for r in bad:
    print("ERROR: %s: %d non-2xx, %d socket errors" % (r["name"], r["non2xx"], r["socket_errors"]))
def med(side, what, key):
    return statistics.median(r[key] for r in rows if r["name"] == "%s %s" % (side, what))
print("\n%s dossiers (%s), medians of %s alternated rounds; A = %s, B = %s" % (sys.argv[2], sys.argv[6], sys.argv[3], sys.argv[4], sys.argv[5]))
print("| read | A req/s | B req/s | B/A | A p99 ms | B p99 ms |")
print("|---|---|---|---|---|---|")
for what, label in (("lookup", "lookup, 8 connections"), ("lookup1", "lookup, 1 connection"), ("inbox", "inbox first page"), ("list", "list with filters")):
    ra, rb = med("A", what, "rps"), med("B", what, "rps")
    print("| %s | %.0f | %.0f | %.2f | %.2f | %.2f |" % (label, ra, rb, rb / ra, med("A", what, "p99_ms"), med("B", what, "p99_ms")))
sys.exit(1 if bad else 0)
EOF
