// A campaign against a serving engine that fails in the ways real ones do, each written as a real
// HTTP server for the test: asked to wait (429 with Retry-After), restarting (503), a body cut off
// mid-JSON, a stream that ends without [DONE], an answer from another model, a first byte that comes
// too late. What can be retried is retried and then answered; what cannot ends as a failed run
// naming why; no failure is ever recorded as the model's output, nor counted in evidence.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import type { Db } from "../../lib/db/types";
import { campaignDatabase, newCampaign, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint } from "./local-endpoint";
import { saveServingTarget } from "./serving-target-setup";
import { OpenAIBackend } from "../../engine/openai-backend";

// A request's retries follow each other in tens of milliseconds, not the backend's 1.5-2.3 s: what is
// proved here is what is retried and how each failure is recorded. A Retry-After is still waited out whole.
const requestBackoffMs = 10;
const REFUSAL = "I cannot help with that.";

type Fault = (res: ServerResponse) => void | Promise<void>;

/** Answers each completion with the fault `fault(n)` gives for the n-th (0-based), or with a refusal where it gives none; has no /v1/models. */
class FaultyEndpoint extends LocalEndpoint {
  completions = 0;
  fault: (n: number) => Fault | null = () => null;
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET") return res.writeHead(404).end();
    const fault = this.fault(this.completions++);
    if (fault) return fault(res);
    answer(res, "beluga");
  }
}

