// A model split across processes: blocks 2:4 of the tiny model served by `engine serve --blocks`
// (a real HTTP server), blocks 0:2 here, chained. The chain gives the whole model's logits and
// the whole model's text, sequences joining and leaving the batch on both sides.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Generator } from "../../engine/generate";
import { Runtime } from "../../engine/runtime";
import { RemoteSpan, SpanChain } from "../../engine/span-chain";
import { startSpanServer } from "../../engine/span-server";
import type { RunningServer } from "../../engine/server";
import { Tokenizer } from "../../engine/tokenizer";
import { startServe, tinyModelDir, type ServeProcess } from "./engine-server-helpers";
import { programArgs } from "../support/program-bundle";

const greedy = (n: number) => ({ temperature: 0, topK: 0, topP: 1, repetitionPenalty: 1, seed: 0, maxNewTokens: n, stop: [] });
const prompts = ["Hello world", "### User:\nWhat is the capital of France?\n\n### Assistant:\n", "the the the the the"];

let model: { dir: string; remove(): void };
beforeAll(() => (model = tinyModelDir()));
afterAll(() => model.remove());

describe("a chain of a local span and a served span", () => {
  let whole: Runtime;
  let front: Runtime;
  let back: Runtime;
  let server: RunningServer;
  let chain: SpanChain;
  const load = (blocks?: string) => Runtime.load(model.dir, { blocks, maxBatch: 2, maxSequenceLength: 64 });

  beforeAll(async () => {
    [whole, front, back] = [await load(), await load("0:2"), await load("2:4")];
    server = await startSpanServer(back);
    chain = new SpanChain([front, await RemoteSpan.connect(server.url)]);
  });
  afterAll(async () => {
    await server?.close();
    await Promise.all([whole, front, back].map((r) => r?.close()));
  });

  it("gives the whole model's logits within 1e-5 over HTTP, prefill and batched decode", async () => {
    const tokens = Tokenizer.load(model.dir).encode(prompts[1]);
    const relative = (a: Float32Array, b: Float32Array) =>
      a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0) / b.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(relative(await chain.prefill(0, tokens, true), await whole.prefill(0, tokens, true))).toBeLessThan(1e-5);
    expect(relative(await chain.prefill(1, [1, 450]), await whole.prefill(1, [1, 450]))).toBeLessThan(1e-5);
    expect(relative(await chain.decode([3186, 29892]), await whole.decode([3186, 29892]))).toBeLessThan(1e-5);
    for (const steps of [chain, whole]) {
      steps.release(1, 2);
      steps.release(0, 1);
    }
    // The served span's releases travel with its next step.
    expect(Array.from(back.kv.lengths)).toEqual([tokens.length + 1, 3]);
    await chain.prefill(0, [1]);
    expect(Array.from(back.kv.lengths)).toEqual([1, 0]);
    chain.release(0, 1);
  });

  it("generates the whole model's greedy text for 3 prompts through 2 slots, sequences joining and leaving", async () => {
    const tokenizer = Tokenizer.load(model.dir);
    const requests = prompts.map((p, i) => ({ id: `p${i}`, prompt: tokenizer.encode(p), sampling: greedy(6 + 4 * i) }));
    const wholeModel = new Generator(whole, tokenizer);
    const expected = await Promise.all(requests.map((r) => wholeModel.submit(r)));
    const chained = new Generator(chain, tokenizer);
    const got = await Promise.all(requests.map((r) => chained.submit(r)));
    expect(got.map((r) => r.text)).toEqual(expected.map((r) => r.text));
    expect(got.map((r) => r.completionTokens)).toEqual([6, 10, 14]);
  });

  it("refuses spans that leave a gap, miss the end, or start after block 0, and input the served span does not take", async () => {
    const last = await load("3:4");
    expect(() => new SpanChain([front, last])).toThrow("spans must follow each other from block 0: blocks 3:4 come where block 2 should start");
    expect(() => new SpanChain([front])).toThrow("the spans end at block 2: blocks 2:4 are missing");
    expect(() => new SpanChain([back, last])).toThrow("blocks 2:4 come where block 0 should start");
    await last.close();
    await expect(RemoteSpan.connect("http://127.0.0.1:9")).rejects.toThrow("http://127.0.0.1:9: no span server answers");
    const tokensToBack = await fetch(`${server.url}/v1/span/step`, { method: "POST", body: JSON.stringify({ releases: [], slot: 0, input: [1, 2] }) });
    expect(tokensToBack.status).toBe(400);
    expect(await tokensToBack.json()).toEqual({ error: { message: "blocks 2:4 take hidden_states, not token_ids" } });
  });
});

describe("engine serve --blocks and engine generate --blocks --next", () => {
  let served: ServeProcess;
  beforeAll(async () => {
    served = await startServe(model.dir, 0, ["--blocks", "2:4", "--max-batch", "1", "--max-sequence-length", "128"]);
  });
  afterAll(async () => served?.kill());

  const generate = async (...extra: string[]) =>
    (
      await promisify(execFile)(
        process.execPath,
        [...programArgs("engine/cli.ts"), "generate", model.dir, "--prompt", "Hello", "--max-new-tokens", "8", "--max-sequence-length", "128", ...extra],
        { encoding: "utf8" },
      )
    ).stdout;

  it("serves blocks 2:4 alone, and generate with blocks 0:2 here and --next there prints the whole model's text", async () => {
    const description = await (await fetch(`${served.url}/v1/span`)).json();
    expect(description).toMatchObject({ blocks: "2:4", takes: "hidden_states", gives: "logits", max_batch: 1, max_sequence_length: 128 });
    const split = await generate("--blocks", "0:2", "--next", served.url);
    expect(split).toBe(await generate());
    expect(split.length).toBeGreaterThan(1);
  });

  it("refuses generate with a span short of the model and no --next, naming what it lacks", async () => {
    const error = await generate("--blocks", "0:2").catch((e: { stderr: string }) => e.stderr);
    expect(error).toContain("blocks 0:2 end before the head, so they give hidden states, not text");
  });
});
