// Reads the JSON reports of Vitest and Playwright and prints the one closing line CI reads:
//   N passed, N failed, N skipped[, N tiers skipped (browser: chromium-headless-shell missing; ...)]
// "N passed, N failed" always comes first. Just above it, one line per failed test names its file,
// its title and the first line of its error: CI shows only the run's last lines. A missing or unreadable report counts as a failure: a
// runner that crashed proved nothing. A tier that could not run is named and fails the run too.
//
//   node tests/report-counts.mjs --vitest PATH [--playwright PATH] [--skipped-tier "TIER: WHY"]...
import { readFileSync } from "node:fs";
import path from "node:path";
import { parseArgs, stripVTControlCharacters } from "node:util";

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

const failures = [];

function firstLine(message = "") {
  return stripVTControlCharacters(message).trim().split("\n")[0];
}

function vitestFailures(report) {
  for (const file of report.testResults ?? []) {
    const name = path.relative(process.cwd(), file.name);
    for (const test of file.assertionResults ?? []) {
      if (test.status === "failed") failures.push(`${name} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    }
    if (file.status === "failed" && !file.assertionResults?.some((test) => test.status === "failed")) failures.push(`${name}: ${firstLine(file.message)}`);
  }
}

function playwrightFailures(report) {
  const root = report.config?.rootDir ? path.relative(process.cwd(), report.config.rootDir) : "";
  const walk = (suite) => {
    for (const child of suite.suites ?? []) walk(child);
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== "unexpected") continue;
        const error = test.results?.at(-1)?.error?.message;
        failures.push(`${path.join(root, spec.file)} > ${spec.title}: ${firstLine(error)}`);
      }
    }
  };
  for (const suite of report.suites ?? []) walk(suite);
  for (const error of report.errors ?? []) failures.push(`playwright: ${firstLine(error.message)}`);
}

const vitest = values.vitest === undefined ? null : read(values.vitest);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  skipped += vitest.numPendingTests + vitest.numTodoTests;
  if (vitest.numFailedTestSuites > 0 && vitest.numFailedTests === 0) failed += vitest.numFailedTestSuites;
  vitestFailures(vitest);
}
const playwright = values.playwright === undefined ? null : read(values.playwright);
if (playwright) {
  passed += playwright.stats.expected + playwright.stats.flaky;
  failed += playwright.stats.unexpected;
  skipped += playwright.stats.skipped;
  if (playwright.errors?.length && playwright.stats.unexpected === 0) failed += playwright.errors.length;
  playwrightFailures(playwright);
}

const skippedTiers = values["skipped-tier"];
const tiers = skippedTiers.length === 0 ? "" : `, ${skippedTiers.length} ${skippedTiers.length === 1 ? "tier" : "tiers"} skipped (${skippedTiers.join("; ")})`;
for (const failure of failures) console.log(`failed: ${failure}`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped${tiers}`);
process.exit(failed > 0 || skippedTiers.length > 0 ? 1 : 0);
