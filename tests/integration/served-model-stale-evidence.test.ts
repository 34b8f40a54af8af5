// Evidence from a serving target is about the model the target served when it was made. When the
// target's served model changes (its endpoint reports other weights at /v1/models, or its admin
// declares another revision), the older evidence is shown as stale, with that reason. A real HTTP
// server written for the test plays vLLM, and the test restarts it on other weights between campaigns.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import type { Db } from "../../lib/db/types";
import { loadCampaignEvidence } from "../../lib/evidence/cell-evidence";
import { staleReasonLabel } from "../../lib/evidence/stale-reasons";
import { createServingTarget, updateServingTarget } from "../../lib/serving-targets/save-serving-target";
import { LocalEndpoint } from "./local-endpoint";
import { campaignDatabase, rita, smallCampaign } from "./campaign-fixture";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

class VllmLikeEndpoint extends LocalEndpoint {
  served = { id: "beluga", root: "/models/StableBeluga2-FP8", max_model_len: 4096 };
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET" && req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ object: "model", owned_by: "vllm", ...this.served }] }));
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "I cannot help with that." } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: { prompt_tokens: 20, completion_tokens: 6 } })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

let db: Db;
let endpoint: VllmLikeEndpoint;
let target: { id: string; name: string; baseUrl: string; model: string; declaredRevision: string };

beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new VllmLikeEndpoint();
  target = { id: "", name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1234 fp8" };
  const saved = await createServingTarget(db, admin, target);
  if (!saved.ok) throw new Error(saved.message);
  target.id = saved.target.id;
});
afterEach(async () => {
  await endpoint.close();
});

async function runCampaign(name: string) {
  const created = await createCampaign(db, rita, { ...smallCampaign, name, backend: { kind: "openai", target: target.name } });
  if (!created.ok) throw new Error(created.message);
  await startWorker({ db, campaignId: created.campaignId, batchSize: 4, exitWhenIdle: true, idlePollMs: 20 }).done;
  expect((await db.campaign.findUniqueOrThrow({ where: { id: created.campaignId } })).status).toBe("COMPLETED");
  return created.campaignId;
}

async function servedStale(campaignId: string) {
  const cells = await loadCampaignEvidence(db, campaignId);
  expect(cells.length).toBeGreaterThan(0);
  return cells.map((cell) => cell.stale.includes("served"));
}

describe("evidence of a serving target when its served model changes", () => {
  test("is not stale for the served model while the target serves the same model", async () => {
    const first = await runCampaign("fp8");
    const second = await runCampaign("fp8 again");
    expect(await servedStale(first)).not.toContain(true);
    expect(await servedStale(second)).not.toContain(true);
  });

  test("made before the endpoint reported other weights at /v1/models is stale, and the newer evidence is not", async () => {
    const first = await runCampaign("fp8");
    endpoint.served = { id: "beluga", root: "/models/StableBeluga2-AWQ", max_model_len: 4096 };
    const second = await runCampaign("awq");
    expect(await servedStale(first)).not.toContain(false);
    expect(await servedStale(second)).not.toContain(true);
    expect(staleReasonLabel.served).toBe("the model its serving target serves changed");
  });

  test("made under the revision the admin declared before is stale once another is declared", async () => {
    const first = await runCampaign("fp8");
    const changed = await updateServingTarget(db, admin, { ...target, declaredRevision: "sha-5678 fp8" });
    expect(changed.ok).toBe(true);
    expect(await servedStale(first)).not.toContain(false);
  });
});
