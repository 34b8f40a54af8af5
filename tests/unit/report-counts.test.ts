// The closing line of `npm test` (tests/report-counts.mjs), which CI reads: "N passed, N failed"
// first, tiers that could not run named after it and never counted as passed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, test } from "vitest";

const script = path.resolve(import.meta.dirname, "../report-counts.mjs");
const folder = mkdtempSync(path.join(tmpdir(), "riskledger-reports-"));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function report(name: string, content: unknown) {
  const file = path.join(folder, name);
  writeFileSync(file, JSON.stringify(content));
  return file;
}

const vitest = report("vitest.json", { numPassedTests: 800, numFailedTests: 0, numPendingTests: 5, numTodoTests: 0, numFailedTestSuites: 0 });
const playwright = report("playwright.json", { stats: { expected: 12, flaky: 0, unexpected: 0, skipped: 0 }, errors: [] });

function closingLine(args: string[]) {
  const run = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
  return { line: run.stdout.trim().split("\n").at(-1), status: run.status };
}

describe("the closing line of npm test", () => {
  test("counts both runners and exits 0 when every tier ran and passed", () => {
    expect(closingLine(["--vitest", vitest, "--playwright", playwright])).toEqual({ line: "812 passed, 0 failed, 5 skipped", status: 0 });
  });

  test("names the tiers that could not run after the counts and exits 1 although nothing failed", () => {
    const { line, status } = closingLine(["--vitest", vitest, "--skipped-tier", "browser: chromium missing", "--skipped-tier", "postgres: postgresql missing"]);
    expect(line).toBe("800 passed, 0 failed, 5 skipped, 2 tiers skipped (browser: chromium missing; postgres: postgresql missing)");
    expect(status).toBe(1);
  });

  test("a runner whose report is missing counts as a failure", () => {
    expect(closingLine(["--vitest", vitest, "--playwright", path.join(folder, "absent.json")])).toEqual({ line: "800 passed, 1 failed, 5 skipped", status: 1 });
  });
});
