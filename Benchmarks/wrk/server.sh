# Shared by the wrk benchmarks (sourced): wrk itself, a release build, a seeded database, the
# server on a free loopback port, one wrk run as a JSON line. The caller sets `n` (dossiers
# to seed), `secs`, `threads` and `conns`, and reads `bin`, `work`, `db`, `port`, `base`,
# `server` and `token` (the desk's) afterwards.

ensure_wrk() {
  command -v wrk >/dev/null && return
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is missing: sudo apt-get install wrk" >&2; exit 1
  fi
}

# Builds the release binary (or takes `bench_binary` when the caller set it), seeds `$1`
# dossiers at the desk into a fresh database, starts `motcua serve` on it and waits for
# /healthz.
start_seeded_server() {
  ensure_wrk
  if [ -n "${bench_binary:-}" ]; then
    bin="$(realpath "$bench_binary")"
  else
    swift build -c release --product motcua >/dev/null
    bin="$(swift build -c release --show-bin-path)/motcua"
  fi
  work="$(mktemp -d)"
  server=""
  trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null; fi; wait 2>/dev/null || true; rm -rf "$work"' EXIT
  db="$work/motcua.sqlite"
  echo "seeding $1 dossiers…" >&2
  "$bin" demo seed --database "$db" --out "$work/tokens.json" --dossiers "$1" >/dev/null
  token="$(desk_token "$work/tokens.json")"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "$bin" serve --database "$db" --port "$port" --host 127.0.0.1 >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  base="http://127.0.0.1:$port"
}

# The machine's busy clock ticks so far (user, nice, system, irq, softirq; not steal, which
# is the host's), and the server's own (user and system), when `server` is a live process.
machine_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat; }
server_ticks() {
  if [ -n "${server:-}" ] && [ -r "/proc/$server/stat" ]; then
    # Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    sed 's/^.*) //' "/proc/$server/stat" | awk '{print $12 + $13}'
  else
    echo 0
  fi
}

# One wrk run: name, then wrk's arguments; prints one JSON line (Benchmarks/wrk/parse.py)
# with the CPU the run took per request: the whole machine's (server, database, wrk) and the
# server's own. CPU per request moves less than requests/s when the machine's speed drifts.
bench() {
  local name="$1"; shift
  local out m0 s0 m1 s1
  m0="$(machine_ticks)"; s0="$(server_ticks)"
  out="$(wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" 2>"$work/wrk.err")"
  m1="$(machine_ticks)"; s1="$(server_ticks)"
  printf '%s\n' "$out" \
    | MOTCUA_TICKS="$((m1 - m0)) $((s1 - s0)) $(getconf CLK_TCK)" python3 Benchmarks/wrk/parse.py "$name"
  if [ -s "$work/wrk.err" ]; then echo "  ($name: $(sort "$work/wrk.err" | uniq -c | head -3 | tr '\n' ' '))" >&2; fi
}

# The desk officer's token from the file `motcua demo seed --out` wrote.
desk_token() {
  python3 -c 'import json,sys; print(next(u["token"] for u in json.load(open(sys.argv[1])) if u["role"]=="desk"))' "$1"
}

# The reads the 1M proof measures, on the server at `$1` with `$3` dossiers seeded, each
# result named `$2 lookup|lookup1|inbox|list` (one JSON line each, on standard output): a
# random dossier by code, the same with one connection (a lookup's own latency, without
# seven others queued beside it on cores that wrk shares), the desk's inbox first page, a
# filtered list. Uses `token` (the desk's).
bench_reads() {
  local base="$1" label="$2" n="$3" first code procedure
  first="$(curl -sf -H "Authorization: Bearer $token" "$base/api/v1/dossiers?limit=1")"
  code="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["items"][0]["code"])' "$first")"
  procedure="$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["items"][0]["procedure"]["code"])' "$first")"
  MOTCUA_TOKEN="$token" MOTCUA_PREFIX="${code%-*}-" MOTCUA_FIRST=1 MOTCUA_LAST="$n" \
    bench "$label lookup" -s Benchmarks/wrk/random_get.lua "$base"
  MOTCUA_TOKEN="$token" MOTCUA_PREFIX="${code%-*}-" MOTCUA_FIRST=1 MOTCUA_LAST="$n" threads=1 conns=1 \
    bench "$label lookup1" -s Benchmarks/wrk/random_get.lua "$base"
  MOTCUA_TOKEN="$token" bench "$label inbox" -s Benchmarks/wrk/get.lua "$base/api/v1/inbox?limit=50"
  MOTCUA_TOKEN="$token" bench "$label list" -s Benchmarks/wrk/get.lua \
    "$base/api/v1/dossiers?state=received&procedure=$procedure&limit=50"
}
