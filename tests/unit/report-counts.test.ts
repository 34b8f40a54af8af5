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
  return { line: run.stdout.trim().split("\n").at(-1), status: run.status, before: run.stdout.trim().split("\n").slice(0, -1) };
}

describe("the closing line of npm test", () => {
  test("counts both runners and exits 0 when every tier ran and passed", () => {
    expect(closingLine(["--vitest", vitest, "--playwright", playwright])).toEqual({ line: "812 passed, 0 failed, 5 skipped", status: 0, before: [] });
  });

  test("names the tiers that could not run after the counts and exits 1 although nothing failed", () => {
    const { line, status } = closingLine([
      "--vitest",
      vitest,
      "--skipped-tier",
      "browser: chromium-headless-shell missing",
      "--skipped-tier",
      "postgres: postgresql missing",
    ]);
    expect(line).toBe("800 passed, 0 failed, 5 skipped, 2 tiers skipped (browser: chromium-headless-shell missing; postgres: postgresql missing)");
    expect(status).toBe(1);
  });

  test("a runner whose report is missing counts as a failure", () => {
    expect(closingLine(["--vitest", vitest, "--playwright", path.join(folder, "absent.json")])).toMatchObject({
      line: "800 passed, 1 failed, 5 skipped",
      status: 1,
    });
  });

  // CI shows only the last lines of the run: a failure named thousands of lines up is out of sight.
  test("names each failed test, its file and the first line of its error just above the closing line", () => {
    const failingVitest = report("failing-vitest.json", {
      numPassedTests: 1,
      numFailedTests: 1,
      numPendingTests: 0,
      numTodoTests: 0,
      numFailedTestSuites: 1,
      testResults: [
        {
          name: `${process.cwd()}/tests/integration/releases-immutable.test.ts`,
          assertionResults: [
            { status: "passed", fullName: "keeps a release", failureMessages: [] },
            { status: "failed", fullName: "drops its database", failureMessages: ["error: must be a member of the role\n    at Parser.parse (x.js:1:1)"] },
          ],
        },
      ],
    });
    const failingPlaywright = report("failing-playwright.json", {
      config: { rootDir: `${process.cwd()}/tests/browser` },
      stats: { expected: 0, flaky: 0, unexpected: 1, skipped: 0 },
      errors: [],
      suites: [
        {
          suites: [],
          specs: [
            {
              file: "conflict.spec.ts",
              title: "two reviewers edit the same cell",
              tests: [
                {
                  status: "unexpected",
                  results: [{ status: "failed", error: { message: "Timed out 10000ms waiting for expect(locator).toBeVisible()\nLocator: x" } }],
                },
              ],
            },
          ],
        },
      ],
    });
    const { line, before } = closingLine(["--vitest", failingVitest, "--playwright", failingPlaywright]);
    expect(line).toBe("1 passed, 2 failed, 0 skipped");
    expect(before).toEqual([
      "failed: tests/integration/releases-immutable.test.ts > drops its database: error: must be a member of the role",
      "failed: tests/browser/conflict.spec.ts > two reviewers edit the same cell: Timed out 10000ms waiting for expect(locator).toBeVisible()",
    ]);
  });
});
