// Which model an endpoint serves is asked at /v1/models when a worker leases work, recorded on the
// campaign and its evidence, and checked at every later lease. A real HTTP server written for the
// test plays vLLM: it lists a model (id, root, max_model_len) and answers chat completions; the
// test swaps the weights behind it mid-campaign.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { LocalEndpoint } from "./local-endpoint";
import { campaignDatabase, rita, smallCampaign } from "./campaign-fixture";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

/** vLLM's answers, enough of them: /v1/models lists `served`, every chat completion is a refusal. */
class VllmLikeEndpoint extends LocalEndpoint {
  served = { id: "beluga", root: "/models/StableBeluga2-FP8", max_model_len: 4096 };
  /** Called on each completion, with how many came before it. */
  onCompletion: (count: number) => void = () => {};
  completions = 0;
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET" && req.url === "/v1/models") return send(res, { object: "list", data: [{ object: "model", owned_by: "vllm", ...this.served }] });
    this.onCompletion(this.completions++);
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "I cannot help with that." } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 20, completion_tokens: 6 } })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

function send(res: ServerResponse, body: unknown) {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}

let db: Db;
let endpoint: VllmLikeEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new VllmLikeEndpoint();
  const saved = await createServingTarget(db, admin, {
    name: "beluga-vllm",
    baseUrl: await endpoint.listen(),
    model: "beluga",
    declaredRevision: "sha-1234 fp8",
  });
  if (!saved.ok) throw new Error(saved.message);
});
afterEach(async () => {
  await endpoint.close();
});

async function runCampaign() {
  const created = await createCampaign(db, rita, { ...smallCampaign, backend: { kind: "openai", target: "beluga-vllm" } });
  if (!created.ok) throw new Error(created.message);
  const logs: string[] = [];
  const worker = startWorker({ db, campaignId: created.campaignId, batchSize: 2, exitWhenIdle: true, idlePollMs: 20, onLog: (message) => logs.push(message) });
  await worker.done;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: created.campaignId }, include: { evidence: true, runs: true } });
  return { campaign, logs };
}

describe("the model an endpoint serves", () => {
  test("is recorded on the campaign and its evidence as /v1/models gave it: id, root and maximum length", async () => {
    const { campaign } = await runCampaign();

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.servedModel).toEqual({ id: "beluga", root: "/models/StableBeluga2-FP8", maxModelLength: 4096, smokeTestModel: false });
    expect(campaign.evidence.length).toBeGreaterThan(0);
    for (const evidence of campaign.evidence) {
      expect(evidence.servedModel).toBe("beluga (root /models/StableBeluga2-FP8, max length 4096)");
      expect(evidence.declaredRevision).toBe("sha-1234 fp8");
    }
  });

  test("changed mid-campaign pauses the campaign with a message naming both models, puts back what may be the new model's, and writes no evidence", async () => {
    // After four answers the endpoint is restarted on other weights under the same name.
    let swappedAt: Date | null = null;
    endpoint.onCompletion = (count) => {
      if (count !== 3) return;
      endpoint.served = { id: "beluga", root: "/models/StableBeluga2-AWQ", max_model_len: 4096 };
      swappedAt = new Date();
    };
    const { campaign, logs } = await runCampaign();

    expect(campaign.status).toBe("PAUSED");
    const reason = logs.find((line) => line.startsWith('serving target "beluga-vllm" now serves'));
    expect(reason).toMatch(
      /^serving target "beluga-vllm" now serves beluga \(root \/models\/StableBeluga2-AWQ, max length 4096\), but this campaign's results so far came from beluga \(root \/models\/StableBeluga2-FP8, max length 4096\): the campaign is paused so that two models' outputs are never mixed \(the \d+ results? written since the model was last seen are back in the queue\)\. Start a new campaign for the model now served\.$/,
    );
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
    // No result the endpoint gave after the swap is kept.
    expect(swappedAt).not.toBeNull();
    for (const run of campaign.runs.filter((r) => r.status === "DONE")) expect(run.finishedAt!.getTime()).toBeLessThan(swappedAt!.getTime());
    expect(campaign.runs.filter((run) => run.status === "PENDING").length).toBeGreaterThan(0);
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.actorLabel).toBe("campaign worker");
    expect(pause.after).toEqual({ status: "PAUSED", reason });
  });

  test("no longer listed under the target's name pauses the campaign at its first lease, naming what is served instead", async () => {
    endpoint.served = { id: "llama-guard-3", root: "/models/Llama-Guard-3-8B", max_model_len: 8192 };
    const { campaign, logs } = await runCampaign();

    expect(campaign.status).toBe("PAUSED");
    expect(logs).toContain(
      'serving target "beluga-vllm" serves llama-guard-3 (root /models/Llama-Guard-3-8B, max length 8192), not "beluga": the campaign is paused. An admin should correct the target\'s model name, or the endpoint should serve "beluga".',
    );
    expect(endpoint.completions).toBe(0);
    expect(campaign.servedModel).toBeNull();
  });
});
