import { describe, expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { commitResult } from "../../lib/campaigns/runner/commit-result";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import { leaseBatch } from "../../lib/campaigns/runner/lease";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createDb } from "../../lib/db/client";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, newCampaign, rita, smallCampaign } from "./campaign-fixture";

const answer = (text: string) => ({
  output: { id: "", text, promptTokens: 1, completionTokens: 1, finishReason: "stop" as const, latencyMs: 1, timeToFirstTokenMs: null },
  verdict: "PASS" as const,
  findings: [],
});

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const status = async (db: Db, campaignId: string) => (await db.campaign.findUniqueOrThrow({ where: { id: campaignId } })).status;

describe("leases", () => {
  test("a worker whose lease was taken over cannot write its result, and the new holder's result stands", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    const stalled = await leaseBatch(db, { workerId: "stalled", size: 3, leaseMs: 1, campaignId });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const takeover = await leaseBatch(db, { workerId: "takeover", size: 3, leaseMs: 60_000, campaignId });
    expect(takeover!.runs.map((run) => run.id)).toEqual(stalled!.runs.map((run) => run.id));

    const [runId] = stalled!.runs.map((run) => run.id);
    expect(await commitResult(db, "takeover", runId, answer("the holder's answer"))).toBe(true);
    expect(await commitResult(db, "stalled", runId, answer("the stalled worker's answer"))).toBe(false);
    expect(await commitResult(db, "takeover", runId, answer("written twice"))).toBe(false);
    expect(await db.caseRun.findUniqueOrThrow({ where: { id: runId } })).toMatchObject({ output: "the holder's answer", leaseOwner: "takeover" });
  });

  test("two database connections leasing at the same time never get the same run", async () => {
    const { db, url } = await campaignDatabase();
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 10 });
    const connections = [createDb(url), createDb(url)];
    const taken = await Promise.all(
      connections.map(async (connection, index) => {
        const ids: string[] = [];
        for (;;) {
          const lease = await leaseBatch(connection, { workerId: `worker-${index}`, size: 3, leaseMs: 60_000, campaignId });
          if (!lease) return ids;
          ids.push(...lease.runs.map((run) => run.id));
        }
      }),
    );
    const all = taken.flat();
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(40);
    expect(taken.every((ids) => ids.length > 0)).toBe(true);
    await Promise.all(connections.map((connection) => connection.$disconnect()));
  });
});

