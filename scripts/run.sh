#!/usr/bin/env bash
# What `make run` does until the server lands: validate the shipped definitions,
# show this year's days off and the CLI's commands.
set -euo pipefail
bin="$1"
cd "$(dirname "$0")/.."
echo "== motcua validate workflows/"
"$bin" validate workflows/
echo
echo "== motcua calendar holidays $(date +%Y)"
"$bin" calendar holidays "$(date +%Y)"
echo
"$bin" --help
