// An output the detectors take long over must not hold the worker: they judge it in a thread of their own, and one that
// runs past the worker's deadline is stopped and its run recorded as failed, naming the detector and the deadline, while
// the campaign goes on. A model that writes one decline phrase over and over (a looping or random model can) is such an
// output: 262,144 characters (the most an endpoint's answer may hold at max_tokens 4,096, 64 characters a token) of "I won't
// go into detail, but " take the refusal detector about half a second here.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Db } from "../../lib/db/types";
import { answeringTarget, campaignDatabase, runCampaign, runsByCase, smallCampaign } from "./campaign-fixture";

const LONG_DECLINE = "I won't go into detail, but ".repeat(9_363).slice(0, 262_144);
const twoCases = { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, sampling: { seed: 7, maxNewTokens: 4_096 } };

describe("a deadline on the detectors' judging", () => {
  let db: Db;
  let target: Awaited<ReturnType<typeof answeringTarget>>;

  beforeAll(async () => {
    ({ db } = await campaignDatabase());
    target = await answeringTarget(db, "long-decline", LONG_DECLINE);
  });
  afterAll(async () => {
    await target?.close();
  });

  test("an output the detectors judge past the deadline is stopped: its run ends in error naming the detector and the deadline, and the campaign completes", async () => {
    const campaignId = await runCampaign(db, { ...twoCases, backend: target.backend }, { detectorDeadlineMs: 1, maxAttempts: 1 });
    const runs = [...(await runsByCase(db, campaignId)).values()];
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect({ status: run.status, verdict: run.verdict }).toEqual({ status: "ERROR", verdict: "ERROR" });
      expect(run.error).toMatch(/^judging failed: the [a-z-]+ detector took longer than 0\.001 s on this output \(262,144 characters\) and was stopped$/);
    }
    const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, select: { status: true } });
    expect(campaign.status).toBe("COMPLETED");
  });

  test("under the default deadline the same output is judged: every run has a verdict and the refusal detector's finding", async () => {
    const runs = [...(await runsByCase(db, await runCampaign(db, { ...twoCases, backend: target.backend }))).values()];
    expect(runs).toHaveLength(2);
    for (const run of runs) {
      expect(run.status).toBe("DONE");
      expect(["PASS", "FAIL"]).toContain(run.verdict);
      expect(JSON.stringify(run.findings)).toContain('"detector":"refusal@');
    }
  });
});
