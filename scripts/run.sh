#!/usr/bin/env bash
# `make run`: validate the shipped definitions, seed the demo users (fresh tokens in
# data/demo-tokens.json) and start the server on 127.0.0.1:8080 with SQLite under data/.
set -euo pipefail
bin="$1"
cd "$(dirname "$0")/.."
"$bin" validate workflows/
"$bin" demo seed --out data/demo-tokens.json
echo
echo "Open http://127.0.0.1:8080/ and sign in with a demo user above (passwords also in data/demo-tokens.json);"
echo "the API is under http://127.0.0.1:8080/api/v1 (bearer tokens above)."
exec "$bin" serve
