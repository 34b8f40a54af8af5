import { mkdirSync, writeFileSync } from "node:fs";
import { expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/campaign-progress";
import { defaultModelSlug } from "../../lib/content/paths";
import { testableRisks } from "../../lib/suites";
import { campaignDatabase, runCampaign } from "./campaign-fixture";

test(
  "a campaign of all four suites on the tiny model completes and leaves evidence in every testable cell",
  async () => {
    const { db } = await campaignDatabase();
    const started = performance.now();
    const campaignId = await runCampaign(db, { modelSlug: defaultModelSlug, repeats: 1, sampling: { seed: 7 } });
    const wallSeconds = (performance.now() - started) / 1000;

    const progress = (await loadCampaignProgress(db, campaignId))!;
    expect(progress.status).toBe("COMPLETED");
    expect(progress.total).toBe(await db.testCase.count());
    expect(progress.done).toBe(progress.total);
    expect(progress.errors).toBe(0);

    const evidence = await db.evidence.findMany({
      where: { campaignId },
      include: { cell: { select: { risk: { select: { code: true } }, use: { select: { code: true } } } } },
    });
    const covered = new Set(evidence.map((item) => `${item.cell.risk.code}x${item.cell.use.code}`));
    const testable = testableRisks().flatMap((risk) => ["U1", "U2", "U3", "U4"].map((use) => `${risk}x${use}`));
    expect(testable.filter((cell) => !covered.has(cell))).toEqual([]);
    for (const item of evidence) {
      expect(item).toMatchObject({ kind: "CAMPAIGN", passes: expect.any(Number), n: item.passes! + item.failures! });
      expect(item.modelRevision).toMatch(/^[0-9a-f]{64}$/);
    }

    // The closing note quotes these: the run's wall time and cases per second on this machine.
    const timing = { cases: progress.total, wallSeconds, casesPerSecond: progress.total / wallSeconds };
    mkdirSync("test-results", { recursive: true });
    writeFileSync("test-results/campaign-full-run.json", `${JSON.stringify(timing, null, 2)}\n`);
    console.log(`full campaign: ${timing.cases} cases in ${wallSeconds.toFixed(1)} s, ${timing.casesPerSecond.toFixed(2)} cases/s`);
  },
  20 * 60_000,
);
