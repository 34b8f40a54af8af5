// A counted judge's endpoint is watched as the campaign's own is (served-model-identity.test.ts): what its
// /v1/models lists is recorded on the campaign, and when that changes mid-campaign the campaign is paused
// before two judges' verdicts mix. Real HTTP servers written for the test: one answers every prompt, the
// other plays vLLM serving Llama Guard 3.
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { loadCampaign } from "../../lib/campaigns/reads/load-campaign";
import { loadPauseReason } from "../../lib/campaigns/reads/pause-reason";
import type { Db } from "../../lib/db/types";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { answeringTarget, campaignDatabase, runCampaign, smallCampaign } from "./campaign-fixture";
import { startClassifierServer, type ListedModel } from "./classifier-server";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };
const GUARD: ListedModel = { id: "llama-guard", root: "/models/Llama-Guard-3-8B", max_model_len: 8192 };

let db: Db;
let beluga: Awaited<ReturnType<typeof answeringTarget>>;
let guard: Awaited<ReturnType<typeof startClassifierServer>>;
/** Called before the judge answers its n-th request (from 0). */
let beforeVerdict: (n: number) => void;

beforeEach(async () => {
  ({ db } = await campaignDatabase());
  beluga = await answeringTarget(db, "beluga");
  let verdicts = 0;
  beforeVerdict = () => {};
  guard = await startClassifierServer({
    decide: () => {
      beforeVerdict(verdicts++);
      return "safe";
    },
  });
  guard.serve(GUARD);
  const saved = await createServingTarget(db, admin, { name: "guard", baseUrl: guard.baseUrl, model: "llama-guard", declaredRevision: "guard-rev" });
  if (!saved.ok) throw new Error(saved.message);
  // No judge has labels here: the floor at 0 lets it count unmeasured.
  const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
  if (!floor.ok) throw new Error(floor.message);
});
afterEach(async () => {
  await beluga.close();
  await guard.close();
});

async function runJudgedCampaign(mode: "counted" | "advisory") {
  const logs: string[] = [];
  const judge = { kind: "openai", target: "guard", adapter: "llama-guard-3", mode } as const;
  const campaignId = await runCampaign(
    db,
    { ...smallCampaign, backend: beluga.backend, judge },
    { batchSize: 2, idlePollMs: 20, onLog: (message) => logs.push(message) },
  );
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { evidence: true, runs: true } });
  return { campaign, logs };
}

describe("the model a counted judge's endpoint serves", () => {
  test("is recorded on the campaign by the judge's target, as /v1/models gave it, and shown on the campaign's page", async () => {
    const { campaign } = await runJudgedCampaign("counted");

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.judgeServedModels).toEqual({ guard: { id: "llama-guard", root: "/models/Llama-Guard-3-8B", maxModelLength: 8192, smokeTestModel: false } });
    expect((await loadCampaign(db, campaign.id))?.judgeServedModels).toEqual({ guard: "llama-guard (root /models/Llama-Guard-3-8B, max length 8192)" });
    expect(campaign.evidence.filter((row) => (row.n ?? 0) > 0).length).toBeGreaterThan(0);
  });

  test("changed mid-campaign pauses the campaign naming both judges, puts back what the new one may have judged, and writes no evidence", async () => {
    let swappedAt: Date | null = null;
    beforeVerdict = (n) => {
      if (n !== 3) return;
      guard.serve({ ...GUARD, root: "/models/Llama-Guard-3-1B" });
      swappedAt = new Date();
    };
    const { campaign, logs } = await runJudgedCampaign("counted");

    expect(campaign.status).toBe("PAUSED");
    const reason = await loadPauseReason(db, campaign.id);
    expect(reason).toMatch(
      /^judge serving target "guard" now serves llama-guard \(root \/models\/Llama-Guard-3-1B, max length 8192\), but this campaign's verdicts so far came from llama-guard \(root \/models\/Llama-Guard-3-8B, max length 8192\): the campaign is paused so that two judges' verdicts are never mixed \(the \d+ results? written since the judge was last seen are back in the queue\)\. Start a new campaign for the judge now served\.$/,
    );
    expect(logs).toContain(reason);
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
    expect(swappedAt).not.toBeNull();
    for (const run of campaign.runs.filter((r) => r.status === "DONE")) expect(run.finishedAt!.getTime()).toBeLessThan(swappedAt!.getTime());
    expect(campaign.runs.filter((run) => run.status === "PENDING").length).toBeGreaterThan(0);
  });

  test("no longer listed under the target's name pauses the campaign at its first lease, before anything is judged", async () => {
    guard.serve({ id: "shieldgemma", root: "/models/shieldgemma-2b", max_model_len: 8192 });
    const { campaign } = await runJudgedCampaign("counted");

    expect(campaign.status).toBe("PAUSED");
    expect(await loadPauseReason(db, campaign.id)).toBe(
      'judge serving target "guard" serves shieldgemma (root /models/shieldgemma-2b, max length 8192), not "llama-guard": the campaign is paused. An admin should correct the target\'s model name, or the endpoint should serve "llama-guard".',
    );
    expect(guard.requests).toEqual([]);
  });

  test("of an advisory judge, changed mid-campaign, stops nothing: its verdicts decide nothing", async () => {
    beforeVerdict = (n) => {
      if (n === 3) guard.serve({ ...GUARD, root: "/models/Llama-Guard-3-1B" });
    };
    const { campaign } = await runJudgedCampaign("advisory");

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.judgeServedModels).toBeNull();
  });
});
