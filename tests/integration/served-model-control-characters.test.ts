// What an endpoint says it serves is recorded on the campaign and its evidence, named in pause reasons and run errors,
// and printed by `campaign run` and `serving-target check` on an operator's terminal. Seen: a /v1/models root holding
// terminal escapes and a line break ("\u001b]0;…\u0007", "\u001b[2J", "\n") was stored as it came, on the campaign and
// on every evidence row; an answer whose chunks named such a model left it in every run's error for admins.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { createServingTarget } from "../../lib/serving-targets/save-serving-target";
import { runCli } from "../support/run-cli";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint, streamAnswer } from "./local-endpoint";

const admin = { id: null, label: "Ann Admin", role: "ADMIN" } as const;
const ESCAPING_ROOT = "/models/beluga\u001b]0;owned\u0007\u001b[2J\n| R1×U1 | PASS |\u009b";
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what must not be there
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Lists "beluga" with `root` at /v1/models; every answer a refusal, its chunks naming `answeredAs` where given. */
class RootEndpoint extends LocalEndpoint {
  constructor(
    private readonly root: string,
    private readonly answeredAs?: string,
  ) {
    super();
  }
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ object: "model", id: "beluga", root: this.root }] }));
    }
    streamAnswer(res, "I cannot help with that.", this.answeredAs);
  }
}

let db: Db;
let url: string;
let endpoint: RootEndpoint | undefined;
beforeEach(async () => {
  ({ db, url } = await campaignDatabase());
});
afterEach(async () => {
  await endpoint?.close();
});

async function runAgainst(root: string, answeredAs?: string) {
  endpoint = new RootEndpoint(root, answeredAs);
  const saved = await createServingTarget(db, admin, { name: "beluga-vllm", baseUrl: await endpoint.listen(), model: "beluga", declaredRevision: "sha-1" });
  if (!saved.ok) throw new Error(saved.message);
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, backend: { kind: "openai", target: "beluga-vllm" } });
  await startWorker({ db, campaignId, exitWhenIdle: true, idlePollMs: 20 }).done;
  return db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { evidence: true, runs: true } });
}

describe("an endpoint's names for what it serves, holding control characters", () => {
  test("are recorded with each control character written out, on the campaign and its evidence, and printed so", async () => {
    const campaign = await runAgainst(ESCAPING_ROOT);

    expect(campaign.status).toBe("COMPLETED");
    expect((campaign.servedModel as { root: string }).root).toBe("/models/beluga\\u001b]0;owned\\u0007\\u001b[2J\\u000a| R1×U1 | PASS |\\u009b");
    expect(campaign.evidence.length).toBeGreaterThan(0);
    for (const evidence of campaign.evidence) expect(evidence.servedModel).not.toMatch(CONTROL);

    const check = await runCli("cli/riskledger.ts", ["serving-target", "check", "beluga-vllm"], url);
    expect(check.stdout).toContain("/v1/models lists beluga (root /models/beluga\\u001b]0;owned\\u0007");
    expect(check.stdout.replaceAll("\n", "")).not.toMatch(CONTROL);
  });

  test("an answer naming such a model fails its run with an error that writes them out", async () => {
    const campaign = await runAgainst("/models/beluga", "fallback\u001b[2J\nmodel");

    expect(campaign.runs.length).toBeGreaterThan(0);
    for (const run of campaign.runs) {
      expect(run.errorDetail).toContain('answered as model "fallback\\u001b[2J\\u000amodel", not "beluga"');
      expect(run.errorDetail).not.toMatch(CONTROL);
    }
  });
});
