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

/** Lists "beluga", the first time only after `firstListingMs`; answers every completion at once. */
class SlowToListEndpoint extends LocalEndpoint {
  listings = 0;
  completions = 0;
  constructor(private readonly firstListingMs: number) {
    super();
  }
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") {
      if (this.listings++ === 0) await new Promise((resolve) => setTimeout(resolve, this.firstListingMs));
      return res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ data: [{ id: "beluga" }] }));
    }
    this.completions++;
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ model: "beluga", choices: [{ index: 0, delta: { content: "I cannot help with that." } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ model: "beluga", choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

test("a lease outlives the worker's opening of its campaign: another worker does not take its runs meanwhile, and each run is sent once", async () => {
  const { db } = await campaignDatabase();
  const leaseMs = 400;
  const endpoint = new SlowToListEndpoint(4 * leaseMs);
  const saved = await createServingTarget(db, admin, { name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1" });
  if (!saved.ok) throw new Error(saved.message);
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 4, backend: { kind: "openai", target: "beluga-vllm" } });
  try {
    const worker = { db, campaignId, batchSize: 4, leaseMs, exitWhenIdle: true, idlePollMs: 20 };
    const first = startWorker(worker);
    while ((await db.caseRun.count({ where: { campaignId, status: "LEASED" } })) === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    // A second worker comes along while the first still waits for /v1/models.
    const second = startWorker(worker);
    const summaries = await Promise.all([first.done, second.done]);

    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(runs.map((run) => ({ status: run.status, attempts: run.attempts }))).toEqual(runs.map(() => ({ status: "DONE", attempts: 1 })));
    expect(summaries.map((summary) => summary.discarded)).toEqual([0, 0]);
    expect(endpoint.completions).toBe(4);
  } finally {
    await endpoint.close();
  }
});
