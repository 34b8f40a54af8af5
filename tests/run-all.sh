#!/usr/bin/env bash
# `npm test`: every test. Vitest (unit + integration) then Playwright (browser) against a real
# build of the app. Ends with one line "N passed, N failed" counted from both runners' reports,
# and a non-zero exit when anything failed or a runner could not report.
set -u
cd "$(dirname "$0")/.."
rm -rf test-results && mkdir -p test-results

npx tsx engine/cli.ts tiny >/dev/null || { echo "could not generate the tiny model"; echo "0 passed, 1 failed"; exit 1; }

if [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || command -v pg_ctl >/dev/null; then
  eval "$(bash tests/pg/start-postgres.sh PG_TEST_URL)"
fi

npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
npx playwright test
node tests/report-counts.mjs test-results/vitest.json test-results/playwright.json
