// A campaign paused while workers hold its runs: the runs went back only at each worker's next
// heartbeat, and never for a worker that had died, so until their leases ran out the paused campaign
// read runs "in progress", and after a resume no worker could take them. A pause hands them back
// itself, untried, as a cancel does.
import { expect, test } from "vitest";
import type { Backend, GenerationRequest, GenerationResult } from "../../engine/backend";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { eventually } from "../support/eventually";
import { campaignDatabase, newCampaign, refusalResult, rita, smallCampaign } from "./campaign-fixture";

test("a pause hands back the runs its campaign's workers hold: none reads in progress once it returns, and after a resume another worker takes them at once", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 6 });
  // A worker takes four runs for a minute, and dies.
  const lease = await leaseBatch(db, { workerId: "died", size: 4, leaseMs: 60_000, campaignId });
  expect(lease!.runs).toHaveLength(4);

  expect(await controlCampaign(db, rita, { campaignId, action: "pause" })).toMatchObject({ ok: true, status: "PAUSED" });
  expect(await db.caseRun.count({ where: { campaignId, OR: [{ status: "LEASED" }, { leaseOwner: { not: null } }] } })).toBe(0);
  // Untried: the attempt the lease counted is not one.
  expect(await db.caseRun.count({ where: { campaignId, attempts: { not: 0 } } })).toBe(0);
  expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "PAUSED", pending: 6, leased: 0, leaseExpired: 0 });

  expect(await controlCampaign(db, rita, { campaignId, action: "resume" })).toMatchObject({ ok: true, status: "RUNNING" });
  const next = await leaseBatch(db, { workerId: "alive", size: 6, leaseMs: 60_000, campaignId });
  expect(next!.runs).toHaveLength(6);
});

test("a worker whose batch a pause handed back stops generating it, even when the campaign was resumed before its next beat", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 });
  const stopped: boolean[] = [];
  const pausedAndResumed = (modelRevision: string): Backend => ({
    name: "paused and resumed mid-batch",
    modelRevision,
    async *generate(requests: GenerationRequest[], options): AsyncIterable<GenerationResult> {
      if (stopped.length === 0) {
        // The first batch: a reviewer pauses and resumes at once, before the worker's next beat.
        expect(await controlCampaign(db, rita, { campaignId, action: "pause" })).toMatchObject({ ok: true });
        expect(await controlCampaign(db, rita, { campaignId, action: "resume" })).toMatchObject({ ok: true, status: "RUNNING" });
        stopped.push(await eventually(async () => options?.signal?.aborted, "the batch to be stopped").catch(() => false));
        if (options?.signal?.aborted) return;
      } else stopped.push(false);
      for (const request of requests) yield refusalResult(request.id);
    },
    close: async () => {},
  });

  const summary = await startWorker({
    db,
    campaignId,
    batchSize: 4,
    leaseMs: 600,
    exitWhenIdle: true,
    idlePollMs: 20,
    openBackend: async (campaign) => pausedAndResumed(campaign.modelRevision),
  }).done;

  // The handed-back batch was stopped, not generated for nothing, and taken again whole.
  expect(stopped).toEqual([true, false]);
  expect(summary).toMatchObject({ committed: 4, discarded: 0 });
  expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "COMPLETED", done: 4 });
});
