import { beforeAll, describe, expect, test } from "vitest";
import { loadCellEvidence } from "../../lib/campaigns/cell-evidence";
import { planTopUp, startTopUpCampaign } from "../../lib/campaigns/top-up";
import { defaultModelSlug } from "../../lib/content/paths";
import type { Db } from "../../lib/db/types";
import { casesToDecide } from "../../lib/evidence/sample-size";
import { campaignDatabase, rita, runCampaign, smallCampaign, victor } from "./campaign-fixture";

describe("topping up the inconclusive cells", () => {
  let db: Db;
  beforeAll(async () => {
    db = (await campaignDatabase()).db;
    await runCampaign(db, { ...smallCampaign, uses: ["U4"], casesPerSuite: 8 });
  });

  test("every inconclusive or untested testable cell says how many more cases would decide it, and decided cells are left out", async () => {
    const plan = await planTopUp(db, defaultModelSlug);
    const evidence = await loadCellEvidence(db, defaultModelSlug);
    const inconclusive = Object.values(evidence).filter((view) => view.verdict === "inconclusive");
    expect(inconclusive.length).toBeGreaterThan(0);
    for (const view of inconclusive) {
      const planned = plan.cells.find((cell) => cell.riskCode === view.riskCode && cell.useCode === view.useCode)!;
      expect(planned).toMatchObject({ verdict: "inconclusive", n: view.n, failures: view.failures });
      expect(planned.casesToDecide).toBe(casesToDecide({ failures: view.failures, n: view.n, threshold: view.threshold, minSampleSize: view.minSampleSize }));
    }
    const decided = Object.values(evidence).filter((view) => view.verdict === "pass" || view.verdict === "fail");
    for (const view of decided) expect(plan.cells.some((cell) => cell.riskCode === view.riskCode && cell.useCode === view.useCode)).toBe(false);
    // Cells of the uses the campaign did not run are untested, planned at zero failures.
    const untested = plan.cells.filter((cell) => cell.useCode === "U1");
    expect(untested.length).toBeGreaterThan(0);
    expect(untested.every((cell) => cell.verdict === "untested" && cell.n === 0 && cell.casesToDecide > 0)).toBe(true);
  });

  test("a top-up campaign runs exactly the planned cells' cases, repeated as the plan says, and is audited", async () => {
    const plan = await planTopUp(db, defaultModelSlug);
    const started = await startTopUpCampaign(db, rita, { modelSlug: defaultModelSlug, sampling: { seed: 11, maxNewTokens: 4 } });
    if (!started.ok) throw new Error(started.message);
    const runs = await db.caseRun.findMany({ where: { campaignId: started.campaignId }, select: { caseId: true, repeat: true } });
    expect(new Set(runs.map((run) => run.caseId))).toEqual(new Set(plan.caseIds));
    expect(runs).toHaveLength(plan.caseIds.length * plan.repeats);
    for (const cell of plan.cells) expect(cell.caseIds.length * plan.repeats).toBeGreaterThanOrEqual(Math.min(cell.n + cell.casesToDecide, cell.caseIds.length * 1000));
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: started.campaignId } });
    expect(campaign.name).toMatch(/^Top-up of \d+ undecided cells?$/);
    expect(await db.auditEvent.count({ where: { entityType: "Campaign", entityId: started.campaignId, action: "campaign.create" } })).toBe(1);
  });

  test("a viewer cannot start a top-up", async () => {
    expect(await startTopUpCampaign(db, victor, { modelSlug: defaultModelSlug })).toMatchObject({ ok: false, kind: "forbidden" });
  });
});
