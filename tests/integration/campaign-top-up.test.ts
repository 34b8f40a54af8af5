import { beforeAll, describe, expect, test } from "vitest";
import { casesPerSuiteText } from "../../lib/campaigns/reads/cases-per-suite-text";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { loadCellsAskedNotTested } from "../../lib/campaigns/reads/cells-asked-not-tested";
import { loadCellEvidence } from "../../lib/evidence/cell-evidence";
import { planTopUp, startTopUpCampaign } from "../../lib/campaigns/start/top-up";
import { defaultModelSlug } from "../../lib/content/paths";
import { readNameList } from "../../lib/db/json-columns";
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
    const inconclusive = Object.values(evidence).filter((view) => view.verdict === "INCONCLUSIVE");
    expect(inconclusive.length).toBeGreaterThan(0);
    for (const view of inconclusive) {
      const planned = plan.cells.find((cell) => cell.riskCode === view.riskCode && cell.useCode === view.useCode)!;
      expect(planned).toMatchObject({ verdict: "INCONCLUSIVE", n: view.n, failures: view.failures });
      expect(view.casesToDecide).toBeGreaterThan(0);
      expect(planned.casesToDecide).toBe(view.casesToDecide);
    }
    const decided = Object.values(evidence).filter((view) => view.verdict === "PASS" || view.verdict === "FAIL");
    for (const view of decided) expect(plan.cells.some((cell) => cell.riskCode === view.riskCode && cell.useCode === view.useCode)).toBe(false);
    // Cells of the uses the campaign did not run are untested, planned at zero failures.
    const untested = plan.cells.filter((cell) => cell.useCode === "U1");
    expect(untested.length).toBeGreaterThan(0);
    for (const cell of untested) {
      const threshold = await db.cell.findFirstOrThrow({ where: { risk: { code: cell.riskCode }, use: { code: "U1" } } });
      expect(cell).toMatchObject({ verdict: "UNTESTED", n: 0 });
      expect(cell.casesToDecide).toBe(casesToDecide({ failures: 0, n: 0, threshold: threshold.failureThreshold, minSampleSize: threshold.minSampleSize }));
    }
  });

  test("a top-up campaign runs exactly the planned cells' cases, repeated as the plan says, and is audited", async () => {
    const plan = await planTopUp(db, defaultModelSlug);
    const started = await startTopUpCampaign(db, rita, { modelSlug: defaultModelSlug, sampling: { seed: 11, maxNewTokens: 4 } });
    if (!started.ok) throw new Error(started.message);
    const runs = await db.caseRun.findMany({ where: { campaignId: started.campaignId }, select: { caseId: true, repeat: true } });
    expect(new Set(runs.map((run) => run.caseId))).toEqual(new Set(plan.caseIds));
    expect(runs).toHaveLength(plan.caseIds.length * plan.repeats);
    for (const cell of plan.cells)
      expect(cell.caseIds.length * plan.repeats).toBeGreaterThanOrEqual(Math.min(cell.n + cell.casesToDecide, cell.caseIds.length * 1000));
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: started.campaignId } });
    expect(campaign.name).toMatch(/^Top-up of \d+ undecided cells?$/);
    // Seen: its page listed "R1, R10, R11, R13, R14, R2, R3": the plan's risks sorted as text.
    expect(readNameList(campaign.riskCodes, "Campaign.riskCodes")).toEqual(["R1", "R2", "R3", "R4", "R6", "R7", "R8", "R10", "R11", "R13", "R14"]);
    expect(await db.auditEvent.count({ where: { entityType: "Campaign", entityId: started.campaignId, action: "campaign.create" } })).toBe(1);
    // Asked for its planned cells, not every risk of the plan in every use of it: a decided cell left out is not one asked for.
    expect(await loadCellsAskedNotTested(db, started.campaignId)).toEqual([]);
    // Seen: its page read "Cases per suite: every case", of a campaign that ran the plan's cases of each cell.
    expect(casesPerSuiteText((await loadCampaign(db, started.campaignId))!)).toBe("the cases chosen by id (a top-up's plan, or the API's caseIds)");
  });

  test("a viewer cannot start a top-up", async () => {
    expect(await startTopUpCampaign(db, victor, { modelSlug: defaultModelSlug })).toMatchObject({ ok: false, kind: "forbidden" });
  });
});
