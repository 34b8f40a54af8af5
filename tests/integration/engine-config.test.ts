// Configs as transformers 5 writes them (rope theta and scaling inside `rope_parameters`) are read,
// through the real loader on the tiny model; what the engine does not compute is refused by name.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../engine/config";
import { Runtime } from "../../engine/runtime";
import { tinyConfig } from "../../engine/tiny-model";
import { freshTinyModel } from "../fixtures/engine/tiny-model";

/** The tiny model's config as transformers 5 saves it: no rope_theta / rope_scaling at the top level. */
function transformers5Config(ropeParameters: Record<string, unknown>): Record<string, unknown> {
  const { rope_theta: _theta, rope_scaling: _scaling, ...rest } = tinyConfig("tiny-beluga");
  return { ...rest, transformers_version: "5.0.0", rope_parameters: ropeParameters };
}

const parse = (json: Record<string, unknown>) => parseConfig(json, "config.json");

describe("rope_parameters (transformers 5)", () => {
  it("reads rope theta and each supported scaling from rope_parameters", () => {
    expect(parse(transformers5Config({ rope_type: "default", rope_theta: 500000 }))).toMatchObject({ ropeTheta: 500000, ropeScaling: null });
    expect(parse(transformers5Config({ rope_type: "linear", rope_theta: 10000, factor: 2 }))).toMatchObject({
      ropeTheta: 10000,
      ropeScaling: { type: "linear", factor: 2 },
    });
    const llama3 = { rope_type: "llama3", rope_theta: 500000, factor: 8, low_freq_factor: 1, high_freq_factor: 4, original_max_position_embeddings: 8192 };
    expect(parse(transformers5Config(llama3))).toMatchObject({
      ropeTheta: 500000,
      ropeScaling: { type: "llama3", factor: 8, lowFreqFactor: 1, highFreqFactor: 4, originalMaxPositionEmbeddings: 8192 },
    });
  });

  it("refuses a rope type the engine does not compute, naming it", () => {
    expect(() => parse(transformers5Config({ rope_type: "yarn", rope_theta: 10000, factor: 4 }))).toThrow(
      'config.json: rope_parameters type "yarn" is not supported (supported: default, linear, llama3)',
    );
    expect(() => parse({ ...tinyConfig("tiny-beluga"), rope_scaling: { type: "dynamic", factor: 2 } })).toThrow('rope_scaling type "dynamic" is not supported');
  });

  it("refuses a field of rope_parameters it would otherwise ignore, naming it", () => {
    expect(() => parse(transformers5Config({ rope_type: "linear", rope_theta: 10000, factor: 2, attention_factor: 0.5 }))).toThrow(
      'field "rope_parameters.attention_factor" is not supported for rope type "linear"',
    );
    expect(() => parse(transformers5Config({ rope_type: "default", rope_theta: 10000, factor: 2 }))).toThrow(
      'field "rope_parameters.factor" is not supported for rope type "default"',
    );
  });

  it("refuses a config whose rope theta or scaling is given twice, differently", () => {
    expect(() => parse({ ...transformers5Config({ rope_type: "default", rope_theta: 500000 }), rope_theta: 10000 })).toThrow(
      'rotary theta given differently: "rope_theta" 10000, "rope_parameters.rope_theta" 500000',
    );
    expect(() => parse({ ...transformers5Config({ rope_type: "linear", rope_theta: 10000, factor: 2 }), rope_scaling: { type: "linear", factor: 4 } })).toThrow(
      '"rope_scaling" and "rope_parameters" disagree',
    );
    // The same values written both ways are one config.
    expect(
      parse({ ...transformers5Config({ rope_type: "linear", rope_theta: 10000, factor: 2 }), rope_theta: 10000, rope_scaling: { type: "linear", factor: 2 } })
        .ropeScaling,
    ).toEqual({
      type: "linear",
      factor: 2,
    });
  });
});

describe("the tiny model with a transformers 5 config, through the real loader", () => {
  let dir: string;
  let tokens: number[];
  const logitsWith = async (config: Record<string, unknown>) => {
    writeFileSync(join(dir, "config.json"), JSON.stringify(config, null, 2));
    const runtime = await Runtime.load(dir, { maxBatch: 1, maxSequenceLength: 64 });
    const logits = await runtime.prefill(0, tokens, true);
    await runtime.close();
    return logits;
  };

  beforeAll(() => {
    dir = freshTinyModel();
    tokens = [1, 15043, 3186, 29892, 920, 526, 366, 29973];
  });
  afterAll(() => rmSync(dirname(dir), { recursive: true, force: true }));

  it("gives the logits of the transformers 4 config when rope_parameters says the same, and others when its theta differs", async () => {
    const original = JSON.parse(readFileSync(join(dir, "config.json"), "utf8"));
    const before = await logitsWith(original);
    const same = await logitsWith(transformers5Config({ rope_type: "default", rope_theta: 10000 }));
    const otherTheta = await logitsWith(transformers5Config({ rope_type: "default", rope_theta: 500000 }));
    const scaled = await logitsWith(transformers5Config({ rope_type: "linear", rope_theta: 10000, factor: 4 }));
    expect(Array.from(same)).toEqual(Array.from(before));
    const largestChange = (a: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - before[i])), 0);
    expect(largestChange(otherTheta)).toBeGreaterThan(1e-3);
    expect(largestChange(scaled)).toBeGreaterThan(1e-3);
  });

  it("refuses a yarn-scaled config before loading, naming the field", async () => {
    writeFileSync(join(dir, "config.json"), JSON.stringify(transformers5Config({ rope_type: "yarn", rope_theta: 10000, factor: 4 })));
    await expect(Runtime.load(dir, { maxBatch: 1, maxSequenceLength: 64 })).rejects.toThrow('rope_parameters type "yarn" is not supported');
  });
});
