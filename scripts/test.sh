#!/usr/bin/env bash
# `npm test`: installs what is missing (npm packages, Chromium, PostgreSQL), then runs every
# suite — type check, lint, unit + integration tests on the embedded store, the server suite
# again on a real PostgreSQL, the production build, and the end-to-end tests in Chromium —
# and ends with one line "N passed, N failed" summing them all.
set -uo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
# Playwright empties test-results/ when it starts, so the summary inputs live elsewhere.
results=.tmp/test-summary
rm -rf "$results" .tmp/e2e-data-* && mkdir -p "$results"
checks="$results/checks.txt"
: >"$checks"

bash scripts/setup.sh --system || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

# A token that must never leave the server: the build and the e2e stack both see it.
export E2E_TOKEN="fin-e2e-token-$(node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("hex"))')"
export E2E_APP_TOKEN="fin-e2e-app-token-$(node -e 'process.stdout.write(require("crypto").randomBytes(12).toString("hex"))')"
export FIN_SIM_TOKEN="$E2E_TOKEN" FIN_AGENT_API_KEY="$E2E_TOKEN"
export FIN_SIM_APP_TOKEN="$E2E_APP_TOKEN" INTERCOM_ACCESS_TOKEN="$E2E_APP_TOKEN"

check() { # name, command...
  local name=$1; shift
  echo; echo "━━ $name"
  if "$@"; then echo "pass $name" >>"$checks"; else echo "fail $name" >>"$checks"; fi
}

pgdir=$(pwd)/.tmp/pg
trap 'bash scripts/pg-throwaway.sh stop "$pgdir"' EXIT
PG_URL=$(bash scripts/pg-throwaway.sh start "$pgdir" "${PG_PORT:-54329}") || PG_URL=""

check typecheck npx tsc --noEmit
check lint npm run lint
echo; echo "━━ unit + integration (embedded store)"
npx vitest run --reporter=default --reporter=json --outputFile="$results/vitest-embedded.json"
if [ -n "$PG_URL" ]; then
  echo; echo "━━ server suite on PostgreSQL"
  TEST_DATABASE_URL="$PG_URL" npx vitest run lib/server --reporter=default --reporter=json --outputFile="$results/vitest-postgres.json"
else
  echo "fail postgres-start" >>"$checks"
fi
check build npx next build
if grep -q '^pass build' "$checks"; then
  echo; echo "━━ end-to-end (Chromium)"
  CI=1 E2E_JSON="$results/e2e.json" npx playwright test
  echo; echo "━━ end-to-end against the simulator's realism setting (FIN_SIM_VARIANTS=1)"
  CI=1 E2E_SIM_VARIANTS=1 E2E_JSON="$results/e2e-variants.json" npx playwright test
else
  echo "fail e2e-not-run (build failed)" >>"$checks"
fi

node scripts/summarize.mjs "$results"
