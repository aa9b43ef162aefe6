#!/usr/bin/env bash
# One command for a demo: install what is missing, build, start the Fin simulator and the
# console with seeded demo data, print the URL.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Demo mode is explicit: the demo accounts and the simulator's public secrets exist only with it.
export CONSOLE_DEMO_ACCOUNTS=1
bash scripts/setup.sh
if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib -newer .next/BUILD_ID -type f -print -quit)" ]; then
  echo "› next build"
  npx next build >/dev/null
fi
exec node scripts/stack.mjs --demo --seed "$@"
