// A campaign against an OpenAI-compatible endpoint counts the tokens the endpoint's `usage` field
// reports, per case and in total, and prices them at the serving target's price per million. A real
// HTTP server written for the test answers every completion with token counts of its own choosing
// (different per request) and keeps what it said, so the test sums them itself.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import type { Actor } from "../../lib/auth/actor";
import { loadCampaignChoices } from "../../lib/campaigns/reads/load-campaigns";
import { estimateCampaignTokens, tokenEstimateLine } from "../../lib/campaigns/reads/token-estimate";
import { loadCampaignTokenUsage, tokenUsageLine } from "../../lib/campaigns/reads/token-usage";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { createCampaign } from "../../lib/campaigns/start/create-campaign";
import type { Db } from "../../lib/db/types";
import { createServingTarget, updateServingTarget } from "../../lib/serving-targets/save-serving-target";
import { LocalEndpoint } from "./local-endpoint";
import { campaignDatabase, rita, smallCampaign } from "./campaign-fixture";

const admin: Actor = { id: null, label: "Ann Admin", role: "ADMIN" };

/**
 * How the endpoint answers: "usage" streams and reports usage; "whole, no usage" answers one JSON body whatever the
 * request asked (a server that ignores stream: true) and "streamed, no usage" streams, both leaving usage out (servers
 * that do not count, or ignore stream_options); "usage on every other" reports usage on every other request only.
 */
type Metering = "usage" | "whole, no usage" | "streamed, no usage" | "usage on every other";

