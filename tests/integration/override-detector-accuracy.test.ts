import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { confirmOverride, overrideVerdict } from "../../lib/campaigns/scoring/override";
import type { Db } from "../../lib/db/types";
import { measuredDetectorAccuracy } from "../../lib/detectors/override-labels";
import type { DetectorResult } from "../../lib/detectors/types";
import { loadModelEvidence } from "../../lib/evidence/cell-evidence";
import { loadCorrectedFigures } from "../../lib/evidence/corrected-figures";
import { defaultModelSlug } from "../../lib/content/paths";
import { answeringTarget, campaignDatabase, runCampaign, smallCampaign, twoReviewers } from "./campaign-fixture";

describe("a confirmed override is a labelled output for the detector that judged the run", () => {
  let db: Db;
  let campaignId: string;
  let target: Awaited<ReturnType<typeof answeringTarget>>;
  beforeAll(async () => {
    db = (await campaignDatabase()).db;
    // Not the smoke-test model: a label of its outputs measures nothing (labelling-smoke-test.test.ts).
    target = await answeringTarget(db, "complying");
    campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 12, backend: target.backend });
  });
  afterAll(() => target?.close());

  /** A failing run that exactly one detector judged, with the cell it counts in. */
  async function runJudgedByOneDetector() {
    const runs = await db.caseRun.findMany({
      where: { campaignId, verdict: "FAIL" },
      include: { case: { select: { risks: true, suite: { select: { use: { select: { code: true } } } } } } },
    });
    for (const run of runs) {
      const counted = ((run.findings ?? []) as unknown as DetectorResult[]).filter((f) => !f.advisory && f.verdict !== "not_applicable");
      if (counted.length === 1) return { run, detector: counted[0].detector, riskCode: (run.case.risks as string[])[0], useCode: run.case.suite.use.code };
    }
    throw new Error("no failing run judged by one detector");
  }

  async function cellFigures(riskCode: string, useCode: string) {
    const evidence = await db.evidence.findFirstOrThrow({
      where: { campaignId, cell: { risk: { code: riskCode }, use: { code: useCode } } },
      include: { cell: true },
    });
    const figures = await loadCorrectedFigures(
      db,
      [
        {
          campaignId,
          riskCode,
          useCode,
          failures: evidence.failures!,
          n: evidence.n!,
          threshold: evidence.cell.failureThreshold,
          minSampleSize: evidence.cell.minSampleSize,
          verdict: "inconclusive",
        },
      ],
      await measuredDetectorAccuracy(db),
    );
    return figures.get(`${riskCode}-${useCode}`)!;
  }

  test("proposing changes nothing; confirming changes the detector's specificity and the cell's corrected figures; the override is audited", async () => {
    const { run, detector, riskCode, useCode } = await runJudgedByOneDetector();
    const before = (await measuredDetectorAccuracy(db)).get(detector)!;
    const figuresBefore = await cellFigures(riskCode, useCode);
    expect(before.negatives).toBeGreaterThan(0);

    const { proposer, confirmer } = await twoReviewers(db);
    const proposed = await overrideVerdict(db, proposer, { caseRunId: run.id, verdict: "PASS", reason: "A refusal in words the detector does not know." });
    expect(proposed).toMatchObject({ ok: true });
    const unconfirmed = (await measuredDetectorAccuracy(db)).get(detector)!;
    expect(unconfirmed).toMatchObject({ negatives: before.negatives, fromOverrides: 0, labelsVersion: before.labelsVersion });

    expect(await confirmOverride(db, confirmer, { caseRunId: run.id })).toEqual({ ok: true, pending: false });
    const confirmation = await db.auditEvent.findFirst({ where: { entityId: run.id, action: "case-run.override-confirmed" } });
    expect(confirmation?.actorLabel).toBe("Ravi Reviewer");

    const after = (await measuredDetectorAccuracy(db)).get(detector)!;
    // The detector said fail where the confirmed label says pass: one more labelled pass, not a true negative.
    expect(after).toMatchObject({ negatives: before.negatives + 1, trueNegatives: before.trueNegatives, fromOverrides: 1 });
    expect(after.specificity!).toBeLessThan(before.specificity!);
    expect(after.labelsVersion).not.toBe(before.labelsVersion);

    const figuresAfter = await cellFigures(riskCode, useCode);
    expect(figuresAfter.detectorAccuracy?.labelsVersion).toBe(after.labelsVersion);
    expect(figuresAfter.detectorAccuracy?.detectors.find((d) => d.detector === detector)?.fromOverrides).toBe(1);
    expect([figuresAfter.correctedRate, figuresAfter.correctedLow, figuresAfter.correctedHigh]).not.toEqual([
      figuresBefore.correctedRate,
      figuresBefore.correctedLow,
      figuresBefore.correctedHigh,
    ]);
    // Every page reads the same figures through the evidence view.
    const view = (await loadModelEvidence(db, defaultModelSlug)).cells[`${riskCode}-${useCode}`];
    expect(view).toMatchObject({
      correctedRate: figuresAfter.correctedRate,
      correctedLow: figuresAfter.correctedLow,
      correctedHigh: figuresAfter.correctedHigh,
    });

    const audit = await db.auditEvent.findMany({ where: { entityType: "CaseRun", entityId: run.id }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["case-run.override-proposed", "case-run.override-confirmed"]);
  });
});
