// What an endpoint says it serves is recorded on the campaign and on every evidence row, and named in pause reasons.
// Seen (stop 54): an endpoint whose /v1/models gave a root of 1,000,008 characters had it stored whole on the campaign
// and on each of its 6 evidence rows (6,000,132 characters), and so in the card; one that listed 20,000 other models
// paused its campaign with a reason of 369,051 characters naming every one of them (the list may be 16 MiB long); an
// answer whose chunks named a model in 40,016 characters left an error for admins of 40,183 characters on every run.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint, streamAnswer } from "./local-endpoint";

const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
const LONG_ROOT = `/models/${"x".repeat(1_000_000)}`;
/** The most characters of an endpoint's name for a model, or of its root, that are kept as they were written. */
const KEPT = 512;

/** Lists `listed` at /v1/models; every answer a refusal. */
class ListingEndpoint extends LocalEndpoint {
  /** The model each answer's chunks name, as vLLM's do; none when undefined. */
  answeredAs: string | undefined;
  constructor(private readonly listed: { id: string; root?: string }[]) {
    super();
  }
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: this.listed.map((model) => ({ object: "model", ...model })) }));
    }
    streamAnswer(res, "I cannot help with that.", this.answeredAs);
  }
}

let db: Db;
let endpoint: ListingEndpoint | undefined;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
});
afterEach(async () => {
  await endpoint?.close();
});

async function runAgainst(listed: { id: string; root?: string }[], target = "beluga-vllm", answeredAs?: string) {
  endpoint = new ListingEndpoint(listed);
  endpoint.answeredAs = answeredAs;
  const saved = await createServingTarget(db, admin, { name: target, baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1" });
  if (!saved.ok) throw new Error(saved.message);
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, backend: { kind: "openai", target } });
  const logs: string[] = [];
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20, onLog: (message) => logs.push(message) }).done;
  return { campaign: await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { evidence: true, runs: true } }), logs };
}

describe("an endpoint's names for what it serves, however long", () => {
  test("a root of a million characters is kept as its first characters, its length and a hash, on the campaign and its evidence", async () => {
    const { campaign } = await runAgainst([{ id: "beluga", root: LONG_ROOT }]);

    expect(campaign.status).toBe("COMPLETED");
    const root = (campaign.servedModel as { root: string }).root;
    expect(root.length).toBeLessThanOrEqual(KEPT);
    expect(root).toMatch(/^\/models\/x+… \(1,000,008 characters, sha256 [0-9a-f]{16}\)$/);
    expect(campaign.evidence.length).toBeGreaterThan(0);
    for (const evidence of campaign.evidence) expect(evidence.servedModel!.length).toBeLessThan(KEPT + 100);
  });

  test("two long roots that differ only past what is kept are still told apart", async () => {
    const first = await runAgainst([{ id: "beluga", root: `${LONG_ROOT}a` }]);
    await endpoint!.close();
    const second = await runAgainst([{ id: "beluga", root: `${LONG_ROOT}b` }], "beluga-vllm-2");
    expect((first.campaign.servedModel as { root: string }).root).not.toBe((second.campaign.servedModel as { root: string }).root);
  });

  test("an endpoint listing 20,000 other models pauses the campaign with a reason naming a few of them and how many more", async () => {
    const others = Array.from({ length: 20_000 }, (_, index) => ({ id: `other-model-${index}` }));
    const { campaign, logs } = await runAgainst(others);

    expect(campaign.status).toBe("PAUSED");
    const reason = logs.find((line) => line.startsWith('serving target "beluga-vllm" serves'))!;
    expect(reason).toMatch(
      /^serving target "beluga-vllm" serves other-model-0, other-model-1, .*, other-model-9 and 19,990 more, not "beluga": the campaign is paused\./,
    );
    expect(reason.length).toBeLessThan(1_000);
  });

  // Within the answer's bytes at max_tokens 8 (96 KiB), the name in both of its chunks; at max_tokens 4,096 it may be 8 MiB.
  test("an answer naming another model in 40,016 characters fails its run with an error that names it within bounds", async () => {
    const { campaign } = await runAgainst([{ id: "beluga" }], "beluga-vllm", `router-fallback-${"y".repeat(40_000)}`);

    expect(campaign.runs.length).toBeGreaterThan(0);
    for (const run of campaign.runs) {
      expect(run.error).toBe("the endpoint answered as another model (after 1 attempt)");
      // What the endpoint said, for admins.
      expect(run.errorDetail).toMatch(/answered as model "router-fallback-y+… \(40,016 characters, sha256 [0-9a-f]{16}\)", not "beluga"/);
      expect(run.errorDetail!.length).toBeLessThan(KEPT + 300);
    }
  });
});
