// Reads the JSON reports of Vitest and Playwright and prints the one closing line CI reads:
//   N passed, N failed, N skipped[, N tiers skipped (browser: chromium missing; ...)]
// "N passed, N failed" always comes first. A missing or unreadable report counts as a failure: a
// runner that crashed proved nothing. A tier that could not run is named and fails the run too.
//
//   node tests/report-counts.mjs --vitest PATH [--playwright PATH] [--skipped-tier "TIER: WHY"]...
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    vitest: { type: "string" },
    playwright: { type: "string" },
    "skipped-tier": { type: "string", multiple: true, default: [] },
  },
});
let passed = 0;
let failed = 0;
let skipped = 0;

function read(path) {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch {
    console.error(`no readable test report at ${path}`);
    failed += 1;
    return null;
  }
}

const vitest = values.vitest === undefined ? null : read(values.vitest);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0) failed += vitest.numFailedTestSuites;
}
const playwright = values.playwright === undefined ? null : read(values.playwright);
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
  if (playwright.errors?.length && playwright.stats.unexpected === 0) failed += playwright.errors.length;
}

const skippedTiers = values["skipped-tier"];
const tiers = skippedTiers.length === 0 ? "" : `, ${skippedTiers.length} ${skippedTiers.length === 1 ? "tier" : "tiers"} skipped (${skippedTiers.join("; ")})`;
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped${tiers}`);
process.exit(failed > 0 || skippedTiers.length > 0 ? 1 : 0);
