// An endpoint that is up and answers nothing: GET /v1/models lists the target's model, so the worker
// takes it as serving, but every completion fails in a way no prompt could escape (a server error, the
// model not found behind a gateway that lists it). Failing every case against it, each tried again and
// again, would turn a broken deployment into a campaign of errors: the campaign stops instead, saying
// why, with its runs back in the queue. A prompt the server fails on alone still fails alone.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterEach, beforeEach, describe, expect, test } from "vitest";
import { startWorker } from "../../lib/campaigns/runner/start-worker";
import { controlCampaign } from "../../lib/campaigns/start/control-campaign";
import type { Db } from "../../lib/db/types";
import { updateJudgeCountingFloor } from "../../lib/labelling/judge-counting";
import { campaignDatabase, newCampaign, rita, smallCampaign } from "./campaign-fixture";
import { LocalEndpoint, streamAnswer } from "./local-endpoint";
import { admin, saveServingTarget } from "./serving-target-setup";

const REFUSAL = "I cannot help with that.";

/** Lists "beluga" at /v1/models; answers each completion with `fail(prompt)` where it gives a status, else a refusal. */
class ListedButBrokenEndpoint extends LocalEndpoint {
  completions = 0;
  /** The model each answer names: a router falling back to another for every request names that one. */
  answeredAs = "beluga";
  /**
   * `afterMs`: the failure comes after that wait, as a gateway's time-out does. `inStream`: the status is sent in an
   * error event of a stream begun with 200 and its role chunk, as vLLM reports a failure once its stream has begun.
   * `code`: the error's type and code, as OpenAI's API names them (its status where none is given).
   */
  fail: (prompt: string) => { status: number; message: string; afterMs?: number; inStream?: boolean; code?: string } | null = () => null;
  /**
   * Where it gives a way, the completion hangs, as an engine whose HTTP front still answers while its model is stuck:
   * "no answer" sends nothing at all; "stalled stream" sends the stream's headers and role chunk at once (as vLLM and
   * engine serve do), then nothing.
   */
  hang: (prompt: string) => "no answer" | "stalled stream" | null = () => null;
  /** How long the model takes over an answer. */
  answerAfterMs = 0;
  protected async handle(req: IncomingMessage, res: ServerResponse) {
    let body = "";
    for await (const chunk of req) body += chunk;
    if (req.method === "GET") {
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify({ object: "list", data: [{ id: "beluga", object: "model", root: "/models/beluga", max_model_len: 4096 }] }));
    }
    this.completions++;
    const request = JSON.parse(body) as { messages: Array<{ content: string }> };
    const hang = this.hang(request.messages.at(-1)!.content);
    if (hang === "stalled stream") {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify({ model: this.answeredAs, choices: [{ index: 0, delta: { role: "assistant", content: "" } }] })}\n\n`);
    }
    if (hang) return;
    const failure = this.fail(request.messages.at(-1)!.content);
    if (failure) {
      if (failure.afterMs) await new Promise((resolve) => setTimeout(resolve, failure.afterMs));
      if (failure.inStream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(`data: ${JSON.stringify({ model: this.answeredAs, choices: [{ index: 0, delta: { role: "assistant", content: "" } }] })}\n\n`);
        const error = { object: "error", message: failure.message, type: "InternalServerError", param: null, code: failure.status };
        return res.end(`data: ${JSON.stringify({ error })}\n\n`);
      }
      res.writeHead(failure.status, { "content-type": "application/json" });
      const error = { message: failure.message, type: failure.code ?? "InternalServerError", param: null, code: failure.code ?? failure.status };
      return res.end(JSON.stringify({ error }));
    }
    if (this.answerAfterMs) await new Promise((resolve) => setTimeout(resolve, this.answerAfterMs));
    streamAnswer(res, REFUSAL, this.answeredAs);
  }
}

let db: Db;
let endpoint: ListedButBrokenEndpoint;
beforeEach(async () => {
  ({ db } = await campaignDatabase());
  endpoint = new ListedButBrokenEndpoint();
  await saveServingTarget(db, "beluga-vllm", await endpoint.listen());
});
afterEach(async () => {
  await endpoint.close();
});

async function runToTheEnd(casesPerSuite: number) {
  const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite, backend: { kind: "openai", target: "beluga-vllm" } });
  return work(campaignId);
}

async function work(campaignId: string, worker: { requestTimeoutMs?: number; maxAttempts?: number; batchSize?: number } = {}) {
  const logs: string[] = [];
  // A request's retries follow each other in tens of milliseconds, not the backend's 1.5-2.3 s: these tests are about what the failures add up to.
  await startWorker({
    db,
    campaignId,
    requestBackoffMs: 10,
    batchSize: 8,
    maxOutageMs: 0,
    exitWhenIdle: true,
    idlePollMs: 20,
    onLog: (line) => logs.push(line),
    ...worker,
  }).done;
  const campaign = await db.campaign.findUniqueOrThrow({ where: { id: campaignId }, include: { runs: true, evidence: true } });
  return { campaign, logs };
}

describe("an endpoint that lists the model but fails every completion", () => {
  test.each([
    ["a server error on every completion", 500, "CUDA error: an illegal memory access was encountered", "the endpoint answered 500 (after 3 attempts)"],
    ["the model not found, though /v1/models lists it", 404, "The model `beluga` does not exist.", "the endpoint answered 404 (after 1 attempt)"],
  ])("%s: the campaign is paused saying why, its runs back in the queue untried, not each failed", async (_, status, message, summary) => {
    endpoint.fail = () => ({ status, message });
    const { campaign, logs } = await runToTheEnd(8);

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.map((run) => ({ status: run.status, attempts: run.attempts, error: run.error }))).toEqual(
      campaign.runs.map(() => ({ status: "PENDING", attempts: 0, error: null })),
    );
    expect(campaign.evidence.filter((row) => row.n !== 0)).toEqual([]);
    // Stopped at the first batch: not three tries of every case.
    expect(endpoint.completions).toBeLessThanOrEqual(8 * (status === 500 ? 3 : 1));
    const reason = `serving target "beluga-vllm" failed 3 cases in a row, answering none between them: ${summary}. The endpoint is up but answers no case, so the campaign is paused rather than fail every case; resume it once the endpoint answers completions.`;
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toEqual({ status: "PAUSED", reason });
    expect(logs.some((line) => line.startsWith(reason.slice(0, 60)) && line.includes(message))).toBe(true);

    // Put right and resumed, every case is answered once.
    endpoint.fail = () => null;
    expect(await controlCampaign(db, rita, { campaignId: campaign.id, action: "resume" })).toMatchObject({ ok: true });
    const resumed = await work(campaign.id);
    expect(resumed.campaign.status).toBe("COMPLETED");
    expect(resumed.campaign.runs.map((run) => run.output)).toEqual(campaign.runs.map(() => REFUSAL));
  });

  test("a server error on every completion, with several batches in flight: paused, and no batch's runs counted as failed", async () => {
    // Three prompts fail at once, pausing the campaign; the rest after a wait, in the batches leased as those first failures came back.
    const first = new Set<string>();
    endpoint.fail = (prompt) => {
      if (first.size < 3) first.add(prompt);
      return { status: 500, message: "CUDA error: an illegal memory access was encountered", afterMs: first.has(prompt) ? 0 : 300 };
    };
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 20, backend: { kind: "openai", target: "beluga-vllm" } });
    const { campaign } = await work(campaignId, { batchSize: 2 });

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.filter((run) => run.status !== "PENDING" || run.attempts !== 0 || run.error !== null).map((run) => run.error)).toEqual([]);
  });

  test("a server error reported in every stream, once begun (as vLLM reports one): the campaign is paused saying why, as for a 500", async () => {
    endpoint.fail = () => ({ status: 500, message: "CUDA error: an illegal memory access was encountered", inStream: true });
    const { campaign } = await runToTheEnd(8);

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.filter((run) => run.status !== "PENDING" || run.attempts !== 0 || run.error !== null)).toEqual([]);
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toMatchObject({
      reason: expect.stringContaining("in a row, answering none between them: the endpoint reported an error in its stream (after 3 attempts)"),
    });
  });

  test("a server error reported in the stream for one prompt only fails that case, and the campaign completes", async () => {
    let failing: string | null = null;
    endpoint.fail = (prompt) => {
      failing ??= prompt;
      return prompt === failing ? { status: 500, message: "tokenizer crashed", inStream: true } : null;
    };
    const { campaign } = await runToTheEnd(6);

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.runs.filter((run) => run.status === "ERROR").map((run) => run.error)).toEqual([
      "the endpoint reported an error in its stream (after 3 attempts)",
    ]);
  });

  test("every answer from another model (a router's fallback): the campaign is paused saying so, its runs back in the queue", async () => {
    endpoint.answeredAs = "llama-3-8b-instruct";
    const { campaign } = await runToTheEnd(8);

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.filter((run) => run.status !== "PENDING" || run.attempts !== 0)).toEqual([]);
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toMatchObject({
      reason: expect.stringContaining("in a row, answering none between them: the endpoint answered as another model (after 1 attempt)"),
    });
  });

  test("a gateway's 504 on every completion (its time-out, the model answering nothing): paused once 3 cases in a row get it, as time-outs are", async () => {
    endpoint.fail = () => ({ status: 504, message: "upstream request timeout" });
    const { campaign } = await runToTheEnd(8);

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.map((run) => ({ status: run.status, attempts: run.attempts, error: run.error }))).toEqual(
      campaign.runs.map(() => ({ status: "PENDING", attempts: 0, error: null })),
    );
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toEqual({
      status: "PAUSED",
      reason:
        'serving target "beluga-vllm" failed 3 cases in a row, answering none between them: the endpoint answered 504 (after 3 attempts). ' +
        "The endpoint is up but answers no case, so the campaign is paused rather than fail every case; resume it once the endpoint answers completions.",
    });
  });

  test("OpenAI's 429 insufficient_quota on every completion (a quota that waiting never restores): paused after 3 cases, saying the quota is spent", async () => {
    const message = "You exceeded your current quota, please check your plan and billing details.";
    endpoint.fail = () => ({ status: 429, message, code: "insufficient_quota" });
    const { campaign, logs } = await runToTheEnd(8);

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.map((run) => ({ status: run.status, attempts: run.attempts, error: run.error }))).toEqual(
      campaign.runs.map(() => ({ status: "PENDING", attempts: 0, error: null })),
    );
    // Not retried: another try gets the same answer.
    expect(endpoint.completions).toBeLessThanOrEqual(8);
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toEqual({
      status: "PAUSED",
      reason:
        'serving target "beluga-vllm" failed 3 cases in a row, answering none between them: the endpoint\'s quota is spent (429 insufficient_quota) (after 1 attempt). ' +
        "The endpoint is up but answers no case, so the campaign is paused rather than fail every case; resume it once the endpoint answers completions.",
    });
    expect(logs.some((line) => line.includes(message))).toBe(true);
  });

  test("a gateway's 504 on three prompts while the others are answered (a model slow on those alone) fails those alone, and the campaign completes", async () => {
    const slow = new Set<string>();
    // The gateway gives up on those after a wait in which the model answers the others; a wait long enough that a
    // busy machine's stalled event loop still reads those answers first.
    endpoint.fail = (prompt) => {
      if (slow.size < 3) slow.add(prompt);
      return slow.has(prompt) ? { status: 504, message: "upstream request timeout", afterMs: 600 } : null;
    };
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 8, backend: { kind: "openai", target: "beluga-vllm" } });
    const { campaign } = await work(campaignId, { maxAttempts: 1 });

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.runs.filter((run) => run.status === "ERROR").map((run) => run.error)).toEqual(
      [...slow].map(() => "the endpoint answered 504 (after 3 attempts)"),
    );
    expect(campaign.runs.filter((run) => run.status === "DONE")).toHaveLength(5);
  });

  test("a server error on one prompt asked 3 times (repeats), failing before any other answer, fails that case alone, and the campaign completes", async () => {
    let failing: string | null = null;
    endpoint.fail = (prompt) => {
      failing ??= prompt;
      return prompt === failing ? { status: 500, message: "tokenizer crashed" } : null;
    };
    endpoint.answerAfterMs = 300;
    const campaignId = await newCampaign(db, {
      ...smallCampaign,
      uses: ["U1"],
      casesPerSuite: 4,
      repeats: 3,
      backend: { kind: "openai", target: "beluga-vllm" },
    });
    const { campaign } = await work(campaignId, { maxAttempts: 1, batchSize: 12 });

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.runs.filter((run) => run.status === "ERROR").map((run) => run.error)).toEqual(
      Array.from({ length: 3 }, () => "the endpoint answered 500 (after 3 attempts)"),
    );
    expect(new Set(campaign.runs.filter((run) => run.status === "ERROR").map((run) => run.caseId)).size).toBe(1);
    expect(campaign.runs.filter((run) => run.status === "DONE")).toHaveLength(9);
  });

  test("a server error on one prompt only fails that case, and the campaign completes", async () => {
    let failing: string | null = null;
    endpoint.fail = (prompt) => {
      failing ??= prompt;
      return prompt === failing ? { status: 500, message: "tokenizer crashed" } : null;
    };
    const { campaign } = await runToTheEnd(6);

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.runs.filter((run) => run.status === "ERROR").map((run) => run.error)).toEqual(["the endpoint answered 500 (after 3 attempts)"]);
    expect(campaign.runs.filter((run) => run.status === "DONE")).toHaveLength(5);
  });
});

describe("a serving target whose base URL lacks /v1", () => {
  test("the campaign is paused with a reason that asks whether /v1 was meant, not only that the endpoint answered 404", async () => {
    // vLLM, SGLang and OpenAI serve under /v1 alone: everything else is 404, /v1/models too.
    const underV1 = new (class extends LocalEndpoint {
      protected async handle(req: IncomingMessage, res: ServerResponse) {
        for await (const _ of req);
        if (!req.url?.startsWith("/v1/")) return res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
        streamAnswer(res, REFUSAL, "beluga");
      }
    })();
    const baseUrl = (await underV1.listen()).replace(/\/v1$/, "");
    await saveServingTarget(db, "beluga-root", baseUrl);
    try {
      const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 8, backend: { kind: "openai", target: "beluga-root" } });
      const { campaign, logs } = await work(campaignId);

      expect(campaign.status).toBe("PAUSED");
      const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
      expect(pause.after).toMatchObject({
        reason: expect.stringContaining(
          "answering none between them: the endpoint answered 404 and its base URL does not end in /v1: did you mean …/v1? (after 1 attempt)",
        ),
      });
      expect(logs.some((line) => line.includes(`did you mean ${baseUrl}/v1?`))).toBe(true);
    } finally {
      await underV1.close();
    }
  });
});

describe("a hung engine whose /v1/models still answers", () => {
  test.each([
    ["no answer to any completion", "no answer", "the request timed out: no answer within 0.3 s, though the endpoint was up (after 3 attempts)"],
    ["every stream stalled after its first chunk", "stalled stream", "the endpoint's answer stalled: nothing came for 0.3 s (after 3 attempts)"],
  ] as const)("%s: the campaign is paused saying why once 3 cases time out in a row, its runs back in the queue untried", async (_, hang, summary) => {
    endpoint.hang = () => hang;
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 8, backend: { kind: "openai", target: "beluga-vllm" } });
    const { campaign } = await work(campaignId, { requestTimeoutMs: 300 });

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.map((run) => ({ status: run.status, attempts: run.attempts, error: run.error }))).toEqual(
      campaign.runs.map(() => ({ status: "PENDING", attempts: 0, error: null })),
    );
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toEqual({
      status: "PAUSED",
      reason: `serving target "beluga-vllm" failed 3 cases in a row, answering none between them: ${summary}. The endpoint is up but answers no case, so the campaign is paused rather than fail every case; resume it once the endpoint answers completions.`,
    });

    endpoint.hang = () => null;
    expect(await controlCampaign(db, rita, { campaignId, action: "resume" })).toMatchObject({ ok: true });
    const resumed = await work(campaignId, { requestTimeoutMs: 300 });
    expect(resumed.campaign.status).toBe("COMPLETED");
    expect(resumed.campaign.runs.map((run) => run.output)).toEqual(campaign.runs.map(() => REFUSAL));
  });

  // The time-out is 1 s, not 0.3 s: on a machine so busy that the event loop stalls past the time-out, the timers
  // fire before the other answers, already arrived, are read, and the three look like a hung engine. The others take
  // 0.3 s, so that they are answered inside the slow ones' silence: answered at once, a stalled stream's silence
  // began with its role chunk, read a few milliseconds before or after the other answers, and the three were as
  // likely to look hung (nothing answered for the whole second) as not.
  test.each([
    ["no answer", "the request timed out: no answer within 1 s, though the endpoint was up (after 3 attempts)"],
    ["stalled stream", "the endpoint's answer stalled: nothing came for 1 s (after 3 attempts)"],
  ] as const)("three slow prompts (%s) timing out while the others are answered fail alone, and the campaign completes", async (hang, summary) => {
    const slow = new Set<string>();
    endpoint.hang = (prompt) => {
      if (slow.size < 3) slow.add(prompt);
      return slow.has(prompt) ? hang : null;
    };
    endpoint.answerAfterMs = 300;
    const campaignId = await newCampaign(db, { ...smallCampaign, uses: ["U1"], casesPerSuite: 8, backend: { kind: "openai", target: "beluga-vllm" } });
    const { campaign } = await work(campaignId, { requestTimeoutMs: 1000, maxAttempts: 1 });

    expect(campaign.status).toBe("COMPLETED");
    expect(campaign.runs.filter((run) => run.status === "ERROR").map((run) => run.error)).toEqual([...slow].map(() => summary));
    expect(campaign.runs.filter((run) => run.status === "DONE")).toHaveLength(5);
  });
});

describe("a counted judge whose endpoint fails every request", () => {
  test("pauses the campaign naming the judge's target, its runs back in the queue untried, not each failed", async () => {
    endpoint.fail = () => ({ status: 500, message: "judge engine dead" });
    const floor = await updateJudgeCountingFloor(db, admin, { minLabels: 0, floor: 0 });
    if (!floor.ok) throw new Error(floor.message);
    // The model under test is this engine on the tiny model; the judge is the endpoint.
    const campaignId = await newCampaign(db, {
      ...smallCampaign,
      uses: ["U1"],
      casesPerSuite: 6,
      judges: [{ kind: "openai", target: "beluga-vllm", adapter: "rubric", mode: "counted" }],
    });
    const { campaign } = await work(campaignId);

    expect(campaign.status).toBe("PAUSED");
    expect(campaign.runs.filter((run) => run.status !== "PENDING" || run.attempts !== 0)).toEqual([]);
    const pause = await db.auditEvent.findFirstOrThrow({ where: { entityId: campaign.id, action: "campaign.pause" } });
    expect(pause.after).toMatchObject({
      reason: expect.stringMatching(
        /^serving target "beluga-vllm" failed 3 cases in a row, answering none between them: judging failed: .*the endpoint answered 500/,
      ),
    });
  });
});
