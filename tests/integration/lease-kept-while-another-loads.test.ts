// A worker with an endpoint's batch in flight (campaign A: it keeps leasing while its requests are out)
// leases campaign B, whose model this engine must load: reading the weights and building the graphs
// take the worker's one thread, so the heartbeat of A's batch cannot beat meanwhile (the tiny model's
// load stalled the event loop for 2-2.5 s here, past a 1 s lease; a real checkpoint's, for minutes).
// A's 4 runs were held all the while, their leases lapsing for another worker to take and generate again.
// The worker now lets its batches in flight finish before it loads a model: it holds no lease while it
// loads. An endpoint's campaign, which loads nothing here, opens without waiting for them.
import { expect, test } from "vitest";
import type { Backend, GenerationRequest, GenerationResult } from "../../engine/backend";
import { openCampaignBackend } from "../../lib/campaigns/runner/campaign-backend";
import { SharedEngines } from "../../lib/campaigns/runner/shared-engines";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, refusalResult, smallCampaign } from "./campaign-fixture";

test("a worker loading a campaign's model holds no lease of another campaign's batch meanwhile", async () => {
  const leaseMs = 1_000;
  const { db } = await campaignDatabase();
  const endpointCampaign = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4 });
  const localCampaign = await newCampaign(db, { ...smallCampaign, uses: ["U4"], casesPerSuite: 2 });
  // The endpoint's campaign has its turn first.
  await db.campaign.update({ where: { id: localCampaign }, data: { lastLeasedAt: new Date(Date.now() + 3_600_000) } });
  const engines = new SharedEngines();
  const heldWhileLoading: number[] = [];
  let longestStall = 0;

  // An endpoint that keeps many requests in flight, each answered in a second.
  const endpoint = (modelRevision: string): Backend => ({
    name: "slow endpoint",
    modelRevision,
    inFlightWanted: 16,
    async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      for (const request of requests) yield refusalResult(request.id);
    },
    close: async () => {},
  });

  const summary = await startWorker({
    db,
    workerId: "busy",
    batchSize: 4,
    leaseMs,
    exitWhenIdle: true,
    idlePollMs: 20,
    openBackend: async (campaign) => {
      if (campaign.id === endpointCampaign) return endpoint(campaign.modelRevision);
      heldWhileLoading.push(await db.caseRun.count({ where: { status: "LEASED", leaseOwner: "busy" } }));
      let last = Date.now();
      const probe = setInterval(() => {
        longestStall = Math.max(longestStall, Date.now() - last);
        last = Date.now();
      }, 10);
      const backend = await openCampaignBackend(db, campaign, engines, { maxBatch: 4 });
      clearInterval(probe);
      longestStall = Math.max(longestStall, Date.now() - last);
      return backend;
    },
  }).done;

  console.log(`longest stall of the event loop while the tiny model loaded: ${longestStall} ms (lease ${leaseMs} ms)`);
  expect(heldWhileLoading).toEqual([0]);
  expect(summary.discarded).toBe(0);
  const runs = await db.caseRun.findMany({ where: { campaignId: { in: [endpointCampaign, localCampaign] } }, select: { status: true, attempts: true } });
  expect(runs.map((run) => `${run.status} after ${run.attempts}`)).toEqual(runs.map(() => "DONE after 1"));
});

test("a worker opening an endpoint's campaign does not wait for another endpoint campaign's batch in flight", async () => {
  const { db } = await campaignDatabase();
  const saved = await createServingTarget(
    db,
    { id: null, label: "setup", role: "ADMIN" },
    { name: "beluga-vllm", baseUrl: "http://127.0.0.1:8000/v1", model: "beluga", declaredRevision: "sha-1234" },
  );
  if (!saved.ok) throw new Error(saved.message);
  const endpointSettings = { ...smallCampaign, casesPerSuite: 4, backend: { kind: "openai", target: "beluga-vllm" } } as const;
  const first = await newCampaign(db, { ...endpointSettings, uses: ["U1"] });
  const second = await newCampaign(db, { ...endpointSettings, uses: ["U4"] });
  await db.campaign.update({ where: { id: second }, data: { lastLeasedAt: new Date(Date.now() + 3_600_000) } });
  let secondOpened: () => void = () => {};
  const secondOpen = new Promise<void>((resolve) => (secondOpened = resolve));
  const firstHeldAtSecondOpen: number[] = [];

  // The first campaign's endpoint answers once the second is open, or after 5 s, whichever comes first.
  const endpoint = (campaignId: string, modelRevision: string): Backend => ({
    name: "endpoint",
    modelRevision,
    inFlightWanted: 16,
    async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
      if (campaignId === first) await Promise.race([secondOpen, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      for (const request of requests) yield refusalResult(request.id);
    },
    close: async () => {},
  });

  await startWorker({
    db,
    workerId: "endpoints",
    batchSize: 4,
    exitWhenIdle: true,
    idlePollMs: 20,
    openBackend: async (campaign) => {
      if (campaign.id === second) {
        firstHeldAtSecondOpen.push(await db.caseRun.count({ where: { campaignId: first, status: "LEASED" } }));
        secondOpened();
      }
      return endpoint(campaign.id, campaign.modelRevision);
    },
  }).done;

  expect(firstHeldAtSecondOpen).toHaveLength(1);
  expect(firstHeldAtSecondOpen[0]).toBeGreaterThan(0);
});
