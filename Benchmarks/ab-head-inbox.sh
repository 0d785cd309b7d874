#!/usr/bin/env bash
# Two release binaries of motcua (before and after a change) on one seeded PostgreSQL
# database, alternated ROUNDS times: a department head's inbox first page (QLCN's head:
# four step queues and the department's opinion queue, within the procedures QLCN may
# read), under wrk with keep-alive, 8 connections and 1. Before the rounds the first fifth
# of the dossiers are forwarded by the desk through the API, so that the head's queue holds
# real dossiers (N/5). Prints the median requests/s, p99 and CPU per page (the machine's
# and the server's) of each binary, and B over A.
#   Benchmarks/ab-head-inbox.sh OLD_BINARY NEW_BINARY [DOSSIERS=100000] [ROUNDS=3] [SECONDS=8]
# On MOTCUA_BENCH_POSTGRES (a database created and dropped there), or without it on a
# throwaway cluster (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/wrk/instances.sh
bench_postgres_server "$@"
source Benchmarks/wrk/ab.sh
ab_setup ab-head-inbox.sh 100000 8 "$@"
create_postgres "$MOTCUA_BENCH_POSTGRES"
db="$pg_url"

# Every server warns 0 hours ahead of deadlines (`serve_for_reads`): the first scan marking
# every seeded dossier would fall on the forwarding or on one side.
serve() { serve_for_reads "$1" "$db" "$work/server.log"; }
stop() { kill "$server"; wait "$server" 2>/dev/null || true; server=""; }
token_of() {
  python3 -c 'import json,sys; print(next(u["token"] for u in json.load(open(sys.argv[1])) if u["username"]==sys.argv[2]))' \
    "$work/tokens.json" "$1"
}

echo "seeding $n dossiers with B…" >&2
"$b" demo seed --database "$db" --out "$work/tokens.json" --dossiers "$n" >/dev/null
desk="$(token_of motcua.desk)"
head="$(token_of truong.phong.qlcn)"
forwarded=$((n / 5))
echo "forwarding $forwarded to the departments…" >&2
serve "$b"
code="$(curl -sf -H "Authorization: Bearer $desk" "$base/api/v1/dossiers?limit=1" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["code"])')"
# Eight keep-alive clients, each its own share of the codes (wrk would run its whole -d).
python3 - "$base" "$desk" "${code%-*}-" "$forwarded" >"$work/forward.txt" <<'PY'
import http.client, sys, threading, urllib.parse
base, token, prefix, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
url = urllib.parse.urlparse(base)
failed = []
def client(k):
    c = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    for i in range(1 + k, count + 1, 8):
        c.request("POST", "/api/v1/dossiers/%s%04d/actions" % (prefix, i), body='{"action":"forward"}',
                  headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        r = c.getresponse()
        r.read()
        if r.status != 200: failed.append((i, r.status))
workers = [threading.Thread(target=client, args=(k,)) for k in range(8)]
for w in workers: w.start()
for w in workers: w.join()
print("forwarded %d, failed %d %s" % (count - len(failed), len(failed), failed[:3]))
PY
stop
waiting="$(psql -X -At "$db" -c "SELECT count(*) FROM dossiers WHERE queue = 'department_head@QLCN'")"
echo "$waiting dossiers wait for QLCN's head" >&2
[ "$waiting" -ge 50 ] || { echo "the head's queue holds fewer than a page; see $work/forward.txt" >&2; exit 1; }
settle_postgres "$db"

results="$work/results.jsonl"
for round in $(seq 1 "$rounds"); do
  for side in A B; do
    if [ "$side" = A ]; then serve "$a"; else serve "$b"; fi
    echo "round $round, $side" >&2
    shown="$(curl -sf -H "Authorization: Bearer $head" "$base/api/v1/inbox?limit=50" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')"
    [ "$shown" = 50 ] || { echo "$side shows the head $shown dossiers, not a full page" >&2; exit 1; }
    MOTCUA_TOKEN="$head" bench "$side inbox" -s Benchmarks/wrk/get.lua "$base/api/v1/inbox?limit=50" >>"$results"
    MOTCUA_TOKEN="$head" threads=1 conns=1 bench "$side inbox1" -s Benchmarks/wrk/get.lua "$base/api/v1/inbox?limit=50" >>"$results"
    stop
  done
done

python3 - "$results" "$n" "$rounds" "$a" "$b" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
bad = [r for r in rows if r.get("non2xx") or r.get("socket_errors")]
for r in bad:
    print("ERROR: %s: %d non-2xx, %d socket errors" % (r["name"], r["non2xx"], r["socket_errors"]))
def med(side, what, key):
    return statistics.median(r[key] for r in rows if r["name"] == "%s %s" % (side, what))
print("\n%s dossiers (PostgreSQL), a department head's inbox first page, medians of %s alternated rounds; A = %s, B = %s"
      % (sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]))
print("| page | A req/s | B req/s | B/A | A p99 ms | B p99 ms | A / B CPU µs | A / B server CPU µs |")
print("|---|---|---|---|---|---|---|---|")
for what, label in (("inbox", "8 connections"), ("inbox1", "1 connection")):
    ra, rb = med("A", what, "rps"), med("B", what, "rps")
    print("| %s | %.0f | %.0f | %.2f | %.2f | %.2f | %.0f / %.0f | %.0f / %.0f |" % (
        label, ra, rb, rb / ra, med("A", what, "p99_ms"), med("B", what, "p99_ms"),
        med("A", what, "cpu_us"), med("B", what, "cpu_us"), med("A", what, "server_cpu_us"), med("B", what, "server_cpu_us")))
sys.exit(1 if bad else 0)
EOF
