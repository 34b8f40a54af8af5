// Opening a campaign for this engine loads the model: reading the weights and building its graphs
// run on the worker's one thread, so while they do no heartbeat can keep a lease alive. Two worker
// processes on the tiny model at load 15 with a 3 s lease: one leased its first 4 runs (expiring
// 2.6 s later), then loaded the model for 7 s with no beat; on a real checkpoint loading takes
// minutes, past any lease, and another worker takes the runs the loading one then generates again.
// The loading here is the clock moved on by three leases while the worker opens the campaign (only
// Date is faked): the same lease expiry, counted in runs redone, not in milliseconds.
import { afterEach, expect, test, vi } from "vitest";
import { openCampaignBackend } from "../../lib/campaigns/runner/campaign-backend";
import { SharedEngines } from "../../lib/campaigns/runner/shared-engines";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";

afterEach(() => {
  vi.useRealTimers();
});

test("a worker loading the model holds no runs meanwhile: another worker takes them at once, and none is generated twice", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  const leaseMs = 1_000;
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, smallCampaign);
  const engines = new SharedEngines();
  const heldWhileLoading: number[] = [];
  const other = { db, campaignId, batchSize: 4, leaseMs, exitWhenIdle: true, idlePollMs: 20 };
  let otherSummary: Awaited<ReturnType<typeof startWorker>["done"]> | null = null;

  const loading = startWorker({
    ...other,
    workerId: "loading",
    openBackend: async (campaign) => {
      heldWhileLoading.push(await db.caseRun.count({ where: { campaignId, status: "LEASED", leaseOwner: "loading" } }));
      const backend = await openCampaignBackend(db, campaign, engines, { maxBatch: 4 });
      // Three leases' time pass with no heartbeat; meanwhile another worker does all there is to do.
      vi.setSystemTime(Date.now() + 3 * leaseMs);
      otherSummary = await startWorker({ ...other, workerId: "other" }).done;
      return backend;
    },
  });
  const loadingSummary = await loading.done;

  const runs = await db.caseRun.findMany({ where: { campaignId }, select: { status: true, attempts: true } });
  expect(runs.map((run) => `${run.status} after ${run.attempts} attempt(s)`)).toEqual(runs.map(() => "DONE after 1 attempt(s)"));
  expect([loadingSummary.discarded, otherSummary!.discarded]).toEqual([0, 0]);
  expect(loadingSummary.committed + otherSummary!.committed).toBe(runs.length);
  expect(heldWhileLoading).toEqual([0]);
});
