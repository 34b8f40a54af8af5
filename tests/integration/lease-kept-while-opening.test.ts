// Between taking a lease and sending its runs a worker asks the campaign's endpoint what it serves
// (/v1/models, which may take its time). The lease must stay alive meanwhile: expired, its runs go to
// another worker, are generated twice and count an attempt each, and enough such losses give a run up
// as abandoned. (Opening a campaign the first time, which may load a model on the worker's one thread,
// holds no lease at all: lease-free-while-loading.test.ts.)
import type { IncomingMessage, ServerResponse } from "node:http";
import { expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint } from "./local-endpoint";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

/** Lists "beluga", the first time only once the test calls `answerFirstListing`; answers every completion at once. */
class SlowToListEndpoint extends LocalEndpoint {
  completions = 0;
  private listings = 0;
  private firstListingAsked!: () => void;
  readonly firstListingArrived = new Promise<void>((resolve) => (this.firstListingAsked = resolve));
  answerFirstListing!: () => void;
  private readonly firstListingAnswered = new Promise<void>((resolve) => (this.answerFirstListing = resolve));

  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") {
      if (this.listings++ === 0) {
        this.firstListingAsked();
        await this.firstListingAnswered;
      }
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "beluga" }] }));
    }
    this.completions++;
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ model: "beluga", choices: [{ index: 0, delta: { content: "I cannot help with that." } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ model: "beluga", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

// The first /v1/models is answered only after its asker's lease has been pushed back four times,
// more than a whole lease's length: the test waits on those renewals, not on a clock, and the lease
// is long enough (a renewal a second) that a busy machine's stalls do not let it lapse.
const RENEWALS_BEFORE_ANSWERING = 4;

test("a lease outlives the worker's opening of its campaign: another worker does not take its runs meanwhile, and each run is sent once", async () => {
  const { db } = await campaignDatabase();
  const leaseMs = 3000;
  const endpoint = new SlowToListEndpoint();
  const saved = await createServingTarget(db, admin, { name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1" });
  if (!saved.ok) throw new Error(saved.message);
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4, backend: { kind: "openai", target: "beluga-vllm" } });
  try {
    const worker = { db, campaignId, batchSize: 4, leaseMs, exitWhenIdle: true, idlePollMs: 20 };
    const first = startWorker(worker);
    await endpoint.firstListingArrived;
    // A second worker comes along while the first still waits for /v1/models.
    const second = startWorker(worker);
    const expiries = new Set<number>();
    let asker: string | null | undefined;
    while (expiries.size <= RENEWALS_BEFORE_ANSWERING) {
      const leased = await db.caseRun.findMany({ where: { campaignId, status: "LEASED" }, select: { leaseOwner: true, leaseExpiresAt: true } });
      asker ??= leased[0]?.leaseOwner;
      expect(leased, "the asker's runs stay leased to it while it waits").toEqual(leased.map(() => ({ leaseOwner: asker, leaseExpiresAt: expect.any(Date) })));
      expect(leased).toHaveLength(4);
      for (const run of leased) expiries.add(run.leaseExpiresAt!.getTime());
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    endpoint.answerFirstListing();
    const summaries = await Promise.all([first.done, second.done]);

    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(runs.map((run) => ({ status: run.status, attempts: run.attempts }))).toEqual(runs.map(() => ({ status: "DONE", attempts: 1 })));
    expect(summaries.map((summary) => summary.discarded)).toEqual([0, 0]);
    expect(endpoint.completions).toBe(4);
  } finally {
    endpoint.answerFirstListing();
    await endpoint.close();
  }
});
