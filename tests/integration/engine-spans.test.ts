// A span of blocks loaded alone: embeddings only where it starts the model, the head only where it
// ends it, hidden states in and out otherwise. Spans chained on the tiny model through the real
// loader give the whole model's logits; on the full-size Stable Beluga 2 layout the memory a span
// needs counts only its own blocks and parts.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openLocalBackend } from "../../engine/local-backend";
import { Runtime } from "../../engine/runtime";
import { freshTinyModel } from "../fixtures/engine/tiny-model";
import { writeSparseStableBeluga2 } from "../support/sparse-beluga";

const GiB = 2 ** 30;
const prompts = [
  [1, 15043, 3186, 29892, 920, 526, 366, 29973],
  [1, 584, 29871, 13, 2277],
];

/** The largest difference, relative to the largest logit. */
function largestDifference(actual: Float32Array, expected: Float32Array): number {
  expect(actual.length).toBe(expected.length);
  const scale = expected.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  return actual.reduce((worst, v, i) => Math.max(worst, Math.abs(v - expected[i])), 0) / scale;
}

describe("spans of blocks on the tiny model", () => {
  let dir: string;
  let whole: Runtime;
  const load = (blocks?: string) => Runtime.load(dir, { blocks, maxBatch: 2, maxSequenceLength: 64 });

  beforeAll(async () => {
    dir = freshTinyModel();
    whole = await load();
  });
  afterAll(async () => {
    await whole?.close();
    rmSync(dirname(dir), { recursive: true, force: true });
  });

  /** Runs prompts then decode steps through a chain of spans and through the whole model, returning the largest logit difference relative to the largest logit. */
  async function chainAgainstWhole(chain: Runtime[]): Promise<number> {
    const through = async (run: (r: Runtime, input: number[] | Float32Array) => Promise<Float32Array>, tokens: number[]) => {
      let data: number[] | Float32Array = tokens;
      for (const span of chain) data = await run(span, data);
      return data as Float32Array;
    };
    let worst = 0;
    for (const [slot, prompt] of prompts.entries()) {
      const expected = await whole.prefill(slot, prompt, true);
      worst = Math.max(worst, largestDifference(await through((r, x) => r.prefill(slot, x, true), prompt), expected));
    }
    // Four decode steps of both sequences together, on the tokens the whole model chooses.
    let tokens = [3186, 450];
    for (let step = 0; step < 4; step++) {
      const expected = await whole.decode(tokens);
      worst = Math.max(worst, largestDifference(await through((r, x) => r.decode(x), tokens), expected));
      const vocab = whole.config.vocabSize;
      tokens = tokens.map((_, i) => expected.subarray(i * vocab, (i + 1) * vocab).reduce((best, v, j, row) => (v > row[best] ? j : best), 0));
    }
    for (const runtime of [whole, ...chain]) runtime.kv.lengths.fill(0);
    return worst;
  }

  it("gives the whole model's logits within 1e-5 through the chain 0:2 then 2:4, prefill and batched decode", async () => {
    const chain = [await load("0:2"), await load("2:4")];
    const worst = await chainAgainstWhole(chain);
    console.log(`spans 0:2 + 2:4 vs whole model: largest relative logit difference ${worst.toExponential(2)}`);
    expect(worst).toBeLessThan(1e-5);
    await Promise.all(chain.map((r) => r.close()));
  });

  it("gives the whole model's logits within 1e-5 through three spans, the middle one hidden states in and out", async () => {
    const chain = [await load("0:1"), await load("1:3"), await load("3:4")];
    expect(chain.map((r) => r.parts)).toEqual([
      { embed: true, head: false },
      { embed: false, head: false },
      { embed: false, head: true },
    ]);
    expect(await chainAgainstWhole(chain)).toBeLessThan(1e-5);
    await Promise.all(chain.map((r) => r.close()));
  });

  it("holds only the span's shards and KV cache", async () => {
    const front = await load("0:2");
    const middle = await load("1:3");
    expect([...front.checkpoint.shards.keys()]).toEqual([
      "model_00001-of-00005.safetensors",
      "model_00002-of-00005.safetensors",
      "model_00005-of-00005.safetensors",
    ]);
    expect([...middle.checkpoint.shards.keys()]).toEqual(["model_00002-of-00005.safetensors", "model_00003-of-00005.safetensors"]);
    expect(middle.kv.layers).toBe(2);
    expect(whole.kv.layers).toBe(4);
    await Promise.all([front.close(), middle.close()]);
  });

  it("refuses input a span does not take, and tokens from a span without the head, saying which", async () => {
    const front = await load("0:2");
    const back = await load("2:4");
    await expect(back.prefill(0, prompts[0])).rejects.toThrow("blocks 2:4 take the hidden states of blocks 0:2, not token ids");
    await expect(front.prefill(0, new Float32Array(128))).rejects.toThrow("blocks 0:2 start the model: they take token ids, not hidden states");
    await expect(back.prefill(0, new Float32Array(100))).rejects.toThrow("blocks 2:4 take hidden states in rows of 128, got 100 values");
    await expect(front.prefillGreedy(0, prompts[0])).rejects.toThrow("blocks 0:2 end before the head: they give hidden states, not tokens");
    expect(back.kv.lengths[0]).toBe(0);
    await Promise.all([front.close(), back.close()]);
  });

  it("refuses a bad span naming what is wrong, before loading", async () => {
    await expect(load("5:2")).rejects.toThrow("block span 5:2 holds no block: its start must be below its end");
    await expect(load("2:9")).rejects.toThrow("block span 2:9 ends beyond the model's 4 blocks (0:4 is all of them)");
    await expect(load("a:b")).rejects.toThrow('block span "a:b" must be two block numbers like 0:8 (blocks 0 to 7)');
    await expect(load("3")).rejects.toThrow('block span "3" must be two block numbers like 0:8');
  });

  it("refuses to generate text from a span that lacks the embeddings or the head", async () => {
    await expect(openLocalBackend(dir, { blocks: "2:4", maxBatch: 1 })).rejects.toThrow(
      "blocks 2:4 start after the embeddings, so they give hidden states, not text; generating needs blocks 0:4 on one machine",
    );
    const backend = await openLocalBackend(dir, { blocks: "0:4", maxBatch: 1, maxSequenceLength: 64 });
    expect(backend.runtime.parts).toEqual({ embed: true, head: true });
    await backend.close();
  });
});