function answer(res: ServerResponse, model: string) {
  res.writeHead(200, { "content-type": "text/event-stream" });
  res.write(`data: ${JSON.stringify({ object: "chat.completion.chunk", model, choices: [{ index: 0, delta: { content: REFUSAL } }] })}\n\n`);
  res.write(`data: ${JSON.stringify({ object: "chat.completion.chunk", model, choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
  res.end("data: [DONE]\n\n");
}

const faults = {
  tooManyRequests: ((res) =>
    void res.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end('{"error":{"message":"slow down"}}')) as Fault,
  restarting: ((res) => void res.writeHead(503, { "content-type": "text/plain" }).end("upstream restarting")) as Fault,
  cutMidJson: ((res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "I can" } }] })}\n\ndata: {"choices":[{"index":0,"delta":{"content":" hel`);
    setTimeout(() => res.destroy(), 20);
  }) as Fault,
  noDone: ((res) => {
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "Sure, here is how" } }] })}\n\n`);
    res.end();
  }) as Fault,
  anotherModel: ((res) => answer(res, "llama-3-8b-instruct")) as Fault,
  contentFilter: ((res) => {
    // Azure OpenAI's and guardrail gateways' way: the answer withheld, the stream ended as if the model had stopped.
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(`data: ${JSON.stringify({ model: "beluga", choices: [{ index: 0, delta: { content: "Sure, step one" } }] })}\n\n`);
    res.write(`data: ${JSON.stringify({ model: "beluga", choices: [{ index: 0, delta: {}, finish_reason: "content_filter" }] })}\n\n`);
    res.end("data: [DONE]\n\n");
  }) as Fault,
  slowFirstByte: ((res) => new Promise<void>((resolve) => setTimeout(() => resolve(answer(res, "beluga")), 1_500))) as Fault,
};

let db: Db;
let endpoint: FaultyEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new FaultyEndpoint();
  await saveServingTarget(db, "beluga-vllm", await endpoint.listen());
});
afterEach(async () => {
  await endpoint.close();
});

/** Two runs, each tried once by the worker (the backend's own three attempts inside it), nothing waited out as an outage. */
async function runToTheEnd(worker: { requestTimeoutMs?: number } = {}) {
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, backend: { kind: "openai", target: "beluga-vllm" } });
  await startWorker({ db, campaignId, requestBackoffMs, batchSize: 2, maxAttempts: 1, maxOutageMs: 0, exitWhenIdle: true, idlePollMs: 20, ...worker }).done;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { runs: true, evidence: true } });
  const runs = campaign.runs.map((run) => ({ status: run.status, output: run.output, error: run.error }));
  return { campaign, runs, details: campaign.runs.map((run) => run.errorDetail ?? "") };
}

const answered = (count: number) => Array.from({ length: count }, () => ({ status: "DONE", output: REFUSAL, error: null }));
const failed = (error: string, count = 2) => Array.from({ length: count }, () => ({ status: "ERROR", output: null, error }));

describe("a serving engine failing once, then answering", () => {
  test.each([
    ["429 with Retry-After", faults.tooManyRequests],
    ["503 while it restarts", faults.restarting],
    ["a stream cut off mid-JSON", faults.cutMidJson],
    ["a stream that ends without [DONE]", faults.noDone],
  ])("%s: retried, and the run records the answer that followed", async (_, fault) => {
    const firstTries = new Set<number>([0, 1]);
    endpoint.fault = (n) => (firstTries.has(n) ? fault : null);
    const { runs, campaign } = await runToTheEnd();
    expect(runs).toEqual(answered(2));
    expect(endpoint.completions).toBe(4);
    expect(campaign.evidence.length).toBeGreaterThan(0);
  });

  test("429 with Retry-After: 1 is waited out a whole second before the retry", async () => {
    const sentAt: number[] = [];
    endpoint.fault = (n) => {
      sentAt.push(Date.now());
      return n === 0 ? faults.tooManyRequests : null;
    };
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 1, backend: { kind: "openai", target: "beluga-vllm" } });
    await startWorker({ db, campaignId, requestBackoffMs, batchSize: 1, maxAttempts: 1, maxOutageMs: 0, exitWhenIdle: true, idlePollMs: 20 }).done;
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(1_000);
  });
});

describe("a serving engine failing every time", () => {
  test.each([
    ["429 with Retry-After", faults.tooManyRequests, "the endpoint answered 429 (after 3 attempts)", "HTTP 429 Too Many Requests: slow down"],
    ["a stream cut off mid-JSON", faults.cutMidJson, "the endpoint's answer was cut off (after 3 attempts)", "cut mid-stream"],
    [
      "a stream that ends without [DONE]",
      faults.noDone,
      "the endpoint's stream ended early (after 3 attempts)",
      "server closed the stream before [DONE] after 1 chunk",
    ],
  ])("%s: each run is a failed run naming why, with no output and no evidence", async (_, fault, error, detail) => {
    endpoint.fault = () => fault;
    const { runs, details, campaign } = await runToTheEnd();
    expect(runs).toEqual(failed(error));
    for (const d of details) expect(d).toContain(detail);
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
  });

  test("an answer from another model than the target's is a failed run naming both, never recorded as the target model's output", async () => {
    endpoint.fault = () => faults.anotherModel;
    const { runs, details, campaign } = await runToTheEnd();
    expect(runs.map((run) => run.status)).toEqual(["ERROR", "ERROR"]);
    expect(runs.map((run) => run.output)).toEqual([null, null]);
    expect(runs.map((run) => run.error)).toEqual([
      "the endpoint answered as another model (after 1 attempt)",
      "the endpoint answered as another model (after 1 attempt)",
    ]);
    for (const d of details) expect(d).toContain('answered as model "llama-3-8b-instruct", not "beluga"');
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
  });

  test("an answer a content filter withheld is a failed run saying so, not a cut answer judged as the model's", async () => {
    endpoint.fault = () => faults.contentFilter;
    const { runs, details, campaign } = await runToTheEnd();
    expect(runs).toEqual(failed("a content filter in front of the model withheld its answer (after 1 attempt)"));
    for (const d of details) expect(d).toContain('finish_reason "content_filter"');
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
  });

  test("a first byte later than the request time-out: a failed run saying the request timed out, the endpoint being up", async () => {
    endpoint.fault = () => faults.slowFirstByte;
    const { runs, details, campaign } = await runToTheEnd({ requestTimeoutMs: 500 });
    expect(runs).toEqual(failed("the request timed out: no answer within 0.5 s, though the endpoint was up (after 3 attempts)"));
    for (const d of details) expect(d).toContain("timed out after 500 ms with no answer, though the endpoint answered GET");
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
  });
});

describe("a serving engine that answers whole (no stream), slower than the request time-out", () => {
  test("its runs fail as timed out, without the campaign waiting for it as for an endpoint that is down", async () => {
    // A server or gateway that ignores stream: true and sends the whole answer at the end: nothing comes before it.
    const whole = new (class extends FaultyEndpoint {
      protected async handle(req: IncomingMessage, res: ServerResponse) {
        for await (const _ of req);
        if (req.method === "GET") return res.writeHead(404).end();
        await new Promise((resolve) => setTimeout(resolve, 800));
        const choice = { index: 0, message: { role: "assistant", content: REFUSAL }, finish_reason: "stop" };
        if (!res.destroyed) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ model: "beluga", choices: [choice] }));
      }
    })();
    await saveServingTarget(db, "beluga-whole", await whole.listen());
    try {
      const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, backend: { kind: "openai", target: "beluga-whole" } });
      const logs: string[] = [];
      await startWorker({
        db,
        campaignId,
        requestBackoffMs,
        batchSize: 2,
        maxAttempts: 1,
        requestTimeoutMs: 300,
        maxOutageMs: 3_000,
        outageWaitMs: 300,
        exitWhenIdle: true,
        idlePollMs: 20,
        onLog: (line) => logs.push(line),
      }).done;
      expect(logs.filter((line) => line.includes("handed back unanswered"))).toEqual([]);
      const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { runs: true } });
      expect(campaign.runs.map((run) => ({ status: run.status, output: run.output, error: run.error }))).toEqual(
        failed("the request timed out: no answer within 0.3 s, though the endpoint was up (after 3 attempts)"),
      );
    } finally {
      await whole.close();
    }
  });
});

describe("a serving engine whose stream is cut off mid-answer for one prompt only", () => {
  test("that prompt's run fails naming the cut, without the campaign waiting for the endpoint as if it were down", async () => {
    const poisoned = new (class extends FaultyEndpoint {
      poison: string | null = null;
      protected async handle(req: IncomingMessage, res: ServerResponse) {
        let body = "";
        for await (const chunk of req) body += chunk;
        if (req.method === "GET") return res.writeHead(404).end();
        this.completions++;
        this.poison ??= body;
        if (body === this.poison) return faults.cutMidJson(res);
        answer(res, "beluga");
      }
    })();
    await saveServingTarget(db, "beluga-poisoned", await poisoned.listen());
    try {
      const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 2, backend: { kind: "openai", target: "beluga-poisoned" } });
      const logs: string[] = [];
      await startWorker({
        db,
        campaignId,
        requestBackoffMs,
        batchSize: 2,
        maxAttempts: 1,
        maxOutageMs: 4_000,
        outageWaitMs: 500,
        exitWhenIdle: true,
        idlePollMs: 20,
        onLog: (line) => logs.push(line),
      }).done;
      const runs = await db.caseRun.findMany({ where: { campaignId }, orderBy: { status: "asc" } });
      expect(logs.filter((line) => line.includes("handed back unanswered"))).toEqual([]);
      expect(runs.map((run) => ({ status: run.status, output: run.output, error: run.error }))).toEqual([
        { status: "DONE", output: REFUSAL, error: null },
        { status: "ERROR", output: null, error: "the endpoint's answer was cut off (after 3 attempts)" },
      ]);
    } finally {
      await poisoned.close();
    }
  });
});

/** vLLM started with two served names for one set of weights: lists both, answers with the first whichever is asked for. */
class AliasingEndpoint extends LocalEndpoint {
  /** GET /v1/models answers 500 this many times first, as a server busy for a moment. */
  listingFailures = 0;
  constructor(private readonly answeredAs: string) {
    super();
  }
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    for await (const _ of req);
    if (req.method === "GET" && this.listingFailures > 0) {
      this.listingFailures--;
      return res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"busy"}}');
    }
    if (req.method === "GET") {
      const data = ["beluga", "stable-beluga-2"].map((id) => ({ id, object: "model", root: "/models/StableBeluga2", max_model_len: 4096 }));
      return res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ object: "list", data: [...data, { id: "llama-3-8b", root: "/models/Llama-3-8B" }] }));
    }
    answer(res, this.answeredAs);
  }
}

describe("an answer naming the asked model another way", () => {
  const sampling = { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, seed: 1, maxNewTokens: 8, stop: [] };
  const ask = async (model: string, answeredAs: string) => {
    const aliasing = new AliasingEndpoint(answeredAs);
    try {
      const backend = new OpenAIBackend({ baseUrl: await aliasing.listen(), model, maxAttempts: 1 });
      for await (const result of backend.generate([{ id: "a", messages: [{ role: "user", content: "Hi" }], sampling }])) return result;
      throw new Error("no result");
    } finally {
      await aliasing.close();
    }
  };

  test("is the asked model's when /v1/models lists both names for the same weights, or it is OpenAI's dated snapshot of it", async () => {
    expect(await ask("stable-beluga-2", "beluga")).toMatchObject({ text: REFUSAL, finishReason: "stop" });
    expect(await ask("gpt-4o", "gpt-4o-2024-08-06")).toMatchObject({ text: REFUSAL, finishReason: "stop" });
  });

  test("is the asked model's again once /v1/models answers, after one listing failed", async () => {
    const aliasing = new AliasingEndpoint("beluga");
    aliasing.listingFailures = 1;
    try {
      const backend = new OpenAIBackend({ baseUrl: await aliasing.listen(), model: "stable-beluga-2", maxAttempts: 1 });
      const answers: string[] = [];
      for (const id of ["first", "second"]) {
        for await (const result of backend.generate([{ id, messages: [{ role: "user", content: "Hi" }], sampling }]))
          answers.push(result.errorSummary ?? result.text);
      }
      // The first could not be told from another model's; the listing is asked again for the second.
      expect(answers).toEqual(["the endpoint answered as another model (after 1 attempt)", REFUSAL]);
    } finally {
      await aliasing.close();
    }
  });

  test("is not when the other name is other weights, or a name the endpoint does not list", async () => {
    expect(await ask("beluga", "llama-3-8b")).toMatchObject({
      finishReason: "error",
      errorSummary: "the endpoint answered as another model (after 1 attempt)",
    });
    expect(await ask("beluga", "beluga-uncensored")).toMatchObject({
      finishReason: "error",
      errorSummary: "the endpoint answered as another model (after 1 attempt)",
    });
  });
});

describe("an endpoint's content filter, answering whole (no stream)", () => {
  test("withholding the answer, with no text at all, fails the request saying so", async () => {
    const filtering = new (class extends LocalEndpoint {
      protected async handle(req: IncomingMessage, res: ServerResponse) {
        for await (const _ of req);
        const choice = { index: 0, message: { role: "assistant", content: null }, finish_reason: "content_filter" };
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ model: "beluga", choices: [choice] }));
      }
    })();
    try {
      const backend = new OpenAIBackend({ baseUrl: await filtering.listen(), model: "beluga", stream: false });
      const sampling = { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, seed: 1, maxNewTokens: 8, stop: [] };
      const results = [];
      for await (const result of backend.generate([{ id: "a", messages: [{ role: "user", content: "Hi" }], sampling }])) results.push(result);
      expect(results).toMatchObject([
        { text: "", finishReason: "error", errorSummary: "a content filter in front of the model withheld its answer (after 1 attempt)" },
      ]);
    } finally {
      await filtering.close();
    }
  });
});
