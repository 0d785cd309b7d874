#!/usr/bin/env bash
# What PostgreSQL alone can write of the lifecycle on this machine, without motcua's own CPU:
# pgbench runs batches of 16 actions shaped as the store writes them (Benchmarks/write-model/
# action.sql) on 100,000 dossiers of the real schema (`motcua db migrate`), then the same with
# one part of the write model taken away at a time, then the row split in two (write-model/
# split.sql: what an action changes in a narrow table, the snapshot's row updated HOT), then
# the event as the only write, next to `motcua bench`'s floor (pgbench's one-row insert) in
# the same run. Prints the median
# actions/s of each and its ratio to the floor's median: the ceiling each write model puts
# under `motcua bench --database` (docs/postgres.md, "Write speed"), and the machine's busy
# CPU per action (from /proc/stat: the database and pgbench), to set beside the CPU per
# transition `motcua bench --database` prints for motcua itself.
#   Benchmarks/postgres-write-model.sh [ROUNDS=3] [SECONDS=15] [CLIENTS=16]
# On a throwaway cluster (scripts/with-postgres.sh), or on MOTCUA_BENCH_POSTGRES (a server
# URL; databases motcua_wm and motcua_wm_floor are created there and dropped).
set -euo pipefail
cd "$(dirname "$0")/.."
source Benchmarks/wrk/instances.sh
bench_postgres_server "$@"
rounds="${1:-3}"; secs="${2:-15}"; clients="${3:-16}"
for v in "$rounds" "$secs" "$clients"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "usage: Benchmarks/postgres-write-model.sh [ROUNDS] [SECONDS] [CLIENTS] (whole numbers)" >&2; exit 2; }
done
[ "$clients" -le 16 ] || { echo "at most 16 clients: each works on its own 6,000 of the 100,000 dossiers" >&2; exit 2; }
bindir="${MOTCUA_TEST_POSTGRES_BIN:-$(dirname "$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench | tail -1)")}"
swift build -c release --product motcua >/dev/null
motcua="$(swift build -c release --show-bin-path)/motcua"
sql=Benchmarks/write-model
server="${MOTCUA_BENCH_POSTGRES%/*}"
P() { "$bindir/psql" -q -X -v ON_ERROR_STOP=1 "$@"; }

fresh() { # statements (or @file) to run after the seed
  P "$server/postgres" -c "DROP DATABASE IF EXISTS motcua_wm" -c "CREATE DATABASE motcua_wm"
  "$motcua" db migrate --database "$server/motcua_wm" >/dev/null
  P "$server/motcua_wm" -f "$sql/seed.sql" >/dev/null
  local s; for s in "$@"; do
    if [[ "$s" == @* ]]; then P "$server/motcua_wm" -f "${s#@}" >/dev/null; else P "$server/motcua_wm" -c "$s"; fi
  done
  P "$server/motcua_wm" -c "CHECKPOINT"
}
busy() { # the machine's busy clock ticks so far (user, nice, system, irq, softirq, steal)
  awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat
}
tps() { # database script [rows per transaction] -> "transactions/s µs-of-CPU-per-row"
  local b0 b1 t; b0="$(busy)"
  t="$("$bindir/pgbench" -n -c "$clients" -j 2 -T "$secs" -f "$2" "$1" 2>&1 | awk '/^tps/ {print $3}')"
  b1="$(busy)"
  [ -n "$t" ] || return 0
  awk -v t="$t" -v n="${3:-1}" -v s="$secs" -v b="$((b1 - b0))" -v hz="$(getconf CLK_TCK)" \
    'BEGIN {printf "%s %.1f", t, b / hz / (t * s * n) * 1e6}'
}

drop_indexes="DROP INDEX dossiers_state, dossiers_department, dossiers_procedure, dossiers_channel, dossiers_received, dossiers_finished"
drop_trigger="DROP TRIGGER queue_counts_update ON dossiers"
drop_fk=("ALTER TABLE events DROP CONSTRAINT events_dossier_code_fkey" "ALTER TABLE outbox DROP CONSTRAINT outbox_dossier_code_fkey")
fill=("ALTER TABLE dossiers SET (fillfactor = 50)" "VACUUM FULL dossiers")
results="$(mktemp)"
trap 'rm -f "$results"' EXIT

record() { # name value unit cpu-µs
  printf '{"name": "%s", "value": %s, "cpu_us": %s}\n' "$1" "$2" "$4" >>"$results"
  echo "round $round: $1 $2 $3, $4 µs of CPU each"
}
variant() { # name script [statements to run after the seed]
  local name="$1" script="$2"; shift 2
  fresh "$@"
  local t; t="$(tps "$server/motcua_wm" "$script" 16)"
  [ -n "$t" ] || { echo "pgbench printed no tps for '$name'" >&2; exit 1; }
  record "$name" "$(awk -v t="${t% *}" 'BEGIN {printf "%.0f", t * 16}')" actions/s "${t#* }"
}

for round in $(seq 1 "$rounds"); do
  P "$server/postgres" -c "DROP DATABASE IF EXISTS motcua_wm_floor" -c "CREATE DATABASE motcua_wm_floor"
  "$bindir/pgbench" -i -q -s 1 "$server/motcua_wm_floor" >/dev/null 2>&1
  f="$(tps "$server/motcua_wm_floor" "$sql/floor.sql")"
  [ -n "$f" ] || { echo "pgbench printed no tps for the floor" >&2; exit 1; }
  P "$server/postgres" -c "DROP DATABASE motcua_wm_floor"
  record floor "${f% *}" inserts/s "${f#* }"
  variant "current" "$sql/action.sql"
  variant "without the six filter indexes" "$sql/action.sql" "$drop_indexes"
  variant "without the queue-count trigger" "$sql/action.sql" "$drop_trigger"
  variant "without the two foreign keys" "$sql/action.sql" "${drop_fk[@]}"
  variant "fillfactor 50" "$sql/action.sql" "${fill[@]}"
  variant "all four" "$sql/action.sql" "$drop_indexes" "$drop_trigger" "${drop_fk[@]}" "${fill[@]}"
  variant "row split: steps apart, HOT rest" "$sql/split.sql" "@$sql/split-schema.sql"
  variant "event only" "$sql/event-only.sql" "${drop_fk[0]}"
done
P "$server/postgres" -c "DROP DATABASE IF EXISTS motcua_wm"

python3 - "$results" "$rounds" "$secs" "$clients" <<'EOF'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
names = list(dict.fromkeys(r["name"] for r in rows))
med = {n: statistics.median(r["value"] for r in rows if r["name"] == n) for n in names}
cpu = {n: statistics.median(r["cpu_us"] for r in rows if r["name"] == n) for n in names}
print("\nmedians of %s rounds, %s s each, %s clients, batches of 16 actions" % tuple(sys.argv[2:5]))
print("(CPU: the whole machine's busy time per action or insert, PostgreSQL and pgbench)")
print("%-34s %10.0f/s  %6.1f µs CPU" % ("floor (pgbench one-row inserts)", med["floor"], cpu["floor"]))
for n in names[1:]:
    print("%-34s %10.0f/s  %6.1f µs CPU  %5.2fx the floor" % (n, med[n], cpu[n], med[n] / med["floor"]))
EOF
