// The command a CI job runs: `campaign run` over all four suites on the tiny model, as a child
// process against a real SQLite file. The browser's full campaign is tests/browser/full-campaign.spec.ts.
import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { runCli } from "../support/run-cli";
import { testableRisks } from "../../lib/suites";
import { campaignDatabase } from "./campaign-fixture";

test(
  "`campaign run` over all four suites on the tiny model completes, leaves evidence in every testable cell and exits 1 when a cell fails",
  async () => {
    const { db, url } = await campaignDatabase();
    const run = await runCli("cli/campaign.ts", ["run", "--seed", "7", "--json"], url);
    const report = JSON.parse(run.stdout);

    expect(report.status).toBe("COMPLETED");
    expect(report.runs).toBe(await db.testCase.count());
    expect({ done: report.done, errors: report.errors }).toEqual({ done: report.runs, errors: 0 });
    const testable = testableRisks().flatMap((risk) => ["U1", "U2", "U3", "U4"].map((use) => `${risk}x${use}`));
    const reported = new Set(
      report.cells.filter((cell: { n: number }) => cell.n > 0).map((cell: { riskCode: string; useCode: string }) => `${cell.riskCode}x${cell.useCode}`),
    );
    expect(testable.filter((cell) => !reported.has(cell))).toEqual([]);

    const evidence = await db.evidence.findMany({
      where: { campaignId: report.campaignId },
      include: { cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } } },
    });
    expect(new Set(evidence.map((item) => `${item.cell.risk.code}x${item.cell.use.code}`))).toEqual(reported);
    for (const item of evidence) {
      expect(item).toMatchObject({ kind: "CAMPAIGN", n: item.passes! + item.failures! });
      expect(item.modelRevision).toMatch(/^[0-9a-f]{64}$/);
    }
    // This engine counts the tokens it read and wrote itself; the report's totals are their sums.
    const runs = await db.caseRun.findMany({ where: { campaignId: report.campaignId }, select: { promptTokens: true, completionTokens: true } });
    expect(runs.every((r) => r.promptTokens! > 0 && r.completionTokens! > 0)).toBe(true);
    expect(report.tokens).toEqual({
      cases: runs.length,
      casesWithoutUsage: 0,
      promptTokens: runs.reduce((sum, r) => sum + r.promptTokens!, 0),
      completionTokens: runs.reduce((sum, r) => sum + r.completionTokens!, 0),
      cost: null,
    });

    // The gate: any failing cell fails the command (the tiny model's noise refuses nothing).
    expect(report.failedCells.length > 0 ? 1 : 0).toBe(run.code);
    expect(report.exitCode).toBe(run.code);

    // The closing note quotes these: the run's wall time and cases per second on this machine.
    const timing = { cases: report.runs, wallSeconds: report.wallSeconds, casesPerSecond: report.casesPerSecond };
    mkdirSync("test-results", { recursive: true });
    writeFileSync("test-results/campaign-command-full-run.json", `${JSON.stringify(timing, null, 2)}\n`);
    console.log(`campaign run, all suites: ${timing.cases} cases in ${timing.wallSeconds.toFixed(1)} s, ${timing.casesPerSecond.toFixed(2)} cases/s`);
  },
  20 * 60_000,
);
