#!/usr/bin/env bash
# `npm test`: every test tier. scripts/install-test-deps.sh first installs what the tiers need (or
# says what is missing and how to get it); then Vitest (unit, integration on SQLite and PostgreSQL)
# and Playwright (browser, against a real build of the app). A tier that cannot run is skipped,
# never counted as passed. Ends with one line "N passed, N failed, N skipped[, N tiers skipped
# (tier: why; ...)]" counted from the runners' reports, and a non-zero exit when anything failed,
# a runner could not report, or a tier could not run.
set -u
cd "$(dirname "$0")/.."
# Scripts run by node with tsx's loader and the runners from node_modules/.bin, never through npx:
# npx adds seconds to each start on a busy two-core machine (`npx tsx` 6-8 s against 1-2 s).
rm -rf test-results && mkdir -p test-results
# Every temporary file of the run (test databases, copied checkpoints, uploads, servers' folders) goes
# under one folder that is removed when the run ends, however it ends: the tests' own folders add up
# to gigabytes over a day of runs on a developer's machine.
TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/riskledger-test-run-XXXXXX")"
export TMPDIR
trap 'rm -rf "$TMPDIR"' EXIT

skipped_tiers=()
while read -r tier state; do
  case "$state" in
    skipped:*) skipped_tiers+=("$tier: ${state#skipped: }") ;;
  esac
done < <(bash scripts/install-test-deps.sh)

tier_skipped() {
  local entry
  for entry in "${skipped_tiers[@]}"; do [ "${entry%%:*}" = "$1" ] && return 0; done
  return 1
}

node --import tsx engine/cli.ts tiny >/dev/null || { echo "could not generate the tiny model"; echo "0 passed, 1 failed"; exit 1; }

if ! tier_skipped postgres; then
  if pg_export="$(bash tests/pg/start-postgres.sh PG_TEST_URL)"; then
    eval "$pg_export"
  else
    skipped_tiers+=("postgres: the test cluster did not start (output above)")
  fi
fi
if tier_skipped postgres; then
  # tests/support/postgres-installed.ts reads this: the PostgreSQL tests skip instead of failing.
  export RISKLEDGER_POSTGRES_SKIPPED="$(for entry in "${skipped_tiers[@]}"; do [ "${entry%%:*}" = postgres ] && echo "${entry#postgres: }"; done)"
fi

# The browser tests' database and the production build they serve are made while Vitest runs, so that
# Playwright starts its server at once: Vitest's workers spend much of their time waiting on the
# processes and servers their tests start. The database comes first: prerendering opens it.
if ! tier_skipped browser; then
  read -r dist_dir database_url < <(node --import tsx -e 'import("./tests/browser/support/e2e-server.ts").then((server) => console.log(server.e2eDistDir, server.e2eDatabaseUrl))')
  mkdir -p data
  {
    DATABASE_URL="$database_url" bash tests/browser/support/make-e2e-database.sh &&
      DATABASE_URL="$database_url" NEXT_DIST_DIR="$dist_dir" NEXT_TELEMETRY_DISABLED=1 node_modules/.bin/next build
  } > test-results/next-build.log 2>&1 &
  build_pid=$!
fi

report_args=(--vitest test-results/vitest.json)
node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
if ! tier_skipped browser; then
  if wait "$build_pid"; then
    RISKLEDGER_E2E_PREBUILT=1 node_modules/.bin/playwright test
  else
    echo "the browser tests' database or the app's production build failed, so the browser tests could not run (test-results/next-build.log):"
    tail -40 test-results/next-build.log
  fi
  report_args+=(--playwright test-results/playwright.json)
fi
for entry in "${skipped_tiers[@]}"; do report_args+=(--skipped-tier "$entry"); done
node tests/report-counts.mjs "${report_args[@]}"
