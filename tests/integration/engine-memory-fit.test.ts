// The engine works out what a load needs before reading a weight, and refuses what the machine
// cannot hold: tried on the full-size Stable Beluga 2 layout (81 sparse shards with real headers)
// and on the real tiny model through the real loader.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { openCheckpoint } from "../../engine/checkpoint";
import { readConfig } from "../../engine/config";
import { estimateMemory } from "../../engine/memory-estimate";
import { Runtime } from "../../engine/runtime";
import { writeSparseStableBeluga2 } from "../support/sparse-beluga";

const TINY = "models/tiny-beluga";
const GiB = 2 ** 30;
let beluga: string;

beforeAll(() => {
  beluga = mkdtempSync(join(tmpdir(), "sparse-beluga-"));
  writeSparseStableBeluga2(beluga, TINY);
});
afterAll(() => rmSync(beluga, { recursive: true, force: true }));

describe("the engine knows what fits", () => {
  test("the sparse layout is Stable Beluga 2's: 81 shards, 68.98 billion parameters, 138 GB of bf16", () => {
    const checkpoint = openCheckpoint(beluga);
    expect(checkpoint.shards.size).toBe(81);
    expect(statSync(join(beluga, "model_00001-of-00081.safetensors")).size).toBeGreaterThan(1_711_308_800);
    const bytes = [...checkpoint.shards.values()].reduce((sum, shard) => sum + statSync(shard.path).size, 0);
    expect(bytes / 1e9).toBeCloseTo(137.96, 1);
  });

  test("loading the whole of Stable Beluga 2 on this machine is refused in under a second, saying what it needs, what there is and what to do", async () => {
    const started = performance.now();
    const error = await Runtime.load(beluga, { maxBatch: 8, maxSequenceLength: 2048, availableMemory: 24 * GiB }).catch((e: Error) => e);
    const seconds = (performance.now() - started) / 1000;

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`${beluga}: loading the whole model in fp32 needs about 270.6 GiB (weights 257.0 GiB`);
    expect(message).toContain("KV cache 10.0 GiB for 8 x 2048 tokens");
    expect(message).toContain("and this machine has 24.0 GiB available");
    expect(seconds).toBeGreaterThan(0);
    // A span from block 0 holds the embeddings too.
    expect(message).toMatch(
      /Instead: --int4 \(about 47\.1 GiB, does not fit either\); a span of blocks per machine \(blocks 0:5 would fit, about 21\.2 GiB; `engine inspect .* --blocks 0:5` lists the shards it needs\)/,
    );
    expect(message).toContain("or serve it with vLLM or SGLang on GPUs and run campaigns through the openai backend");
    // Timing is not asserted: the refusal reads headers only, and the figure is reported.
    console.log(`refused in ${seconds.toFixed(2)} s`);
  });

  test("the estimate counts weights in compute form, the KV cache for the batch and length asked, and loading", () => {
    const config = readConfig(beluga);
    const plan = { span: { start: 0, end: 80 }, int4BlockSize: null, maxBatch: 1, maxSequenceLength: 4096, maxSessionBytes: 2 ** 29 };
    const fp32 = estimateMemory(config, plan);
    // 68,976,648,192 parameters as fp32.
    expect(fp32.weights).toBe(68_976_648_192 * 4);
    // 80 layers x keys and values x 8 kv heads x 4096 x 128 x 4 bytes.
    expect(fp32.kvCache).toBe(80 * 2 * 8 * 4096 * 128 * 4);
    const int4 = estimateMemory(config, { ...plan, int4BlockSize: 128 });
    expect(int4.weights / fp32.weights).toBeLessThan(0.2);
  });

  test("the maximum sequence length defaults to the model's (4096 for Stable Beluga 2), can be set lower, and not beyond the model's", async () => {
    const refusal = (options: { maxSequenceLength?: number }) =>
      Runtime.load(beluga, { maxBatch: 1, availableMemory: 24 * GiB, ...options }).catch((e: Error) => e.message);
    expect(await refusal({})).toContain("KV cache 2.5 GiB for 1 x 4096 tokens");
    expect(await refusal({ maxSequenceLength: 1024 })).toContain("for 1 x 1024 tokens");
    expect(await refusal({ maxSequenceLength: 8192 })).toBe(
      "maximum sequence length 8192 must be a whole number from 1 to the model's max_position_embeddings (4096)",
    );
  });

  test("the tiny model loads through the real loader when it fits, and is refused by the same rule when told the machine has less", async () => {
    const runtime = await Runtime.load(TINY, { maxBatch: 2 });
    await runtime.close();
    await expect(Runtime.load(TINY, { maxBatch: 2, availableMemory: 1_000_000 })).rejects.toThrow(
      /needs about .* GiB .* and this machine has 0\.0 GiB available/,
    );
  });
});
