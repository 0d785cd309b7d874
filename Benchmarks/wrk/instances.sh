# Several `motcua serve` behind Debian's nginx, and throw-away PostgreSQL databases, for the
# benchmarks (sourced after Benchmarks/wrk/server.sh). `prepare_bench` sets `bin`, `work`,
# `servers`, `nginx_pid` and `pg_database` and cleans up at exit; `start_front` sets `base`.

# wrk, the release build and a work directory; at exit the servers, nginx and any
# throw-away database are stopped or dropped and the directory removed.
prepare_bench() {
  ensure_wrk
  swift build -c release --product motcua >/dev/null
  bin="$(swift build -c release --show-bin-path)/motcua"
  work="$(mktemp -d)"
  servers=()
  nginx_pid=""
  pg_database=""
  trap 'stop_front; drop_postgres; rm -rf "$work"' EXIT
}

ensure_nginx() {
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] && return
  if [ "$(id -u)" -eq 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    echo "nginx is missing: sudo apt-get install nginx" >&2; exit 1
  fi
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_healthz() {
  for _ in $(seq 1 200); do curl -sf "$1/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "no answer from $1/healthz; see $work/*.log" >&2
  return 1
}

# Starts `$2` instances on the database `$1` and nginx in front of them (the README's
# configuration); sets `base` to nginx's address.
start_front() {
  local target="$1" count="$2" upstream="" port lb
  servers=()
  for i in $(seq 1 "$count"); do
    port="$(free_port)"
    "$bin" serve --database "$target" --port "$port" --host 127.0.0.1 >"$work/server$i.log" 2>&1 &
    servers+=($!)
    wait_healthz "http://127.0.0.1:$port"
    upstream="$upstream server 127.0.0.1:$port;"
  done
  for sub in body proxy fastcgi uwsgi scgi; do mkdir -p "$work/nginx-tmp/$sub"; chmod 777 "$work/nginx-tmp/$sub"; done
  chmod 755 "$work"
  lb="$(free_port)"
  cat >"$work/nginx.conf" <<EOF
daemon off;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/nginx-tmp/body;
    proxy_temp_path $work/nginx-tmp/proxy;
    fastcgi_temp_path $work/nginx-tmp/fastcgi;
    uwsgi_temp_path $work/nginx-tmp/uwsgi;
    scgi_temp_path $work/nginx-tmp/scgi;
    upstream motcua { $upstream keepalive 32; }
    server {
        listen 127.0.0.1:$lb;
        client_max_body_size 2m;
        location / {
            proxy_pass http://motcua;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
            proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
            proxy_next_upstream error timeout http_502;
        }
    }
}
EOF
  "$(command -v nginx || echo /usr/sbin/nginx)" -c "$work/nginx.conf" -p "$work" -e "$work/nginx-error.log" >"$work/nginx.out" 2>&1 &
  nginx_pid=$!
  base="http://127.0.0.1:$lb"
  wait_healthz "$base"
}

# Stops nginx and the instances started by `start_front`.
stop_front() {
  if [ -n "${nginx_pid:-}" ]; then kill "$nginx_pid" 2>/dev/null || true; wait "$nginx_pid" 2>/dev/null || true; nginx_pid=""; fi
  for pid in "${servers[@]:-}"; do
    if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  done
  servers=()
}

# The PostgreSQL server a benchmark uses, in MOTCUA_BENCH_POSTGRES: the one given there, or
# else a throwaway cluster's (scripts/with-postgres.sh sets MOTCUA_TEST_POSTGRES_URL); when
# there is neither, the calling script is run again under scripts/with-postgres.sh with the
# arguments passed here (its own).
bench_postgres_server() {
  if [ -n "${MOTCUA_BENCH_POSTGRES:-}" ]; then return; fi
  if [ -z "${MOTCUA_TEST_POSTGRES_URL:-}" ]; then exec scripts/with-postgres.sh "$0" "$@"; fi
  MOTCUA_BENCH_POSTGRES="$MOTCUA_TEST_POSTGRES_URL"
}

# Creates a fresh database on the server `$1` (a postgres:// URL naming any database there);
# sets `pg_url` to it and remembers it for `drop_postgres`.
create_postgres() {
  pg_server="$1"
  pg_database="motcua_http_$(python3 -c 'import uuid; print(uuid.uuid4().hex[:12])')"
  psql -X -q -v ON_ERROR_STOP=1 "$pg_server" -c "CREATE DATABASE $pg_database" >/dev/null
  pg_url="${pg_server%/*}/$pg_database"
}

drop_postgres() {
  if [ -n "${pg_database:-}" ]; then
    psql -X -q "$pg_server" -c "DROP DATABASE IF EXISTS $pg_database WITH (FORCE)" >/dev/null 2>&1 || true
    pg_database=""
  fi
}

# After a seed on PostgreSQL (`$1`, its URL): the fresh rows leave autovacuum whole tables
# to vacuum and analyze, which it would do during the measurements (or on one side of an
# A/B); a database in service has had that done long ago. The CHECKPOINT writes the seed's
# WAL out before the reads, not during them.
settle_postgres() {
  psql -X -q -v ON_ERROR_STOP=1 "$1" -c "VACUUM ANALYZE" >/dev/null
  psql -X -q "$1" -c "CHECKPOINT" >/dev/null 2>&1 || echo "  (CHECKPOINT needs a superuser or pg_checkpoint; skipped)" >&2
}

# Starts the release binary `$1` on the database `$2` (its log `$3`) for read benchmarks,
# waits for /healthz, and sets `server` (its pid) and `base`. It warns 0 hours ahead of
# deadlines: the seed opens every dossier within a minute or two, so with the default four
# hours every one is due soon at once and the first deadline scan would be marking them all
# while the reads are measured; this way the scan runs as usual and marks nothing.
serve_for_reads() {
  local port
  port="$(free_port)"
  MOTCUA_SCANNER_DUESOONHOURS=0 "$1" serve --database "$2" --port "$port" --host 127.0.0.1 >"$3" 2>&1 &
  server=$!
  base="http://127.0.0.1:$port"
  wait_healthz "$base"
}