describe("campaigns take turns", () => {
  test("a small campaign created after a big one is leased in turn with it, not after it", async () => {
    const { db } = await campaignDatabase();
    const big = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"], casesPerSuite: 10 });
    await newCampaign(db, { ...smallCampaign, uses: ["U2"], casesPerSuite: 6 });
    const turns: string[] = [];
    const LEASE = { workerId: "only-worker", size: 4, leaseMs: 60_000 };
    for (let lease = await leaseBatch(db, LEASE); lease; lease = await leaseBatch(db, LEASE)) {
      turns.push(lease.campaignId === big ? "big" : "small");
      // A worker spends far longer than a millisecond on a batch, and turns are stamped in milliseconds.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(turns).toEqual(["big", "small", "big", "small", ...Array(8).fill("big")]);
  });

  test("with one worker, a small campaign created after a big one completes while most of the big one still waits", async () => {
    const { db } = await campaignDatabase();
    const big = await newCampaign(db, { ...smallCampaign, uses: ["U1", "U2", "U3", "U4"] });
    const small = await newCampaign(db, { ...smallCampaign, uses: ["U2"], casesPerSuite: 8 });
    await startWorker({ db, batchSize: 4, exitWhenIdle: true, idlePollMs: 50 }).done;

    const { finishedAt: smallFinished } = await db.campaign.findUniqueOrThrow({ where: { id: small } });
    expect(await status(db, big)).toBe("COMPLETED");
    // Turns of four runs: big, small, big, small; then the small campaign is complete.
    expect(await db.caseRun.count({ where: { campaignId: big, finishedAt: { lt: smallFinished! } } })).toBe(8);
    expect(await db.caseRun.count({ where: { campaignId: big, finishedAt: { gt: smallFinished! } } })).toBe(16);
  });
});

describe("controlling a campaign", () => {
  test("pause hands the leased batch back, and resume lets the campaign finish", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, { ...smallCampaign, casesPerSuite: 12 });
    const worker = startWorker({ db, campaignId, batchSize: 2, leaseMs: 600, idlePollMs: 50 });
    await until("a first result", async () => (await loadCampaignProgress(db, campaignId))!.done > 0);

    expect(await controlCampaign(db, rita, { campaignId, action: "pause" })).toMatchObject({ ok: true, status: "PAUSED" });
    await until("the batch to be handed back", async () => (await loadCampaignProgress(db, campaignId))!.leased === 0);
    const paused = (await loadCampaignProgress(db, campaignId))!;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await loadCampaignProgress(db, campaignId))!.done).toBe(paused.done);
    expect(paused.pending).toBeGreaterThan(0);

    expect(await controlCampaign(db, rita, { campaignId, action: "resume" })).toMatchObject({ ok: true, status: "RUNNING" });
    await until("completion", async () => (await status(db, campaignId)) === "COMPLETED");
    await worker.stop();
    expect((await loadCampaignProgress(db, campaignId))!.done).toBe(24);
    const audit = await db.auditEvent.findMany({ where: { entityType: "Campaign", entityId: campaignId }, orderBy: { at: "asc" } });
    expect(audit.map((event) => event.action)).toEqual(["campaign.create", "campaign.pause", "campaign.resume", "campaign.complete"]);
  });

  test("cancel stops the work and leaves no evidence", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, { ...smallCampaign, casesPerSuite: 12 });
    const worker = startWorker({ db, campaignId, batchSize: 2, leaseMs: 600, idlePollMs: 50, exitWhenIdle: true });
    await until("a first result", async () => (await loadCampaignProgress(db, campaignId))!.done > 0);
    expect(await controlCampaign(db, rita, { campaignId, action: "cancel" })).toMatchObject({ ok: true, status: "CANCELLED" });
    await worker.done;
    const progress = (await loadCampaignProgress(db, campaignId))!;
    expect(progress).toMatchObject({ status: "CANCELLED", leased: 0 });
    expect(progress.done).toBeLessThan(24);
    expect(await db.evidence.count({ where: { campaignId } })).toBe(0);
    expect(await controlCampaign(db, rita, { campaignId, action: "resume" })).toMatchObject({ ok: false, kind: "conflict" });
  });

  test("retry puts failed runs back in the queue and the completed campaign's evidence is rewritten", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 50 }).done;
    const complete = await db.evidence.findMany({ where: { campaignId }, orderBy: { cellId: "asc" } });

    // Two generations failed for good (the endpoint was down, say): they are not samples.
    const failed = await db.caseRun.findMany({ where: { campaignId }, take: 2, select: { id: true } });
    await db.caseRun.updateMany({
      where: { id: { in: failed.map((run) => run.id) } },
      data: { status: "ERROR", verdict: "ERROR", output: null, error: "endpoint unreachable" },
    });
    expect(await controlCampaign(db, rita, { campaignId, action: "retry" })).toMatchObject({ ok: true, status: "RUNNING", requeued: 2 });
    await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 50 }).done;

    expect(await status(db, campaignId)).toBe("COMPLETED");
    expect(await db.caseRun.count({ where: { campaignId, status: "DONE" } })).toBe(12);
    const rewritten = await db.evidence.findMany({ where: { campaignId }, orderBy: { cellId: "asc" } });
    expect(rewritten.map(({ cellId, n, failures }) => ({ cellId, n, failures }))).toEqual(complete.map(({ cellId, n, failures }) => ({ cellId, n, failures })));
  });

  test("a viewer cannot pause a campaign", async () => {
    const { db } = await campaignDatabase();
    const campaignId = await newCampaign(db, smallCampaign);
    expect(await controlCampaign(db, { id: null, label: "Victor Viewer", role: "VIEWER" }, { campaignId, action: "pause" })).toMatchObject({
      ok: false,
      kind: "forbidden",
    });
  });
});
