// A campaign against a serving engine that misbehaves, as a real HTTP server written for the test:
// what it sends that is not an answer must end as a failed run, never as the model's output, and
// no evidence may be written from it.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { loadCampaignProgress } from "../../lib/campaigns/reads/campaign-progress";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint } from "./local-endpoint";
import { saveServingTarget } from "./serving-target-setup";

/** Has no /v1/models; answers every completion as the test's `answer` says. */
class MisbehavingEndpoint extends LocalEndpoint {
  completions = 0;
  answer: (res: ServerResponse) => void = () => {};
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") return res.writeHead(404).end();
    this.completions++;
    this.answer(res);
  }
}

let db: Db;
let endpoint: MisbehavingEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new MisbehavingEndpoint();
  await saveServingTarget(db, "beluga-vllm", await endpoint.listen());
});
afterEach(async () => {
  await endpoint.close();
});

async function runToTheEnd() {
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, backend: { kind: "openai", target: "beluga-vllm" } });
  const logs: string[] = [];
  // Not reached is not waited for here: serving-target-outage.test.ts is about waiting. A request's
  // retries follow each other in tens of milliseconds, not the backend's 1.5-2.3 s.
  await startWorker({
    db,
    campaignId,
    requestBackoffMs: 10,
    batchSize: 2,
    maxAttempts: 1,
    maxOutageMs: 0,
    exitWhenIdle: true,
    idlePollMs: 20,
    onLog: (line) => logs.push(line),
  }).done;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { runs: true, evidence: true } });
  return { campaign, logs, progress: await loadCampaignProgress(db, campaignId) };
}

describe("a serving engine that answers 200 without an answer", () => {
  test("a stream whose chunks carry no choices is a failed run, not an empty answer scored, and writes no evidence", async () => {
    endpoint.answer = (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk" })}\n\n`);
      res.write(`data: ${JSON.stringify({ id: "chatcmpl-1", object: "chat.completion.chunk", choices: [] })}\n\n`);
      res.end("data: [DONE]\n\n");
    };
    const { campaign, progress } = await runToTheEnd();

    expect(endpoint.completions).toBeGreaterThan(0);
    expect(campaign.runs.map((run) => ({ status: run.status, output: run.output, verdict: run.verdict, error: run.error }))).toEqual(
      campaign.runs.map(() => ({ status: "ERROR", output: null, verdict: "ERROR", error: "the endpoint's stream carried no answer (after 3 attempts)" })),
    );
    expect(campaign.runs[0].errorDetail).toContain("stream ended without a choice in any chunk");
    expect(progress).toMatchObject({ done: 0, errors: campaign.runs.length, passes: 0, failures: 0 });
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
  });

  test("a stream that runs on past max_tokens is cut off and fails the run, rather than being read until the time-out", async () => {
    let written = 0;
    endpoint.answer = (res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      const more = setInterval(() => {
        written++;
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "word " } }] })}\n\n`);
      }, 1);
      res.on("close", () => clearInterval(more));
    };
    const { campaign } = await runToTheEnd();

    expect(new Set(campaign.runs.map((run) => `${run.status} ${run.error}`))).toEqual(
      new Set(["ERROR the endpoint's answer ran past max_tokens (after 1 attempt)"]),
    );
    expect(campaign.runs[0].errorDetail).toMatch(/sent \d+ characters, more than max_tokens 8 allows \(512\)/);
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
    // Cut off at the limit: about a hundred chunks a run, not the thousands a time-out would have let through.
    expect(written).toBeLessThan(2_000);
  });

  test("a page that is not an event stream (a gateway's HTML) is a failed run whose detail names its content type and words", async () => {
    endpoint.answer = (res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body>Sign in to the gateway</body></html>");
    };
    const { campaign } = await runToTheEnd();

    expect(new Set(campaign.runs.map((run) => `${run.status} ${run.error}`))).toEqual(
      new Set(["ERROR the endpoint's answer was not an event stream (after 3 attempts)"]),
    );
    expect(campaign.runs[0].errorDetail).toContain(
      "attempt 1: answered 200 with content type text/html and no event stream: <html><body>Sign in to the gateway</body></html>",
    );
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
  });
});

describe("a serving engine that is not there", () => {
  test("the worker's log names the address it could not reach and why", async () => {
    const { baseUrl } = await db.servingTarget.findUniqueOrThrow({ where: { name: "beluga-vllm" } });
    await endpoint.close();
    const { campaign, logs } = await runToTheEnd();

    expect(logs).toContain(
      `could not ask serving target "beluga-vllm" which model it serves (openai backend: connection refused by ${baseUrl}/models); going on`,
    );
    expect(campaign.runs.map((run) => run.status)).toEqual(campaign.runs.map(() => "ERROR"));
  });
});
