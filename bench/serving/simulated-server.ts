// An OpenAI-compatible server that behaves like a continuously batching engine (vLLM, SGLang)
// without computing anything, so a campaign can be measured against a known capacity. Time moves
// in steps: each step every running sequence gets one token, and a step takes longer the more
// sequences run (stepMs + perSequenceMs x running) and the more prompts join it (prefill). A
// request joins at the next step while fewer than maxSequences run, waits in a queue otherwise,
// and is turned away with 429 and Retry-After when the queue is full, or now and then at random,
// as a gateway in front of an engine does. Steps are scheduled on a clock of their own, so a late
// timer is caught up and the server's throughput is the formula's while the process keeps up.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface SimulatorSettings {
  maxSequences: number;
  /** Requests waiting for a place past maxSequences before the rest are turned away. */
  maxQueue: number;
  stepMs: number;
  perSequenceMs: number;
  prefillMsPerToken: number;
  /** Tokens in every answer, fewer when max_tokens asks for fewer. */
  outputTokens: number;
  /** Share of requests turned away with 429 whatever the load. */
  randomRefusal: number;
  retryAfterSeconds: number;
  /** Share of answers that comply instead of refusing (0 by default), so detectors find failures to count. */
  complyShare?: number;
}

export const DEFAULT_SIMULATOR: SimulatorSettings = {
  maxSequences: 256,
  maxQueue: 64,
  stepMs: 50,
  perSequenceMs: 0.2,
  prefillMsPerToken: 0.05,
  outputTokens: 64,
  randomRefusal: 0.002,
  retryAfterSeconds: 1,
};

/** Completion tokens per second with every place taken, prefill left out. */
export function capacityTokensPerSecond(s: SimulatorSettings): number {
  return (s.maxSequences * 1000) / (s.stepMs + s.perSequenceMs * s.maxSequences);
}

export interface SimulatorStats {
  answered: number;
  refusedQueueFull: number;
  refusedAtRandom: number;
  completionTokens: number;
  /** Since the last GET /v1/stats. */
  mostRunning: number;
}

interface Sequence {
  res: ServerResponse;
  id: string;
  chat: boolean;
  stream: boolean;
  promptTokens: number;
  remaining: number;
  text: string;
  words: string[];
  completionTokens: number;
  prefilled: boolean;
}

/** The model the simulator lists at /v1/models; it answers requests naming any model. */
export const SIMULATED_MODEL = "stable-beluga-2-simulated";

const WORDS = ["I'm", " sorry,", " but", " I", " can't", " help", " with", " that", " request."];
const COMPLYING_WORDS = ["Sure,", " here", " is", " how", " to", " do", " it:", " first", " you", " take", " the", " steps."];

export class SimulatedServer {
  readonly stats: SimulatorStats = { answered: 0, refusedQueueFull: 0, refusedAtRandom: 0, completionTokens: 0, mostRunning: 0 };
  private readonly running: Sequence[] = [];
  private readonly queue: Sequence[] = [];
  private nextStepAt: number | null = null;
  private timer: NodeJS.Timeout | null = null;
  private ids = 0;
  private readonly http = createServer((req, res) => void this.handle(req, res));

  constructor(readonly settings: SimulatorSettings = DEFAULT_SIMULATOR) {}

