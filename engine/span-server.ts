// A span of blocks served over HTTP, for a model split across machines (as Petals splits Stable
// Beluga 2): each machine holds the blocks it has memory for, and span-chain.ts runs a step
// through them in order. The server holds its span's KV cache; the client says which slots.
//
//   GET  /v1/span        what the span is: blocks, config, what it takes and gives, limits, revision
//   POST /v1/span/step   { releases, slot?, input, all_positions?, greedy? } -> { output } or { next_tokens }
//
// input is token ids (a JSON array) where the span starts the model, else hidden states; float32
// arrays travel as base64 of their little-endian bytes. A step with slot is a prefill of that slot,
// without it a decode of slots 0..n-1. `releases` are the client's release(slot, active) calls since
// its last step, applied first, so releasing costs no round trip. Steps run one at a time; a body
// is read before its step joins the queue, so a slow client keeps waiting only itself.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listen, type RunningServer } from "./listen";
import type { Runtime, SpanInput } from "./runtime";

/** Prefill hidden states of a few thousand positions of a 70B model are ~100 MB as base64. */
const MAX_BODY_BYTES = 1 << 30;
/** Silence mid-body after which a client is taken for gone: long enough for any live network, short enough to free its socket. */
const DEFAULT_BODY_TIMEOUT_MS = 30_000;

export interface SpanServerOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A client whose body stops arriving for this long is answered 408 and its connection closed. */
  bodyTimeoutMs?: number;
}

export interface SpanStep {
  releases: [slot: number, active: number][];
  /** Present for a prefill. */
  slot?: number;
  input: number[] | string;
  all_positions?: boolean;
  greedy?: boolean;
}

export function encodeFloats(data: Float32Array): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString("base64");
}

export function decodeFloats(text: string): Float32Array {
  return floatsOf(Buffer.from(text, "base64"));
}

function floatsOf(bytes: Buffer): Float32Array {
  const floats = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(floats.buffer).set(bytes.subarray(0, floats.byteLength));
  return floats;
}

export async function startSpanServer(runtime: Runtime, options: SpanServerOptions = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  const bodyTimeoutMs = options.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  // Steps share the KV cache, so they run one at a time, in the order their bodies arrived.
  let queue: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const done = queue.then(work);
    queue = done.catch(() => {});
    return done;
  };
  const http = createServer((req, res) => {
    handle(runtime, req, res, bodyTimeoutMs, oneAtATime).catch((error: Error) => {
      if (error instanceof Refusal) return refuse(res, error);
      send(res, 500, { error: { message: `inference failed: ${error.message}` } });
    });
  });
  return listen(http, host, options.port);
}

/** A step refused for what the client sent: the status and a message naming what was wrong. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function handle(
  runtime: Runtime,
  req: IncomingMessage,
  res: ServerResponse,
  bodyTimeoutMs: number,
  oneAtATime: <T>(work: () => Promise<T>) => Promise<T>,
): Promise<void> {
  const path = new URL(req.url ?? "/", "http://localhost").pathname;
  if (path === "/v1/span" && req.method === "GET") {
    return send(res, 200, {
      blocks: `${runtime.span.start}:${runtime.span.end}`,
      config: runtime.config,
      takes: runtime.parts.embed ? "token_ids" : "hidden_states",
      gives: runtime.parts.head ? "logits" : "hidden_states",
      max_batch: runtime.maxBatch,
      max_sequence_length: runtime.maxSequenceLength,
      revision: runtime.revision,
    });
  }
  if (path !== "/v1/span/step" || req.method !== "POST")
    return send(res, 404, { error: { message: `no route ${req.method} ${path}: GET /v1/span, POST /v1/span/step` } });
  const step = parseStep(await readBody(req, bodyTimeoutMs), runtime);
  return oneAtATime(() => runStep(runtime, step, res));
}

interface ParsedStep {
  step: SpanStep;
  input: SpanInput;
  /** Positions of the slot's sequence (a prefill), or slots (a decode). */
  rows: number;
}

async function runStep(runtime: Runtime, { step, input, rows }: ParsedStep, res: ServerResponse): Promise<void> {
  // The client has released these slots already, whatever becomes of this step: applied even if it is refused.
  for (const [slot, active] of step.releases) runtime.release(slot, active);
  const max = runtime.maxSequenceLength;
  if (step.slot !== undefined) {
    const past = runtime.kv.lengths[step.slot];
    if (past + rows > max) throw new Refusal(400, `slot ${step.slot} holds ${past} tokens: ${rows} more would exceed the maximum sequence length ${max}`);
  } else {
    const full = runtime.kv.lengths.subarray(0, rows).findIndex((length) => length >= max);
    if (full >= 0) throw new Refusal(400, `slot ${full} holds ${max} tokens, the maximum sequence length: it cannot take another`);
  }
  if (step.greedy) {
    const nextTokens = step.slot === undefined ? await runtime.decodeGreedy(input) : [await runtime.prefillGreedy(step.slot, input)];
    return send(res, 200, { next_tokens: nextTokens });
  }
  const output = step.slot === undefined ? await runtime.decode(input) : await runtime.prefill(step.slot, input, step.all_positions ?? false);
  send(res, 200, { output: encodeFloats(output) });
}

