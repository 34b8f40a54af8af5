// A campaign sent to a serving target that an admin renamed (or that was removed) while it waited: the
// worker opened a backend that failed every request with "no serving target named ...", so every run
// ended in error after its attempts and the campaign completed having asked nothing. As for an
// endpoint that answers no case, the campaign is paused saying why, its runs back in the queue untried,
// for a reviewer to resume once the target is back, or start a campaign on another target.
import { expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { updateServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase } from "./campaign-fixture";
import { admin, campaignOfFourRuns, saveServingTarget } from "./serving-target-setup";

test("a campaign whose serving target was renamed before it ran is paused, naming the target, and fails none of its runs", async () => {
  const { db } = await campaignDatabase();
  // Never reached: the campaign's target is gone before any worker opens it.
  await saveServingTarget(db, "beluga-vllm", "http://127.0.0.1:8999/v1");
  const campaignId = await campaignOfFourRuns(db, "beluga-vllm");
  const target = await db.servingTarget.findUniqueOrThrow({ where: { name: "beluga-vllm" } });
  const renamed = await updateServingTarget(db, admin, {
    id: target.id,
    name: "beluga-vllm-old",
    baseUrl: target.baseUrl,
    model: target.model,
    declaredRevision: target.declaredRevision,
  });
  expect(renamed).toMatchObject({ ok: true });

  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20 }).done;

  const progress = await loadCampaignProgress(db, campaignId);
  expect(progress).toMatchObject({ status: "PAUSED", errors: 0, pending: 4 });
  expect(progress!.pausedBecause).toContain('no serving target named "beluga-vllm"');
  expect(await db.caseRun.count({ where: { campaignId, attempts: { not: 0 } } })).toBe(0);
});
