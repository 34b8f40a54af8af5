// The `openai` backend against a real OpenAI-compatible server: this engine's own `engine serve`,
// run as a separate process so it can be killed mid-stream, paused and restarted.

import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationRequest, GenerationResult } from "../../engine/backend";
import { LocalBackend } from "../../engine/local-backend";
import { OpenAIBackend } from "../../engine/openai-backend";
import { startServer } from "../../engine/server";
import { freePort, startServe, tinyModelDir, type ServeProcess } from "./engine-server-helpers";
import { LocalEndpoint } from "./local-endpoint";

const greedy = { temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, seed: 7, stop: [] };

function request(id: string, content: string, maxNewTokens: number): GenerationRequest {
  return { id, messages: [{ role: "user", content }], sampling: { ...greedy, maxNewTokens } };
}

async function collect(results: AsyncIterable<GenerationResult>): Promise<GenerationResult[]> {
  const all: GenerationResult[] = [];
  for await (const r of results) all.push(r);
  return all;
}

describe("the openai backend against engine serve", () => {
  let model: ReturnType<typeof tinyModelDir>;
  let server: ServeProcess;

  beforeAll(async () => {
    model = tinyModelDir();
    server = await startServe(model.dir, await freePort());
  });
  afterAll(async () => {
    await server?.kill();
    model?.remove();
  });

  const backendFor = (url: string, options: Partial<ConstructorParameters<typeof OpenAIBackend>[0]> = {}) =>
    new OpenAIBackend({ baseUrl: `${url}/v1`, model: "tiny-beluga", ...options });

  it("gets the same answer as a plain HTTP client, streamed token by token", async () => {
    const plain = await fetch(`${server.url}/v1/chat/completions`, {
      method: "POST",
      body: JSON.stringify({ messages: [{ role: "user", content: "Hello" }], temperature: 0, max_tokens: 16 }),
    }).then((r) => r.json());

    const pieces: string[] = [];
    const backend = backendFor(server.url);
    const [result] = await collect(backend.generate([request("a", "Hello", 16)], { onToken: (_, text) => pieces.push(text) }));

    expect(result).toMatchObject({ id: "a", finishReason: "length", completionTokens: 16, promptTokens: plain.usage.prompt_tokens });
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(plain.choices[0].message.content);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join("")).toBe(result.text);
    expect(result.timeToFirstTokenMs).toBeGreaterThan(0);
    expect(result.timeToFirstTokenMs!).toBeLessThan(result.latencyMs);
    expect(backend.modelRevision).toBe(`${server.url}/v1#tiny-beluga`);
  });

  it("sends a raw prompt as a text completion, not a chat turn", async () => {
    const plain = await fetch(`${server.url}/v1/completions`, {
      method: "POST",
      body: JSON.stringify({ prompt: "Once upon a time", temperature: 0, max_tokens: 8 }),
    }).then((r) => r.json());
    const raw: GenerationRequest = { ...request("p", "", 8), messages: [], prompt: "Once upon a time" };
    for (const stream of [true, false]) {
      const [result] = await collect(backendFor(server.url, { stream }).generate([raw]));
      expect(result).toMatchObject({ id: "p", text: plain.choices[0].text, promptTokens: plain.usage.prompt_tokens, completionTokens: 8 });
    }
  });

  it("answers without streaming too", async () => {
    const streamed = await collect(backendFor(server.url).generate([request("s", "What is a risk?", 10)]));
    const whole = await collect(backendFor(server.url, { stream: false }).generate([request("w", "What is a risk?", 10)]));
    expect(whole[0]).toMatchObject({ id: "w", text: streamed[0].text, finishReason: "length", completionTokens: 10 });
  });

  it("gives a clear error after its last try when nothing listens, having backed off between tries", async () => {
    const port = await freePort();
    const backend = backendFor(`http://127.0.0.1:${port}`, { maxAttempts: 3, backoffMs: 100 });
    const started = performance.now();
    const [result] = await collect(backend.generate([request("x", "Hello", 4)]));
    expect(result.finishReason).toBe("error");
    expect(result.error).toContain(`openai backend http://127.0.0.1:${port}/v1 (model tiny-beluga): request x failed after 3 attempts`);
    expect(result.error).toContain("attempt 3: connection refused");
    expect(performance.now() - started).toBeGreaterThanOrEqual(100 + 200);
  });

  it("does not retry a request the server rejects", async () => {
    const backend = backendFor(server.url, { model: "no-such-model", maxAttempts: 3, backoffMs: 2000 });
    const [result] = await collect(backend.generate([request("r", "Hello", 4)]));
    expect(result.error).toMatch(/failed after 1 attempt: attempt 1: HTTP 404 Not Found: model "no-such-model" is not served here/);
  });

  it("times out on a server that stopped answering, and says after how long", async () => {
    const backend = backendFor(server.url, { timeoutMs: 800, maxAttempts: 2, backoffMs: 50 });
    server.child.kill("SIGSTOP");
    try {
      const started = performance.now();
      const [result] = await collect(backend.generate([request("t", "Hello", 4)]));
      expect(result.finishReason).toBe("error");
      expect(result.error).toContain("attempt 1: timed out after 800 ms with no answer; attempt 2: timed out after 800 ms with no answer");
      expect(performance.now() - started).toBeGreaterThanOrEqual(1600);
    } finally {
      server.child.kill("SIGCONT");
    }
    const [after] = await collect(backend.generate([request("t2", "Hello", 4)]));
    expect(after.error).toBeUndefined();
  });

  it("takes a server that accepts the connection and never answers for one that cannot be reached, so that a campaign waits for it", async () => {
    const backend = backendFor(server.url, { timeoutMs: 500, maxAttempts: 2, backoffMs: 50 });
    server.child.kill("SIGSTOP");
    try {
      const [result] = await collect(backend.generate([request("frozen", "Hello", 4)]));
      expect(result).toMatchObject({ finishReason: "error", unreachable: true, errorSummary: "the endpoint did not answer within 0.5 s (after 2 attempts)" });
    } finally {
      server.child.kill("SIGCONT");
    }
  });

  it("fails clearly when the server is stopped mid-stream, and a retry succeeds against the restarted server", async () => {
    const expected = (await collect(backendFor(server.url).generate([request("ref", "Hello", 300)])))[0].text;

    // Two clients of the same server: one allowed a single try, one allowed to wait out a restart.
    const once = backendFor(server.url, { maxAttempts: 1 });
    const patient = backendFor(server.url, { maxAttempts: 12, backoffMs: 500, maxBackoffMs: 4000 });
    const patientPieces: string[] = [];
    const heard = new Set<string>();
    let restarted: Promise<ServeProcess> | null = null;
    const port = server.port;
    const onToken = (id: string, text: string) => {
      if (id === "patient") patientPieces.push(text);
      heard.add(id);
      if (heard.size === 2 && !restarted) restarted = server.kill("SIGKILL").then(() => startServe(model.dir, port));
    };
    const [cut, retried] = await Promise.all([
      collect(once.generate([request("once", "Hello", 300)], { onToken })),
      collect(patient.generate([request("patient", "Hello", 300)], { onToken })),
    ]);
    server = await restarted!;

    expect(cut[0].finishReason).toBe("error");
    expect(cut[0].error).toMatch(
      /request once failed after 1 attempt: attempt 1: (connection to .* was cut mid-stream|server closed the stream before \[DONE\])/,
    );
    expect(retried[0].error).toBeUndefined();
    expect(retried[0].text).toBe(expected);
    // What listeners saw before the cut is not shown twice after the retry.
    expect(patientPieces.join("")).toBe(expected);
  });
});