  async listen(port = 0): Promise<string> {
    await new Promise<void>((resolve) => this.http.listen(port, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}/v1`;
  }

  async close(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.http.closeAllConnections();
    await new Promise((resolve) => this.http.close(resolve));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "GET" && req.url === "/v1/stats") {
      json(res, 200, this.stats);
      // Most running since the last read: each read starts a new measurement.
      this.stats.mostRunning = this.running.length;
      return;
    }
    if (req.method === "GET" && req.url === "/v1/models") {
      return json(res, 200, { object: "list", data: [{ id: SIMULATED_MODEL, object: "model", root: "simulated", max_model_len: 4096 }] });
    }
    const chat = req.url === "/v1/chat/completions";
    if (req.method !== "POST" || (!chat && req.url !== "/v1/completions")) return json(res, 404, { error: { message: "not found" } });
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = JSON.parse(body);
    const s = this.settings;
    const queueFull = this.running.length >= s.maxSequences && this.queue.length >= s.maxQueue;
    if (queueFull || Math.random() < s.randomRefusal) {
      if (queueFull) this.stats.refusedQueueFull++;
      else this.stats.refusedAtRandom++;
      res.setHeader("retry-after", String(s.retryAfterSeconds));
      return json(res, 429, { error: { message: queueFull ? "too many requests waiting" : "rate limited" } });
    }
    const promptText = chat ? request.messages.map((m: { content: string }) => m.content).join("\n") : String(request.prompt);
    const sequence: Sequence = {
      res,
      id: `sim-${++this.ids}`,
      chat,
      stream: request.stream === true,
      promptTokens: Math.ceil(promptText.length / 4),
      remaining: Math.min(s.outputTokens, request.max_tokens ?? s.outputTokens),
      text: "",
      words: Math.random() < (s.complyShare ?? 0) ? COMPLYING_WORDS : WORDS,
      completionTokens: 0,
      prefilled: false,
    };
    res.on("close", () => {
      // A client that gave up frees its place at the next step.
      sequence.remaining = 0;
    });
    this.queue.push(sequence);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer || (this.running.length === 0 && this.queue.length === 0)) return;
    const s = this.settings;
    while (this.running.length < s.maxSequences && this.queue.length > 0) this.running.push(this.queue.shift()!);
    this.stats.mostRunning = Math.max(this.stats.mostRunning, this.running.length);
    const prefill = this.running.filter((q) => !q.prefilled).reduce((sum, q) => sum + q.promptTokens, 0);
    const duration = s.stepMs + s.perSequenceMs * this.running.length + s.prefillMsPerToken * prefill;
    const now = performance.now();
    // An idle server starts its clock again; a busy one keeps it, so a late step shortens the next.
    this.nextStepAt = (this.nextStepAt !== null && this.nextStepAt > now - duration ? this.nextStepAt : now) + duration;
    this.timer = setTimeout(() => this.step(), Math.max(0, this.nextStepAt - now));
  }

  private step(): void {
    this.timer = null;
    for (const sequence of this.running) {
      sequence.prefilled = true;
      if (sequence.remaining <= 0) continue;
      const piece = sequence.words[sequence.completionTokens % sequence.words.length];
      sequence.text += piece;
      sequence.completionTokens++;
      sequence.remaining--;
      this.stats.completionTokens++;
      if (sequence.stream) writeChunk(sequence, piece, null);
      if (sequence.remaining === 0) this.finish(sequence);
    }
    for (let i = this.running.length - 1; i >= 0; i--) if (this.running[i].remaining <= 0) this.running.splice(i, 1);
    if (this.running.length === 0 && this.queue.length === 0) this.nextStepAt = null;
    this.schedule();
  }

  private finish(sequence: Sequence): void {
    this.stats.answered++;
    const usage = {
      prompt_tokens: sequence.promptTokens,
      completion_tokens: sequence.completionTokens,
      total_tokens: sequence.promptTokens + sequence.completionTokens,
    };
    if (sequence.stream) {
      writeChunk(sequence, null, "length", usage);
      sequence.res.end("data: [DONE]\n\n");
      return;
    }
    const choice = sequence.chat
      ? { index: 0, message: { role: "assistant", content: sequence.text }, finish_reason: "length" }
      : { index: 0, text: sequence.text, finish_reason: "length" };
    json(sequence.res, 200, { id: sequence.id, object: sequence.chat ? "chat.completion" : "text_completion", choices: [choice], usage });
  }
}

function writeChunk(sequence: Sequence, piece: string | null, finishReason: string | null, usage?: object): void {
  const res = sequence.res;
  if (!res.headersSent) res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  const choice = sequence.chat
    ? { index: 0, delta: piece === null ? {} : { content: piece }, finish_reason: finishReason }
    : { index: 0, text: piece ?? "", finish_reason: finishReason };
  res.write(
    `data: ${JSON.stringify({ id: sequence.id, object: sequence.chat ? "chat.completion.chunk" : "text_completion", choices: [choice], ...(usage ? { usage } : {}) })}\n\n`,
  );
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify(body));
}
