// The sampler picks exactly the token a plain full sort of the vocabulary picks, for any logits,
// seed and settings: that is what lets evidence sampled earlier be reproduced.
import { describe, expect, it } from "vitest";
import { Sampler, type SamplerSettings } from "../../engine/sampler";
import { fullSortSample } from "../support/full-sort-sampler";

const PLAIN: SamplerSettings = { temperature: 1, topK: 0, topP: 1, repetitionPenalty: 1, seed: 1 };

// The test's own data comes from the same seeded generator, so every run checks the same cases.
const source = new Sampler({ ...PLAIN, seed: 20261126 });
const uniform = () => source.random();
const pick = <T>(options: readonly T[]): T => options[Math.floor(uniform() * options.length)];

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

/** Logits shaped like several real situations, ties and float32 rounding included. */
const SHAPES: Record<string, (vocab: number) => Float32Array> = {
  "spread like the tiny model's": (vocab) => Float32Array.from({ length: vocab }, () => 3 * gaussian()),
  "peaked like a trained model's": (vocab) => Float32Array.from({ length: vocab }, (_, i) => 2 * gaussian() + (i % 97 === 0 ? 12 * uniform() : 0)),
  "coarse, with many exact ties": (vocab) => Float32Array.from({ length: vocab }, () => Math.round(4 * gaussian()) / 2),
  "so close that weights round to ties": (vocab) => Float32Array.from({ length: vocab }, () => 1 + 1e-7 * Math.round(8 * gaussian())),
  "partly masked with -Infinity": (vocab) => Float32Array.from({ length: vocab }, () => (uniform() < 0.3 ? -Infinity : 3 * gaussian())),
  "all equal": (vocab) => new Float32Array(vocab).fill(0.5),
};

describe("the sampler against a full sort of the vocabulary", () => {
  it("picks the same token for random logits, seeds and settings", () => {
    let compared = 0;
    for (let trial = 0; trial < 400; trial++) {
      const vocab = trial % 40 === 0 ? 32000 : pick([1, 2, 7, 100, 2000]);
      const shape = pick(Object.keys(SHAPES));
      const settings: SamplerSettings = {
        temperature: pick([0, 0.2, 0.8, 1, 1.7]),
        topK: pick([0, 0, 1, 2, 5, 40, vocab - 1, vocab, vocab + 3]),
        topP: pick([1, 1, 0.999, 0.95, 0.9, 0.5, 0.1, 1e-9]),
        repetitionPenalty: pick([1, 1, 1.1, 1.3]),
        seed: Math.floor(uniform() * 2 ** 32),
      };
      const sampler = new Sampler(settings);
      const draws = new Sampler(settings);
      const history = Array.from({ length: pick([0, 3, 30]) }, () => Math.floor(uniform() * vocab));
      for (let step = 0; step < 4; step++) {
        const logits = SHAPES[shape](vocab);
        const expected = fullSortSample(logits, history, settings, settings.temperature > 0 ? draws.random() : 0);
        expect({ trial, shape, settings, step, token: sampler.sample(logits, history) }).toEqual({ trial, shape, settings, step, token: expected });
        history.push(expected);
        compared++;
      }
    }
    expect(compared).toBe(1600);
  });
});

describe("the sampler's rules at their edges", () => {
  const draws = (logits: number[], settings: Partial<SamplerSettings>) => {
    const sampler = new Sampler({ ...PLAIN, ...settings });
    return new Set(Array.from({ length: 300 }, () => sampler.sample(Float32Array.from(logits), [])));
  };

  it("keeps every token tied with the k-th heaviest", () => {
    expect(draws([5, 3, 1, 3, 3], { topK: 2 })).toEqual(new Set([0, 1, 3, 4]));
  });

  it("keeps every token tied with the one that completes top-p", () => {
    // Token 0 holds about 0.45 of the mass: 0.5 needs one of the tied pair, so both stay in.
    expect(draws([1.5, 1, 1, -3], { topP: 0.5 })).toEqual(new Set([0, 1, 2]));
  });

  it("stops top-p at the token whose running sum reaches it exactly", () => {
    // Weights 1, 0.5, 0.5: the first token alone is exactly half of the mass.
    expect(draws([0, -Math.LN2, -Math.LN2], { topP: 0.5 })).toEqual(new Set([0]));
    expect(draws([0, -Math.LN2, -Math.LN2], { topP: 0.51 })).toEqual(new Set([0, 1, 2]));
  });

  it("changes only the scores of tokens already in the sequence, and never the caller's logits", () => {
    const logits = Float32Array.of(2, 1.9, -1, 1.95);
    const sampler = new Sampler({ ...PLAIN, temperature: 0, repetitionPenalty: 1.5 });
    expect(sampler.sample(logits, [0, 0, 2])).toBe(3);
    expect(Array.from(logits)).toEqual(Array.from(Float32Array.of(2, 1.9, -1, 1.95)));
  });

  it("draws the same uniform numbers from a seed as it always has", () => {
    const sampler = new Sampler({ ...PLAIN, seed: 7 });
    expect([sampler.random(), sampler.random(), sampler.random()]).toEqual(PINNED_SEED_7);
  });

  it("gives seeds past 2^32, up to the largest integer a JSON number holds exactly, draws of their own, the same each time", () => {
    const draws = (seed: number) => {
      const sampler = new Sampler({ ...PLAIN, seed });
      return [sampler.random(), sampler.random(), sampler.random()];
    };
    const seeds = [7, 2 ** 32 + 7, 2 ** 40 + 7, 2 ** 52 + 7, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1, 2 ** 32, 0];
    const seen = seeds.map((seed) => JSON.stringify(draws(seed)));
    expect(new Set(seen).size).toBe(seeds.length);
    expect(draws(2 ** 40 + 7)).toEqual(draws(2 ** 40 + 7));
  });
});

const PINNED_SEED_7 = [0.011704753153026104, 0.06195825757458806, 0.97690763277933];
