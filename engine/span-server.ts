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
// its last step, applied first, so releasing costs no round trip. Steps run one at a time.

import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { listen, type RunningServer } from "./listen";
import type { Runtime, SpanInput } from "./runtime";

/** Prefill hidden states of a few thousand positions of a 70B model are ~100 MB as base64. */
const MAX_BODY_BYTES = 1 << 30;

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
  const bytes = Buffer.from(text, "base64");
  const floats = new Float32Array(bytes.byteLength / 4);
  new Uint8Array(floats.buffer).set(bytes.subarray(0, floats.byteLength));
  return floats;
}

export async function startSpanServer(runtime: Runtime, options: { host?: string; port?: number } = {}): Promise<RunningServer> {
  const host = options.host ?? "127.0.0.1";
  let queue: Promise<unknown> = Promise.resolve();
  const http = createServer((req, res) => {
    const done = queue.then(() => handle(runtime, req, res));
    queue = done.catch(() => {});
    done.catch((error: Error) => send(res, 500, { error: { message: `inference failed: ${error.message}` } }));
  });
  return listen(http, host, options.port);
}

async function handle(runtime: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
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
  let step: SpanStep;
  try {
    step = parseStep(await readBody(req));
  } catch (error) {
    return send(res, 400, { error: { message: (error as Error).message } });
  }
  const takes = runtime.parts.embed ? "token_ids" : "hidden_states";
  const given = typeof step.input === "string" ? "hidden_states" : "token_ids";
  const blocks = `blocks ${runtime.span.start}:${runtime.span.end}`;
  if (given !== takes) return send(res, 400, { error: { message: `${blocks} take ${takes}, not ${given}` } });
  if (step.greedy && !runtime.parts.head) return send(res, 400, { error: { message: `${blocks} end before the head: they give hidden states, not tokens` } });
  for (const [slot, active] of step.releases) runtime.release(slot, active);
  const input: SpanInput = typeof step.input === "string" ? decodeFloats(step.input) : step.input;
  if (step.greedy) {
    const nextTokens = step.slot === undefined ? await runtime.decodeGreedy(input) : [await runtime.prefillGreedy(step.slot, input)];
    return send(res, 200, { next_tokens: nextTokens });
  }
  const output = step.slot === undefined ? await runtime.decode(input) : await runtime.prefill(step.slot, input, step.all_positions ?? false);
  send(res, 200, { output: encodeFloats(output) });
}

function parseStep(body: unknown): SpanStep {
  const step = body as Partial<SpanStep> | null;
  const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (typeof step !== "object" || step === null) throw new Error("the body must be a JSON object");
  if (!Array.isArray(step.releases) || !step.releases.every((r) => Array.isArray(r) && r.length === 2 && r.every(whole))) {
    throw new Error("releases must be a list of [slot, active] pairs");
  }
  if (step.slot !== undefined && !whole(step.slot)) throw new Error("slot must be a whole number");
  if (!(typeof step.input === "string" || (Array.isArray(step.input) && step.input.every(whole)))) {
    throw new Error("input must be token ids (a list of whole numbers) or hidden states (base64 float32)");
  }
  return step as SpanStep;
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("error", reject);
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return reject(new Error(`request body of ${size} bytes is over the limit of ${MAX_BODY_BYTES}`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch (error) {
        reject(new Error(`the request body is not valid JSON: ${(error as Error).message}`));
      }
    });
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}