describe("a span of the full-size Stable Beluga 2 layout", () => {
  let beluga: string;
  beforeAll(() => {
    beluga = mkdtempSync(join(tmpdir(), "sparse-beluga-"));
    writeSparseStableBeluga2(beluga, "models/tiny-beluga");
  });
  afterAll(() => rmSync(beluga, { recursive: true, force: true }));

  const refusal = (blocks: string) =>
    Runtime.load(beluga, { blocks, maxBatch: 1, maxSequenceLength: 4096, availableMemory: 4 * GiB }).catch((e: Error) => e.message);

  it("needs memory for its own blocks only, with the embeddings where it starts the model and the head where it ends it", async () => {
    // A block: 855,654,400 parameters, 3.19 GiB in fp32; the embeddings and lm_head 0.98 GiB each.
    expect(await refusal("8:16")).toContain("loading blocks 8:16 in fp32 needs about 29.4 GiB (weights 25.5 GiB, KV cache 0.3 GiB");
    expect(await refusal("0:8")).toContain("loading blocks 0:8 in fp32 needs about 30.4 GiB (weights 26.5 GiB");
    expect(await refusal("72:80")).toContain("loading blocks 72:80 in fp32 needs about 30.4 GiB (weights 26.5 GiB");
    expect(await refusal("0:80")).toContain("loading the whole model in fp32");
  });
});
