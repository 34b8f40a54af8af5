#!/usr/bin/env bash
# The browser tests' database, made afresh in the file DATABASE_URL names: migrated, the seed card
# imported with its checkpoint, and one person per role with known passwords (test-users.ts).
# Playwright's server command runs it before building and serving the app; `npm test`
# (tests/run-all.sh) runs it before the build it makes while Vitest runs, so that the browser tests
# start at once.
set -euo pipefail
file="${DATABASE_URL#file:}"
rm -f "$file" "$file-wal" "$file-shm"
# Scripts run by node with tsx's loader, never through npx: npx adds seconds to each start on a busy
# two-core machine.
node --import tsx scripts/migrate.ts
node --import tsx cli/riskledger.ts card import
node --import tsx cli/riskledger.ts model checkpoint
node --import tsx tests/browser/support/create-test-users.ts