describe("the openai backend's concurrency limit", () => {
  it("never has more requests in flight at the server than its limit", async () => {
    const model = tinyModelDir();
    const local = await LocalBackend.open(model.dir, { maxBatch: 8, threads: 1 });
    const server = await startServer({ backend: local, modelId: "tiny-beluga" });
    let inFlight = 0;
    let most = 0;
    server.http.on("request", (req, res) => {
      if (req.url !== "/v1/chat/completions") return;
      most = Math.max(most, ++inFlight);
      res.on("close", () => inFlight--);
    });
    try {
      const backend = new OpenAIBackend({ baseUrl: `${server.url}/v1`, model: "tiny-beluga", concurrency: 2 });
      const requests = Array.from({ length: 6 }, (_, i) => request(`c${i}`, `Question ${i}`, 20));
      const results = await collect(backend.generate(requests));
      expect(results.map((r) => r.id).sort()).toEqual(requests.map((r) => r.id).sort());
      expect(results.every((r) => r.error === undefined && r.completionTokens! > 0)).toBe(true);
      expect(most).toBe(2);
    } finally {
      await server.close();
      await local.close();
      model.remove();
    }
  });
});

describe("the openai backend against an answer that stalls", () => {
  /** Sends the stream's headers and one chunk, then nothing more. */
  class StallingEndpoint extends LocalEndpoint {
    protected async handle(req: IncomingMessage, res: ServerResponse) {
      for await (const _ of req);
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: "I" } }] })}\n\n`);
    }
  }

  it("times out an answer that began and stalled as a failed answer, not as an endpoint that cannot be reached", async () => {
    const endpoint = new StallingEndpoint();
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", timeoutMs: 500, maxAttempts: 1 });
      const [result] = await collect(backend.generate([request("stalled", "Hello", 4)]));
      expect(result.finishReason).toBe("error");
      expect(result.unreachable).toBeUndefined();
      expect(result.error).toContain("attempt 1: timed out: nothing came for 500 ms mid-answer");
      expect(result.errorSummary).toBe("the endpoint's answer stalled: nothing came for 0.5 s (after 1 attempt)");
    } finally {
      await endpoint.close();
    }
  });
});

describe("the openai backend's time-outs on a streamed answer", () => {
  /** Streams `pieces` one word at a time, `everyMs` apart: a long answer that keeps coming. */
  class SteadyEndpoint extends LocalEndpoint {
    constructor(
      private readonly pieces: number,
      private readonly everyMs: number,
    ) {
      super();
    }
    protected async handle(req: IncomingMessage, res: ServerResponse) {
      for await (const _ of req);
      res.writeHead(200, { "content-type": "text/event-stream" });
      for (let i = 0; i < this.pieces; i++) {
        await new Promise((resolve) => setTimeout(resolve, this.everyMs));
        res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: { content: `w${i} ` } }] })}\n\n`);
      }
      res.write(`data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\n`);
      res.end("data: [DONE]\n\n");
    }
  }

  it("lets an answer that keeps streaming run past the time-out, which limits silence", async () => {
    const endpoint = new SteadyEndpoint(8, 150);
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", timeoutMs: 500, maxAttempts: 1 });
      const [result] = await collect(backend.generate([request("long", "Hello", 100)]));
      expect(result.error).toBeUndefined();
      expect(result.text).toBe("w0 w1 w2 w3 w4 w5 w6 w7 ");
      expect(result.latencyMs).toBeGreaterThan(1000);
    } finally {
      await endpoint.close();
    }
  });

  it("cuts an answer that keeps streaming past the total limit, naming that limit, not silence", async () => {
    const endpoint = new SteadyEndpoint(20, 100);
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", timeoutMs: 500, totalTimeoutMs: 800, maxAttempts: 1 });
      const [result] = await collect(backend.generate([request("endless", "Hello", 100)]));
      expect(result.finishReason).toBe("error");
      expect(result.unreachable).toBeUndefined();
      expect(result.error).toContain("attempt 1: timed out: the answer was still coming after 800 ms, the total limit");
      expect(result.errorSummary).toBe("the endpoint's answer was not finished within the total limit of 0.8 s (after 1 attempt)");
    } finally {
      await endpoint.close();
    }
  });
});

