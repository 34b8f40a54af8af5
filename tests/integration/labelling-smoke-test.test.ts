// The generated tiny model's outputs are noise: a label on one measures no detector or judge, the measures the card
// prints beside real evidence ("Detector accuracy used"). Seen (stop 50): a fresh `npm start`'s first campaign, on the
// smoke-test model, put its output in the labelling queue unmarked ("Drawn from outputs whose detectors and judges
// agreed · campaign U1 R2+R10+R13"), and a label or a confirmed override on such an output moved the detectors'
// sensitivity and specificity as one on the real model's would.
import { beforeAll, describe, expect, test } from "vitest";
import { isSmokeTestCampaign } from "../../lib/campaigns/reads/campaign-smoke-test";
import { confirmOverride, overrideVerdict } from "../../lib/campaigns/scoring/override";
import type { Db } from "../../lib/db/types";
import { measuredDetectorAccuracy } from "../../lib/detectors/override-labels";
import type { DetectorResult } from "../../lib/detectors/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, runCampaign, smallCampaign, twoReviewers } from "./campaign-fixture";
import { AnsweringEndpoint } from "./local-endpoint";

const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;

/** A detector's labels, all sources together. */
async function labelled(db: Db, detector: string) {
  const measure = (await measuredDetectorAccuracy(db)).get(detector);
  return {
    positives: measure?.positives,
    negatives: measure?.negatives,
    fromOverrides: measure?.fromOverrides,
    fromLabellingQueue: measure?.fromLabellingQueue,
    labelsVersion: measure?.labelsVersion,
  };
}

/** A done run and the one detector that judged it. */
async function runJudgedByOneDetector(db: Db, campaignId: string) {
  const runs = await db.caseRun.findMany({ where: { campaignId, status: "DONE" }, orderBy: { id: "asc" } });
  for (const run of runs) {
    const judged = ((run.findings ?? []) as unknown as DetectorResult[]).filter((f) => f.verdict === "pass" || f.verdict === "fail");
    if (judged.length === 1) return { run, detector: judged[0].detector };
  }
  throw new Error("no run judged by one detector");
}

describe("the smoke-test model's outputs and the labels that measure detectors", () => {
  let db: Db;
  let smokeCampaign: string;
  beforeAll(async () => {
    ({ db } = await campaignDatabase());
    smokeCampaign = await runCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 12 });
    expect(await isSmokeTestCampaign(db, smokeCampaign)).toBe(true);
  });

  test("a completed smoke-test campaign puts none of its outputs in the labelling queue", async () => {
    expect(await db.labellingItem.count({ where: { caseRun: { campaignId: smokeCampaign } } })).toBe(0);
  });

  test("a confirmed override on a smoke-test output moves no detector's measure", async () => {
    const { run, detector } = await runJudgedByOneDetector(db, smokeCampaign);
    const before = await labelled(db, detector);
    const { proposer, confirmer } = await twoReviewers(db);
    const verdict = run.verdict === "PASS" ? "FAIL" : "PASS";
    expect(await overrideVerdict(db, proposer, { caseRunId: run.id, verdict, reason: "The detector misread it." })).toMatchObject({ ok: true });
    expect(await confirmOverride(db, confirmer, { caseRunId: run.id })).toEqual({ ok: true, pending: false });
    expect(await labelled(db, detector)).toEqual(before);
  });

  test("a label given in the queue to a smoke-test output (queued before it was left out) moves no detector's measure", async () => {
    const runs = await db.caseRun.findMany({ where: { campaignId: smokeCampaign, status: "DONE", overrideVerdict: null }, orderBy: { id: "asc" } });
    const run = runs.find((r) => ((r.findings ?? []) as unknown as DetectorResult[]).some((f) => f.verdict === "pass" || f.verdict === "fail"))!;
    const detector = ((run.findings ?? []) as unknown as DetectorResult[]).find((f) => f.verdict === "pass" || f.verdict === "fail")!.detector;
    const before = await labelled(db, detector);
    const reviewer = await db.user.create({ data: { name: "Lena Reviewer", email: "lena@smoke-labels.test", role: "REVIEWER" } });
    await db.labellingItem.create({
      data: { caseRunId: run.id, reason: "AGREEMENT_SAMPLE", label: "FAIL", labelledById: reviewer.id, labelledAt: new Date() },
    });
    expect(await labelled(db, detector)).toEqual(before);
  });

  test("a campaign answered by an endpoint that is not the smoke-test model still fills the queue, and its labels count", async () => {
    const endpoint = new AnsweringEndpoint("I cannot help with that.");
    try {
      const saved = await createServingTarget(db, admin, { name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1" });
      if (!saved.ok) throw new Error(saved.message);
      const campaignId = await runCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 12, backend: { kind: "openai", target: "beluga-vllm" } });
      const queued = await db.labellingItem.findMany({ where: { caseRun: { campaignId } }, include: { caseRun: true }, orderBy: { id: "asc" } });
      expect(queued.length).toBeGreaterThan(0);
      const item = queued[0];
      const detector = ((item.caseRun.findings ?? []) as unknown as DetectorResult[]).find((f) => f.verdict === "pass" || f.verdict === "fail")!.detector;
      const before = await labelled(db, detector);
      const reviewer = await db.user.create({ data: { name: "Omar Reviewer", email: "omar@smoke-labels.test", role: "REVIEWER" } });
      await db.labellingItem.update({ where: { id: item.id }, data: { label: "PASS", labelledById: reviewer.id, labelledAt: new Date() } });
      expect((await labelled(db, detector)).fromLabellingQueue).toBe((before.fromLabellingQueue ?? 0) + 1);
    } finally {
      await endpoint.close();
    }
  });
});
