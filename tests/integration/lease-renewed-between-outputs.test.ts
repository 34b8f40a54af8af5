// Outputs that finish together are judged one after another with no turn of the event loop between
// them, so the heartbeat's timer cannot fire until the last is judged. Two worker processes on the
// tiny model at load 15 with a 3 s lease: judging the 4 outputs of a worker's first batch, one after
// another, took 8-10 s with no beat between them, and one worker found its batch of 4 taken by the
// other ("4 results written, 4 discarded"). Here a backend answers a batch at once and the clock moves
// on by 0.4 of a lease as each output is handed over (only Date is faked; the lease is a minute, so
// the heartbeat's own timer never fires during the batch): slow outputs in a row. Another worker tries
// to lease before each output (and hands back what it got): it must find nothing of the batch to take,
// and no result is thrown away.
import { afterEach, expect, test, vi } from "vitest";
import type { Backend, GenerationRequest, GenerationResult } from "../../engine/backend";
import { leaseBatch, releaseLeases } from "../../lib/campaigns/runner/lease";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { campaignDatabase, newCampaign, refusalResult, smallCampaign } from "./campaign-fixture";

afterEach(() => {
  vi.useRealTimers();
});

test("outputs judged back to back, each slow, keep the batch's lease: another worker takes none of its runs", async () => {
  vi.useFakeTimers({ toFake: ["Date"] });
  const leaseMs = 60_000;
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 6 });
  const takenByOther: string[] = [];

  const slowInARow = (modelRevision: string): Backend => ({
    name: "slow outputs",
    modelRevision,
    async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
      for (const request of requests) {
        vi.setSystemTime(Date.now() + 0.4 * leaseMs);
        const other = await leaseBatch(db, { workerId: "other", size: 6, leaseMs, campaignId });
        const taken = other?.runs.map((run) => run.id) ?? [];
        takenByOther.push(...taken);
        // Handed straight back: the slow worker, finding its results unwritable, leases and generates them again.
        await releaseLeases(db, "other", taken);
        yield refusalResult(request.id);
      }
    },
    close: async () => {},
  });

  const summary = await startWorker({
    db,
    campaignId,
    workerId: "slow",
    batchSize: 6,
    leaseMs,
    exitWhenIdle: true,
    idlePollMs: 20,
    openBackend: async (campaign) => slowInARow(campaign.modelRevision),
  }).done;

  expect(takenByOther).toEqual([]);
  expect(summary).toMatchObject({ committed: 6, discarded: 0 });
  const runs = await db.caseRun.findMany({ where: { campaignId }, select: { status: true, attempts: true, leaseOwner: true } });
  expect(runs.map((run) => `${run.status} by ${run.leaseOwner} after ${run.attempts}`)).toEqual(runs.map(() => "DONE by slow after 1"));
});