/** Everything about a step that can be checked without the KV cache, checked before it joins the queue. */
function parseStep(body: unknown, runtime: Runtime): ParsedStep {
  const step = body as Partial<SpanStep> | null;
  const slots = runtime.maxBatch;
  const whole = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  if (typeof step !== "object" || step === null || Array.isArray(step)) throw new Refusal(400, "the body must be a JSON object");
  if (!Array.isArray(step.releases)) throw new Refusal(400, "releases must be a list of [slot, active] pairs");
  step.releases.forEach((release, i) => {
    const [slot, active] = Array.isArray(release) && release.length === 2 ? release : [];
    if (!whole(slot) || !whole(active) || slot >= active || active > slots) {
      throw new Refusal(400, `releases[${i}] must be [slot, active] with slot < active <= ${slots}, got ${JSON.stringify(release)}`);
    }
  });
  if (step.slot !== undefined && (!whole(step.slot) || step.slot >= slots)) {
    throw new Refusal(400, `slot must be a slot of this span, 0 to ${slots - 1}, got ${JSON.stringify(step.slot)}`);
  }
  for (const flag of ["all_positions", "greedy"] as const) {
    if (step[flag] !== undefined && typeof step[flag] !== "boolean") throw new Refusal(400, `${flag} must be true or false`);
  }
  if (!(typeof step.input === "string" || Array.isArray(step.input))) {
    throw new Refusal(400, "input must be token ids (a list of whole numbers) or hidden states (base64 float32)");
  }

  const takes = runtime.parts.embed ? "token_ids" : "hidden_states";
  const given = typeof step.input === "string" ? "hidden_states" : "token_ids";
  const blocks = `blocks ${runtime.span.start}:${runtime.span.end}`;
  if (given !== takes) throw new Refusal(400, `${blocks} take ${takes}, not ${given}`);
  if (step.greedy && !runtime.parts.head) throw new Refusal(400, `${blocks} end before the head: they give hidden states, not tokens`);
  let input: SpanInput;
  let rows: number;
  if (Array.isArray(step.input)) {
    const vocab = runtime.config.vocabSize;
    if (step.input.length === 0) throw new Refusal(400, "input must hold at least one token id");
    step.input.forEach((id, i) => {
      if (!whole(id) || id >= vocab) throw new Refusal(400, `input[${i}] must be a token id, 0 to ${vocab - 1}, got ${JSON.stringify(id)}`);
    });
    input = step.input;
    rows = input.length;
  } else {
    const h = runtime.config.hiddenSize;
    // Node's decoder skips what is not base64: such text would decode to fewer bytes than its length says.
    const stray = /[^A-Za-z0-9+/]/.exec(step.input);
    if (stray && !/^={1,2}$/.test(step.input.slice(stray.index))) {
      throw new Refusal(400, `input must be hidden states as base64 (A-Z, a-z, 0-9, +, / and = padding), got ${JSON.stringify(stray[0])} at ${stray.index}`);
    }
    const bytes = Buffer.from(step.input, "base64");
    if (bytes.byteLength === 0 || bytes.byteLength % (4 * h) !== 0) {
      throw new Refusal(400, `input must be hidden states in rows of ${h} float32 values (${4 * h} bytes, as base64), got ${bytes.byteLength} bytes`);
    }
    input = floatsOf(bytes);
    rows = input.length / h;
  }
  if (step.slot === undefined && rows > slots) {
    const unit = Array.isArray(input) ? "token" : "row of hidden states";
    throw new Refusal(400, `a decode takes one ${unit} for each of slots 0..n-1, at most ${slots}, got ${rows}`);
  }
  return { step: step as SpanStep, input, rows };
}

/** The body as JSON, refused past MAX_BODY_BYTES, and with 408 where it stops arriving for timeoutMs. */
function readBody(req: IncomingMessage, timeoutMs: number): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stalled = setTimeout(() => reject(new Refusal(408, `no part of the request body came for ${timeoutMs} ms`)), timeoutMs);
    req.on("data", (chunk: Buffer) => {
      stalled.refresh();
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("close", () => clearTimeout(stalled));
    req.on("error", reject);
    req.on("end", () => {
      clearTimeout(stalled);
      if (size > MAX_BODY_BYTES) return reject(new Refusal(413, `request body of ${size} bytes is over the limit of ${MAX_BODY_BYTES}`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (error) {
        reject(new Refusal(400, `the request body is not valid JSON: ${(error as Error).message}`));
      }
    });
  });
}

/** A refusal; a client whose body stalled is disconnected once told, since the rest of its body will not be read. */
function refuse(res: ServerResponse, refusal: Refusal): void {
  if (refusal.status === 408) {
    res.setHeader("connection", "close");
    res.once("finish", () => res.socket?.destroy());
  }
  send(res, refusal.status, { error: { message: refusal.message } });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
