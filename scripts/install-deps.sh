#!/usr/bin/env bash
# Installs the system packages motcua needs on a fresh Debian machine.
# As root it uses apt; otherwise it names what is missing and how to install it.
# Under CI=true a missing package that cannot be installed fails the run.
set -euo pipefail

packages=(libcurl4-openssl-dev libxml2-dev libxmlsec1-dev libsqlite3-dev libqrencode-dev pkg-config openssl python3-venv)
# With --test: what the tests drive besides the product (the browser test's chromium, its
# driver, a font with Vietnamese diacritics for the screenshots, and PostgreSQL's server for
# the PostgreSQL store's contract suite: scripts/with-postgres.sh starts a throwaway cluster;
# nginx as the load balancer of the three-instance test, wrk for Benchmarks/http.sh).
if [ "${1:-}" = "--test" ]; then
  packages+=(chromium chromium-driver fonts-dejavu-core xmlsec1 postgresql nginx wrk)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "motcua: installing system packages: ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "motcua: missing system packages: ${missing[*]}" >&2
  echo "        install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "motcua: the Swift toolchain (6.x) is not on PATH; install it first" >&2
  exit 1
fi
