// A campaign cancelled while a worker generates its batch: the worker learns of the cancel at its next
// heartbeat (a third of a lease), and until then every output it finished was written as done, with a
// verdict, on a campaign already cancelled. A cancel wins: a result that arrives after it is not
// written, whatever the worker knows yet.
import { expect, test } from "vitest";
import type { Backend, GenerationRequest, GenerationResult } from "../../engine/backend";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { commitFailure, commitResult } from "../../lib/campaigns/runner/commit-result";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { campaignDatabase, newCampaign, refusalResult, rita, smallCampaign } from "./campaign-fixture";

test("outputs a worker finishes after its campaign was cancelled are not written as done", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 6 });
  const cancelledFirst = (modelRevision: string): Backend => ({
    name: "cancelled while generating",
    modelRevision,
    async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
      // The person cancels while the batch is being generated; the answers come just after.
      expect(await controlCampaign(db, rita, { campaignId, action: "cancel" })).toMatchObject({ ok: true, status: "CANCELLED" });
      for (const request of requests) yield refusalResult(request.id);
    },
    close: async () => {},
  });

  const summary = await startWorker({
    db,
    campaignId,
    batchSize: 6,
    leaseMs: 60_000,
    exitWhenIdle: true,
    idlePollMs: 20,
    openBackend: async (campaign) => cancelledFirst(campaign.modelRevision),
  }).done;

  expect(await db.caseRun.count({ where: { campaignId, status: "DONE" } })).toBe(0);
  expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "CANCELLED", done: 0, notRun: 6 });
  expect(summary).toMatchObject({ committed: 0, discarded: 6 });
});

test("a result committed for a run of a cancelled campaign is refused, by the write itself", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 });
  const lease = await leaseBatch(db, { workerId: "w", size: 1, leaseMs: 60_000, campaignId });
  await controlCampaign(db, rita, { campaignId, action: "cancel" });

  const runId = lease!.runs[0].id;
  expect(await commitResult(db, "w", runId, { output: refusalResult(runId), verdict: "PASS", findings: [] })).toBe(false);
  expect(await db.caseRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "PENDING", verdict: null, output: null });
});

test("a failure recorded for a run of a cancelled campaign is refused too: the run reads not run, not error", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2 });
  const lease = await leaseBatch(db, { workerId: "w", size: 1, leaseMs: 60_000, campaignId });
  await controlCampaign(db, rita, { campaignId, action: "cancel" });

  const runId = lease!.runs[0].id;
  expect(await commitFailure(db, "w", runId, "the endpoint answered 500", 3, 3)).toBe(false);
  expect(await db.caseRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ status: "PENDING", verdict: null, error: null });
  expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ errors: 0, notRun: 2 });
});

test("failures a worker meets after its campaign was cancelled count as discarded, not failed, and are no result", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 6 });
  const failsAfterTheCancel = (modelRevision: string): Backend => ({
    name: "cancelled while generating, every case failing",
    modelRevision,
    async *generate(requests: GenerationRequest[]): AsyncIterable<GenerationResult> {
      expect(await controlCampaign(db, rita, { campaignId, action: "cancel" })).toMatchObject({ ok: true, status: "CANCELLED" });
      for (const request of requests) yield { ...refusalResult(request.id), text: "", finishReason: "error", error: "the prompt was too long" };
    },
    close: async () => {},
  });
  const results: string[] = [];

  const summary = await startWorker({
    db,
    campaignId,
    batchSize: 6,
    leaseMs: 60_000,
    maxAttempts: 1,
    exitWhenIdle: true,
    idlePollMs: 20,
    openBackend: async (campaign) => failsAfterTheCancel(campaign.modelRevision),
    onResult: (event) => results.push(event.verdict),
  }).done;

  expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "CANCELLED", errors: 0, notRun: 6 });
  expect(results).toEqual([]);
  expect(summary).toMatchObject({ committed: 0, failed: 0, discarded: 6 });
});

test("a cancel hands back the runs its campaign's workers hold: none reads leased, or held by a worker, once it returns", async () => {
  const { db } = await campaignDatabase();
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 6 });
  const lease = await leaseBatch(db, { workerId: "w", size: 4, leaseMs: 60_000, campaignId });
  expect(lease!.runs).toHaveLength(4);

  expect(await controlCampaign(db, rita, { campaignId, action: "cancel" })).toMatchObject({ ok: true, status: "CANCELLED" });
  expect(await db.caseRun.count({ where: { campaignId, OR: [{ status: "LEASED" }, { leaseOwner: { not: null } }, { leaseExpiresAt: { not: null } }] } })).toBe(
    0,
  );
  // Handed back untried, as a worker hands back its batch: the attempt the lease counted is not one.
  expect(await db.caseRun.count({ where: { campaignId, attempts: { not: 0 } } })).toBe(0);
  expect(await loadCampaignProgress(db, campaignId)).toMatchObject({ status: "CANCELLED", leased: 0, leaseExpired: 0, notRun: 6 });
});
