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

# Builds the release binary, seeds `$1` dossiers at the desk into a fresh database, starts
# `motcua serve` on it and waits for /healthz.
start_seeded_server() {
  ensure_wrk
  swift build -c release --product motcua >/dev/null
  bin="$(swift build -c release --show-bin-path)/motcua"
  work="$(mktemp -d)"
  server=""
  trap 'if [ -n "$server" ]; then kill "$server" 2>/dev/null; fi; wait 2>/dev/null || true; rm -rf "$work"' EXIT
  db="$work/motcua.sqlite"
  echo "seeding $1 dossiers…" >&2
  "$bin" demo seed --database "$db" --out "$work/tokens.json" --dossiers "$1" >/dev/null
  token="$(python3 -c 'import json,sys; print(next(u["token"] for u in json.load(open(sys.argv[1])) if u["role"]=="desk"))' "$work/tokens.json")"
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
  "$bin" serve --database "$db" --port "$port" --host 127.0.0.1 >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
  base="http://127.0.0.1:$port"
}

# One wrk run: name, then wrk's arguments; prints one JSON line (Benchmarks/wrk/parse.py).
bench() {
  local name="$1"; shift
  wrk -t"$threads" -c"$conns" -d"${secs}s" --latency "$@" 2>"$work/wrk.err" | python3 Benchmarks/wrk/parse.py "$name"
  if [ -s "$work/wrk.err" ]; then echo "  ($name: $(sort "$work/wrk.err" | uniq -c | head -3 | tr '\n' ' '))" >&2; fi
}
