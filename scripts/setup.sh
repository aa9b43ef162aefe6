#!/usr/bin/env bash
# Installs what the console and its tests need, only where missing: npm packages, and (for
# tests) Debian's Chromium and PostgreSQL. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
want_system=${1:-}

stamp=node_modules/.install-stamp
if [ ! -f "$stamp" ] || [ package.json -nt "$stamp" ] || { [ -f package-lock.json ] && [ package-lock.json -nt "$stamp" ]; }; then
  echo "› npm install"
  npm install --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi

if [ "$want_system" = "--system" ]; then
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      echo "› apt-get install ${missing[*]}"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "Missing system packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})" >&2
      exit 1
    fi
  fi
fi