/** Streams a refusal and reports usage: prompt tokens from the request's size, completion tokens varying per request. */
class MeteredEndpoint extends LocalEndpoint {
  readonly reported: { prompt: number; completion: number }[] = [];
  /** Requests answered without usage. */
  unreported = 0;
  metering: Metering = "usage";
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.method === "GET" && req.url === "/v1/models") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ object: "model", id: "beluga", root: "/models/beluga" }] }));
    }
    const usage = { prompt: Math.ceil(body.length / 4), completion: 3 + (this.reported.length % 7) };
    const answered = this.reported.length + this.unreported;
    const metered = this.metering === "usage" || (this.metering === "usage on every other" && answered % 2 === 0);
    if (metered) this.reported.push(usage);
    else this.unreported++;
    // Later requests answer later, so a campaign's runs do not all finish in the same millisecond.
    await new Promise((resolve) => setTimeout(resolve, 5 * (answered + 1)));
    const tokens = metered ? { prompt_tokens: usage.prompt, completion_tokens: usage.completion, total_tokens: usage.prompt + usage.completion } : undefined;
    if (!JSON.parse(body).stream || this.metering === "whole, no usage") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ choices: [{ index: 0, message: { content: "I cannot help with that." }, finish_reason: "stop" }], usage: tokens }));
    }
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "I cannot help with that." } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }], usage: tokens })}\n\n`);
    res.end("data: [DONE]\n\n");
  }
}

let db: Db;
let endpoint: MeteredEndpoint;
let targetId: string;
const target = { name: "beluga-vllm", model: "beluga", declaredRevision: "sha-1234 fp8" };

beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new MeteredEndpoint();
  const saved = await createServingTarget(db, admin, { ...target, baseUrl: await endpoint.listen() });
  if (!saved.ok) throw new Error(saved.message);
  targetId = saved.target.id;
});
afterEach(async () => {
  await endpoint.close();
});

async function newCampaign() {
  const created = await createCampaign(db, rita, { ...smallCampaign, backend: { kind: "openai", target: target.name } });
  if (!created.ok) throw new Error(created.message);
  return created;
}

async function runCampaign() {
  const created = await newCampaign();
  const worker = startWorker({ db, campaignId: created.campaignId, batchSize: 4, exitWhenIdle: true, idlePollMs: 20 });
  await worker.done;
  return created.campaignId;
}

describe("token accounting from the endpoint's usage", () => {
  test("each case run keeps the prompt and completion tokens the endpoint reported for it", async () => {
    const campaignId = await runCampaign();
    const runs = await db.caseRun.findMany({ where: { campaignId } });
    expect(runs.length).toBe(endpoint.reported.length);
    const stored = runs.map((run) => `${run.promptTokens}/${run.completionTokens}`).sort();
    expect(stored).toEqual(endpoint.reported.map((usage) => `${usage.prompt}/${usage.completion}`).sort());
  });

  test("the campaign's totals are the sums of what the endpoint reported, with no cost while the target has no price", async () => {
    const campaignId = await runCampaign();
    const prompt = endpoint.reported.reduce((sum, usage) => sum + usage.prompt, 0);
    const completion = endpoint.reported.reduce((sum, usage) => sum + usage.completion, 0);
    const usage = await loadCampaignTokenUsage(db, campaignId);
    expect(usage).toEqual({ cases: endpoint.reported.length, casesWithoutUsage: 0, promptTokens: prompt, completionTokens: completion, cost: null });
    expect(tokenUsageLine(usage!)).toContain("no price set");
  });

  test("the cost is the tokens at the serving target's price per million prompt and completion tokens", async () => {
    const priced = await updateServingTarget(db, admin, {
      id: targetId,
      ...target,
      baseUrl: (await db.servingTarget.findUniqueOrThrow({ where: { id: targetId } })).baseUrl,
      promptPricePerMillion: 0.5,
      completionPricePerMillion: 2,
    });
    expect(priced.ok).toBe(true);
    const campaignId = await runCampaign();
    const prompt = endpoint.reported.reduce((sum, usage) => sum + usage.prompt, 0);
    const completion = endpoint.reported.reduce((sum, usage) => sum + usage.completion, 0);
    const usage = await loadCampaignTokenUsage(db, campaignId);
    expect(usage?.cost).toBeCloseTo((prompt * 0.5 + completion * 2) / 1_000_000, 12);
    expect(tokenUsageLine(usage!)).toContain(`cost ${usage!.cost!.toFixed(4)}`);
  });

  test("a negative price is refused by name and the target keeps its price", async () => {
    const before = await db.servingTarget.findUniqueOrThrow({ where: { id: targetId } });
    const refused = await updateServingTarget(db, admin, { id: targetId, ...target, baseUrl: before.baseUrl, promptPricePerMillion: -1 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.message).toContain("price per million prompt tokens cannot be negative");
    expect((await db.servingTarget.findUniqueOrThrow({ where: { id: targetId } })).promptPricePerMillion).toBeNull();
  });
});

describe("the estimate before a campaign runs", () => {
  test("says there is no measured rate yet when no earlier campaign of the model ran on the target", async () => {
    const created = await newCampaign();
    const estimate = await estimateCampaignTokens(db, created.campaignId);
    expect(estimate).toMatchObject({ cases: created.runs, tokensPerCase: null, tokensPerSecond: null, seconds: null });
    expect(tokenEstimateLine(estimate!)).toContain("no measured rate yet");
  });

  test("is the cases times the tokens a case took before, over the rate the earlier campaign measured", async () => {
    const first = await runCampaign();
    const runs = await db.caseRun.findMany({ where: { campaignId: first, status: "DONE" } });
    const tokens = runs.reduce((sum, run) => sum + run.promptTokens! + run.completionTokens!, 0);
    const finished = runs.map((run) => run.finishedAt!.getTime());
    const spanSeconds = (Math.max(...finished) - Math.min(...finished)) / 1000;
    expect(spanSeconds).toBeGreaterThan(0);
    const rate = (tokens * (runs.length - 1)) / runs.length / spanSeconds;

    const second = await newCampaign();
    const estimate = (await estimateCampaignTokens(db, second.campaignId))!;
    expect(estimate.tokensPerCase).toBeCloseTo(tokens / runs.length, 9);
    expect(estimate.tokensPerSecond).toBeCloseTo(rate, 6);
    expect(estimate.seconds).toBeCloseTo((second.runs * (tokens / runs.length)) / rate, 6);
    expect(tokenEstimateLine(estimate)).toContain("tokens/s measured before");

    // The campaign form shows the same measured rate for the target, and none yet for this engine.
    const choices = await loadCampaignChoices(db, smallCampaign.modelSlug);
    expect(choices.rates[target.name]).toEqual({ tokensPerCase: estimate.tokensPerCase, tokensPerSecond: estimate.tokensPerSecond });
    expect(choices.rates.local).toEqual({ tokensPerCase: null, tokensPerSecond: null });
  });
});

describe("an endpoint whose answers report no usage", () => {
  for (const metering of ["whole, no usage", "streamed, no usage"] as const) {
    test(`records each case's tokens as not reported, not as a count of 0 (${metering})`, async () => {
      endpoint.metering = metering;
      const campaignId = await runCampaign();
      const runs = await db.caseRun.findMany({ where: { campaignId } });
      expect(runs.every((run) => run.status === "DONE")).toBe(true);
      expect(runs.map((run) => [run.promptTokens, run.completionTokens])).toEqual(runs.map(() => [null, null]));
      const usage = (await loadCampaignTokenUsage(db, campaignId))!;
      expect(usage).toMatchObject({ cases: 0, casesWithoutUsage: runs.length, cost: null });
      expect(tokenUsageLine(usage)).toBe(`not reported: the endpoint's answers to ${runs.length} cases gave no token usage`);
    });
  }

  test("leaves the cases without usage out of the totals and the cost, and says how many they are", async () => {
    await updateServingTarget(db, admin, {
      id: targetId,
      ...target,
      baseUrl: (await db.servingTarget.findUniqueOrThrow({ where: { id: targetId } })).baseUrl,
      promptPricePerMillion: 0.5,
      completionPricePerMillion: 2,
    });
    endpoint.metering = "usage on every other";
    const campaignId = await runCampaign();
    const prompt = endpoint.reported.reduce((sum, usage) => sum + usage.prompt, 0);
    const completion = endpoint.reported.reduce((sum, usage) => sum + usage.completion, 0);
    const usage = (await loadCampaignTokenUsage(db, campaignId))!;
    expect(usage).toMatchObject({
      cases: endpoint.reported.length,
      casesWithoutUsage: endpoint.unreported,
      promptTokens: prompt,
      completionTokens: completion,
    });
    expect(usage.cost).toBeCloseTo((prompt * 0.5 + completion * 2) / 1_000_000, 12);
    expect(tokenUsageLine(usage)).toContain(`over ${endpoint.reported.length} cases, cost ${usage.cost!.toFixed(4)}`);
    expect(tokenUsageLine(usage)).toContain(`; ${endpoint.unreported} cases gave no token usage, not counted`);
  });

  test("gives the next campaign no measured rate rather than one of 0 tokens per case", async () => {
    endpoint.metering = "whole, no usage";
    await runCampaign();
    const second = await newCampaign();
    const estimate = (await estimateCampaignTokens(db, second.campaignId))!;
    expect(estimate).toMatchObject({ tokensPerCase: null, tokensPerSecond: null, seconds: null });
    expect(tokenEstimateLine(estimate)).toContain("no measured rate yet");
  });
});
