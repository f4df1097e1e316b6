#!/usr/bin/env bash
# Installs Debian's PostgreSQL server binaries when they are missing, so the endpoint's DATABASE_URL tests and the
# workspace benchmark run against a real server (a throwaway one in a temp folder; no service is started here).
# Without root or apt it says so and the tests skip PostgreSQL with a message.
set -euo pipefail
for dir in "${PG_BIN:-}" /usr/local/bin /usr/lib/postgresql/17/bin /usr/lib/postgresql/16/bin /usr/lib/postgresql/15/bin; do
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then exit 0; fi
done
SUDO=""
if [ "$(id -u)" != "0" ]; then
  if ! command -v sudo >/dev/null; then
    echo "PostgreSQL binaries not found and no root: the endpoint's PostgreSQL tests will be skipped."
    exit 0
  fi
  SUDO="sudo"
fi
if ! command -v apt-get >/dev/null; then
  echo "PostgreSQL binaries not found and no apt-get: the endpoint's PostgreSQL tests will be skipped."
  exit 0
fi
echo "Installing Debian's postgresql package (server binaries for the endpoint tests)…"
$SUDO apt-get update -qq
# RUNLEVEL=1 keeps the package from starting a cluster service during the install; the tests start their own server.
DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
ls /usr/lib/postgresql/*/bin/initdb