describe("the openai backend against a stream of keep-alive comments and no answer", () => {
  /** Sends the stream's headers, then an SSE comment every 100 ms and nothing else, as OpenRouter does while its upstream model works. */
  class PingingEndpoint extends LocalEndpoint {
    protected async handle(req: IncomingMessage, res: ServerResponse) {
      for await (const _ of req);
      res.writeHead(200, { "content-type": "text/event-stream" });
      const ping = setInterval(() => res.write(": OPENROUTER PROCESSING\n\n"), 100);
      res.on("close", () => clearInterval(ping));
    }
  }

  it("times the answer out after the silence limit: a comment is no part of an answer", async () => {
    const endpoint = new PingingEndpoint();
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", timeoutMs: 500, totalTimeoutMs: 3_000, maxAttempts: 1 });
      const [result] = await collect(backend.generate([request("pinged", "Hello", 4)]));
      expect(result.finishReason).toBe("error");
      // The summary names the limit that fired: had the comments counted, the silence limit would never
      // fire and the total limit would, "not finished within the total limit of 3 s".
      expect(result.errorSummary).toBe("the endpoint's answer stalled: nothing came for 0.5 s (after 1 attempt)");
    } finally {
      await endpoint.close();
    }
  });
});

describe("the openai backend against endpoints that answer in their own way", () => {
  const chunk = (data: unknown) => `data: ${JSON.stringify(data)}\n\n`;
  const whole = { model: "m", choices: [{ index: 0, message: { role: "assistant", content: "Hi there" }, finish_reason: "stop" }] };

  /** Answers the n-th completion (0-based) as `answer` says; GET gets 404. */
  class ScriptedEndpoint extends LocalEndpoint {
    sentAt: number[] = [];
    constructor(private readonly answer: (n: number, res: ServerResponse) => void) {
      super();
    }
    protected async handle(req: IncomingMessage, res: ServerResponse) {
      for await (const _ of req);
      if (req.method === "GET") return res.writeHead(404).end();
      this.sentAt.push(Date.now());
      this.answer(this.sentAt.length - 1, res);
    }
  }

  async function ask(answer: (n: number, res: ServerResponse) => void, options: { stream?: boolean } = {}) {
    const endpoint = new ScriptedEndpoint(answer);
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", backoffMs: 20, ...options });
      const [result] = await collect(backend.generate([request("a", "Hello", 8)]));
      return { result, sentAt: endpoint.sentAt };
    } finally {
      await endpoint.close();
    }
  }

  it("takes a whole JSON answer from an endpoint that ignores stream: true", async () => {
    const { result } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(whole)));
    expect(result).toMatchObject({ text: "Hi there", finishReason: "stop" });
    expect(result.error).toBeUndefined();
  });

  it("takes a stream that ends cleanly after its finish reason without [DONE], as OpenAI's own client does", async () => {
    // text-generation-webui's API ended its streams so before it sent [DONE].
    const { result, sentAt } = await ask((_, res) =>
      res
        .writeHead(200, { "content-type": "text/event-stream" })
        .end(
          chunk({ model: "m", choices: [{ index: 0, delta: { content: "Hi there" }, finish_reason: null }] }) +
            chunk({ model: "m", choices: [{ index: 0, delta: {}, finish_reason: "length" }] }),
        ),
    );
    expect(result).toMatchObject({ text: "Hi there", finishReason: "length" });
    expect(result.error).toBeUndefined();
    expect(sentAt).toHaveLength(1);
  });

  it("fails a stream that ends with neither text nor a finish reason, rather than take it for an empty answer", async () => {
    const { result } = await ask((_, res) =>
      res
        .writeHead(200, { "content-type": "text/event-stream" })
        .end(`${chunk({ model: "m", choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] })}data: [DONE]\n\n`),
    );
    expect(result).toMatchObject({ text: "", finishReason: "error", errorSummary: "the endpoint's stream carried no answer (after 3 attempts)" });
    expect(result.error).toContain("stream ended with neither text nor a finish reason");
  });

  it("reads the text parts of content given as a list of parts (Mistral's API), streamed or whole", async () => {
    const parts = (...texts: string[]) => texts.map((text) => ({ type: "text", text }));
    const streamed = await ask((_, res) =>
      res
        .writeHead(200, { "content-type": "text/event-stream" })
        .end(
          chunk({ model: "m", choices: [{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }] }) +
            chunk({ model: "m", choices: [{ index: 0, delta: { content: parts("Hi", " there") }, finish_reason: null }] }) +
            chunk({ model: "m", choices: [{ index: 0, delta: { content: parts("!") }, finish_reason: "stop" }] }) +
            "data: [DONE]\n\n",
        ),
    );
    expect(streamed.result).toMatchObject({ text: "Hi there!", finishReason: "stop" });
    expect(streamed.result.error).toBeUndefined();
    const given = { model: "m", choices: [{ index: 0, message: { role: "assistant", content: parts("Hi", " there") }, finish_reason: "stop" }] };
    const { result } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(given)), { stream: false });
    expect(result).toMatchObject({ text: "Hi there", finishReason: "stop" });
    expect(result.error).toBeUndefined();
  });

  it("keeps the thinking parts of content given as a list of parts (Mistral's Magistral) as the answer's reasoning", async () => {
    const content = [
      { type: "thinking", thinking: [{ type: "text", text: "They greet me." }] },
      { type: "text", text: "Hi there" },
    ];
    const given = { model: "m", choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop" }] };
    const { result } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(given)), { stream: false });
    expect(result).toMatchObject({ text: "<think>They greet me.</think>Hi there", finishReason: "stop" });
  });

  it("fails an answer whose content it cannot read, naming its shape, rather than judge an empty answer it made up", async () => {
    const image = [{ type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } }];
    const streamed = await ask((_, res) =>
      res
        .writeHead(200, { "content-type": "text/event-stream" })
        .end(`${chunk({ model: "m", choices: [{ index: 0, delta: { content: image }, finish_reason: "stop" }] })}data: [DONE]\n\n`),
    );
    expect(streamed.result).toMatchObject({
      text: "",
      finishReason: "error",
      errorSummary: "the endpoint's answer had content this client cannot read (after 1 attempt)",
    });
    expect(streamed.result.error).toContain('attempt 1: content holds a part of type "image_url", not text');
    expect(streamed.sentAt).toHaveLength(1);
    const given = { model: "m", choices: [{ index: 0, message: { role: "assistant", content: { text: "Hi" } }, finish_reason: "stop" }] };
    const { result } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(given)), { stream: false });
    expect(result).toMatchObject({
      text: "",
      finishReason: "error",
      errorSummary: "the endpoint's answer had content this client cannot read (after 1 attempt)",
    });
    expect(result.error).toContain("attempt 1: content is an object, neither text nor a list of text parts");
  });

  it("asks whether the base URL up to /v1 was meant when a 404 comes under one that runs past /v1 (a completion's whole URL)", async () => {
    const endpoint = new (class extends LocalEndpoint {
      protected async handle(req: IncomingMessage, res: ServerResponse) {
        for await (const _ of req);
        res.writeHead(404, { "content-type": "application/json" }).end('{"detail":"Not Found"}');
      }
    })();
    try {
      const base = await endpoint.listen();
      const backend = new OpenAIBackend({ baseUrl: `${base}/chat/completions`, model: "m" });
      const [result] = await collect(backend.generate([request("a", "Hello", 8)]));
      expect(result.errorSummary).toBe("the endpoint answered 404 and its base URL does not end in /v1: did you mean …/v1? (after 1 attempt)");
      expect(result.error).toContain(`did you mean ${base}?`);
    } finally {
      await endpoint.close();
    }
  });

  it("names the error an endpoint reports in a 200 answered whole, not only that it had no text", async () => {
    const { result } = await ask(
      (_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "model overloaded" }, choices: [] })),
      { stream: false },
    );
    expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint reported an error in its answer (after 3 attempts)" });
    expect(result.error).toContain("attempt 1: answer reported an error: model overloaded");
  });

  /** Writes `start`, then `filler` for as long as the client reads: an answer that never ends. */
  const endless = (res: ServerResponse, contentType: string, start: string, filler: string, status = 200) => {
    res.writeHead(status, { "content-type": contentType });
    res.write(start);
    const more = () => {
      while (!res.destroyed && res.write(filler));
      if (!res.destroyed) res.once("drain", more);
    };
    more();
  };

  it("says an answer given whole whose body ended before its JSON did was cut off, not that it is not JSON", async () => {
    const body = JSON.stringify({ ...whole, usage: { prompt_tokens: 5, completion_tokens: 3 } });
    const { result } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(body.slice(0, 60)), { stream: false });
    expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint's answer was cut off (after 3 attempts)" });
    expect(result.error).toContain("attempt 1: the body ended before its JSON did, after 60 bytes");
  });

  it("says a whole JSON answer to stream: true that ended before its JSON did was cut off, not that it is no event stream", async () => {
    const body = JSON.stringify(whole);
    const { result } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(body.slice(0, 50)));
    expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint's answer was cut off (after 3 attempts)" });
    expect(result.error).toContain("attempt 1: the body ended before its JSON did, after 50 bytes");
  });

  it("says an answer given whole whose connection was cut mid-body was cut off", async () => {
    const body = JSON.stringify(whole);
    const { result } = await ask(
      (_, res) => {
        res.writeHead(200, { "content-type": "application/json", "content-length": String(body.length) }).write(body.slice(0, 30));
        setTimeout(() => res.destroy(), 20);
      },
      { stream: false },
    );
    expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint's answer was cut off (after 3 attempts)" });
    expect(result.error).toMatch(/attempt 1: connection to \S+ was cut mid-stream/);
  });

  // 64 KiB for what surrounds the text, and 4 KiB a token for its text and log-probabilities: 96 KiB for 8 tokens.
  it("stops reading an answer given whole that never ends, at the limit it names", async () => {
    const { result } = await ask(
      (_, res) => endless(res, "application/json", '{"model":"m","choices":[{"index":0,"message":{"content":"', "a".repeat(16_384)),
      { stream: false },
    );
    expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint's answer was longer than max_tokens allows (after 1 attempt)" });
    expect(result.error).toContain("attempt 1: the answer passed 98304 bytes, the most one of max_tokens 8 may take (64 KiB and 4 KiB a token)");
  });

  it("stops reading a stream's event that never ends, at the same limit", async () => {
    const { result } = await ask((_, res) =>
      endless(res, "text/event-stream", `${chunk({ model: "m", choices: [{ index: 0, delta: { content: "Hi" } }] })}data: {"x":"`, "a".repeat(16_384)),
    );
    expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint's answer was longer than max_tokens allows (after 1 attempt)" });
    expect(result.error).toContain("attempt 1: the answer passed 98304 bytes, the most one of max_tokens 8 may take (64 KiB and 4 KiB a token)");
  });

  /** Answers every request, GET /v1/models included, with `status` and a body that never ends. */
  class EndlessEndpoint extends LocalEndpoint {
    constructor(private readonly status: number) {
      super();
    }
    protected async handle(req: IncomingMessage, res: ServerResponse) {
      for await (const _ of req);
      endless(res, "application/json", '{"data":[{"id":"', "oops ".repeat(4096), this.status);
    }
  }

  it("reads no more of a list of models that never ends than 16 MiB, and says so", async () => {
    const endpoint = new EndlessEndpoint(200);
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", timeoutMs: 5_000 });
      await expect(backend.servedModels()).rejects.toThrow(/answered with a list of models longer than 16 MiB$/);
    } finally {
      await endpoint.close();
    }
  });

  it("reads the start of an error's body that never ends, enough to quote it, and fails the request on its status", async () => {
    const endpoint = new EndlessEndpoint(500);
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", timeoutMs: 5_000, backoffMs: 20, maxAttempts: 1 });
      const [result] = await collect(backend.generate([request("a", "Hello", 8)]));
      expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint answered 500 (after 1 attempt)" });
      expect(result.error).toContain('attempt 1: HTTP 500 Internal Server Error: {"data":[{"id":"oops oops');
    } finally {
      await endpoint.close();
    }
  });

  it("holds an answer given whole to max_tokens, as a streamed one", async () => {
    const long = { model: "m", choices: [{ index: 0, message: { role: "assistant", content: "a".repeat(8 * 64 + 1) }, finish_reason: "stop" }] };
    const { result } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(long)), { stream: false });
    expect(result).toMatchObject({ finishReason: "error", errorSummary: "the endpoint's answer ran past max_tokens (after 1 attempt)" });
    expect(result.error).toContain("attempt 1: sent 513 characters, more than max_tokens 8 allows (512): the endpoint does not keep to max_tokens");
  });

  // vLLM and SGLang with a reasoning parser, llama.cpp's server and DeepSeek's API give a reasoning model's reasoning
  // apart from its answer: reasoning_content (vLLM before 0.11 named it so, and still sends it), or reasoning.
  const reasoned = (field: "reasoning_content" | "reasoning") => (_: number, res: ServerResponse) =>
    res
      .writeHead(200, { "content-type": "text/event-stream" })
      .end(
        chunk({ model: "m", choices: [{ index: 0, delta: { role: "assistant", content: null, [field]: "The user asks for" }, finish_reason: null }] }) +
          chunk({ model: "m", choices: [{ index: 0, delta: { content: null, [field]: " a weapon." }, finish_reason: null }] }) +
          chunk({ model: "m", choices: [{ index: 0, delta: { content: "I cannot help." }, finish_reason: "stop" }] }) +
          "data: [DONE]\n\n",
      );

  it.each(["reasoning_content", "reasoning"] as const)(
    "keeps a reasoning model's reasoning given apart in %s, as the <think> block the detectors set aside and quote",
    async (field) => {
      const { result } = await ask(reasoned(field));
      expect(result).toMatchObject({ text: "<think>The user asks for a weapon.</think>I cannot help.", finishReason: "stop" });
    },
  );

  it("keeps the reasoning of an answer given whole, and of one cut while still reasoning", async () => {
    const message = { role: "assistant", content: "I cannot help.", reasoning_content: "The user asks for a weapon." };
    const { result } = await ask(
      (_, res) =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ model: "m", choices: [{ index: 0, message, finish_reason: "stop" }] })),
      { stream: false },
    );
    expect(result.text).toBe("<think>The user asks for a weapon.</think>I cannot help.");
    const { result: cut } = await ask((_, res) =>
      res
        .writeHead(200, { "content-type": "text/event-stream" })
        .end(
          `${chunk({ model: "m", choices: [{ index: 0, delta: { content: null, reasoning_content: "The user asks" }, finish_reason: "length" }] })}data: [DONE]\n\n`,
        ),
    );
    expect(cut).toMatchObject({ text: "<think>The user asks", finishReason: "length" });
  });

  it("holds the answer to max_tokens, not the reasoning, which some servers leave out of max_tokens", async () => {
    const reasoning = "Weighing the request. ".repeat(40);
    const { result } = await ask((_, res) =>
      res
        .writeHead(200, { "content-type": "text/event-stream" })
        .end(
          chunk({ model: "m", choices: [{ index: 0, delta: { content: null, reasoning_content: reasoning }, finish_reason: null }] }) +
            chunk({ model: "m", choices: [{ index: 0, delta: { content: "I cannot help." }, finish_reason: "stop" }] }) +
            "data: [DONE]\n\n",
        ),
    );
    // 880 characters of reasoning, over what 8 tokens of answer may hold (8 x 64).
    expect(result).toMatchObject({ text: `<think>${reasoning}</think>I cannot help.`, finishReason: "stop" });
  });

  // vLLM's and SGLang's engines end a request they abort (paused for new weights, preempted, shut down) with
  // finish_reason "abort", newer vLLM one that failed with "error": what came before is not the model's whole answer.
  it.each(["abort", "error"])('fails an answer whose finish_reason is "%s", streamed or whole, rather than take what came for the answer', async (reason) => {
    const { result: streamed } = await ask((_, res) =>
      res
        .writeHead(200, { "content-type": "text/event-stream" })
        .end(
          chunk({ model: "m", choices: [{ index: 0, delta: { content: "Sure, step one" }, finish_reason: null }] }) +
            chunk({ model: "m", choices: [{ index: 0, delta: {}, finish_reason: reason }] }) +
            "data: [DONE]\n\n",
        ),
    );
    expect(streamed).toMatchObject({ text: "", finishReason: "error", errorSummary: "the endpoint ended the answer before the model did (after 3 attempts)" });
    expect(streamed.error).toContain(`attempt 1: finish_reason "${reason}" after 14 characters: the endpoint ended the answer before the model did`);
    const cut = { model: "m", choices: [{ index: 0, message: { role: "assistant", content: "Sure, step one" }, finish_reason: reason }] };
    const { result: whole } = await ask((_, res) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(cut)), { stream: false });
    expect(whole).toMatchObject({ text: "", finishReason: "error", errorSummary: "the endpoint ended the answer before the model did (after 3 attempts)" });
  });

  // Cloudflare's own codes for its origin: 521 refused the connection, 522 did not take it in time, 523 not reachable at
  // all; 524 took it and gave no answer in time.
  it.each([521, 522, 523])("takes a CDN's %i (the model's server not reached behind it) for an endpoint that cannot be reached, as a 502", async (status) => {
    const { result } = await ask((_, res) => res.writeHead(status, { "content-type": "text/html" }).end(`<title>error code: ${status}</title>`));
    expect(result).toMatchObject({ finishReason: "error", errorSummary: `the endpoint answered ${status} (after 3 attempts)`, unreachable: true });
    expect(result.endpointFault).toBeUndefined();
  });

  it("takes a CDN's 524 (the model's server took the request and never answered) as a gateway's 504: no fault of a prompt slow alone", async () => {
    // The first request's 524 comes after the second has been answered.
    const endpoint = new ScriptedEndpoint((n, res) => {
      if (n === 1) res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(whole));
      else setTimeout(() => res.writeHead(524, { "content-type": "text/html" }).end("error code: 524"), n === 0 ? 200 : 0);
    });
    try {
      const backend = new OpenAIBackend({ baseUrl: await endpoint.listen(), model: "m", backoffMs: 20, maxAttempts: 1, stream: false });
      const results = await collect(backend.generate([request("slow", "Hello", 8), request("quick", "Hi", 8)]));
      const slow = results.find((result) => result.id === "slow")!;
      expect(slow).toMatchObject({ finishReason: "error", errorSummary: "the endpoint answered 524 (after 1 attempt)" });
      expect(slow.endpointFault).toBeUndefined();
      // Asked again with nothing else answered meanwhile, it is the endpoint's fault, as a 504 is.
      const [alone] = await collect(backend.generate([request("alone", "Hello", 8)]));
      expect(alone).toMatchObject({ errorSummary: "the endpoint answered 524 (after 1 attempt)", endpointFault: true });
    } finally {
      await endpoint.close();
    }
  });

  it("waits the retry-after-ms an endpoint gives (as OpenAI's and Azure's do) before trying again", async () => {
    const { result, sentAt } = await ask((n, res) =>
      n === 0
        ? res.writeHead(429, { "retry-after-ms": "1200" }).end("slow down")
        : res
            .writeHead(200, { "content-type": "text/event-stream" })
            .end(`${chunk({ model: "m", choices: [{ index: 0, delta: { content: "Hi there" }, finish_reason: "stop" }] })}data: [DONE]\n\n`),
    );
    expect(result.text).toBe("Hi there");
    expect(sentAt[1] - sentAt[0]).toBeGreaterThanOrEqual(1200);
  });
});

describe("the openai backend's time-out past what Node's fetch waits", () => {
  it("is refused, saying why: fetch gives up on a silent connection after 300 s, as an endpoint down", () => {
    expect(() => new OpenAIBackend({ baseUrl: "http://127.0.0.1:9/v1", model: "m", timeoutMs: 600_000 })).toThrow(
      "openai backend: timeoutMs must be from 1 to 300000 ms (Node's fetch gives up on a connection silent for 300 s), got 600000",
    );
  });
});
