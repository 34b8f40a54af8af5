// The sampler's rule written the plain way, sorting the whole vocabulary: what engine/sampler.ts
// must agree with token for token (tests/unit/engine-sampler.test.ts) and what it is timed against
// (bench/engine/sampler.ts). Slow on purpose; never used to generate.
import type { SamplerSettings } from "../../engine/sampler";

/** The token the rule picks from `logits` after `history`, given the generator's next uniform draw `u`. */
export function fullSortSample(logits: Float32Array, history: number[], settings: SamplerSettings, u: number): number {
  const { temperature, topK, topP, repetitionPenalty } = settings;
  const scores = Float32Array.from(logits);
  if (repetitionPenalty !== 1) {
    for (const id of new Set(history)) scores[id] = scores[id] > 0 ? scores[id] / repetitionPenalty : scores[id] * repetitionPenalty;
  }
  if (temperature <= 0) return scores.indexOf(Math.max(...scores));

  const max = Math.max(...scores);
  const weights = scores.map((s) => Math.exp((s - max) / temperature));
  const heaviestFirst = Array.from(weights).sort((a, b) => b - a);

  // Top-k: everything at least as heavy as the k-th heaviest, ties included.
  let kept = heaviestFirst;
  if (topK > 0 && topK < kept.length) kept = kept.filter((w) => w >= heaviestFirst[topK - 1]);
  let threshold = kept[kept.length - 1];

  // Top-p: of those, everything at least as heavy as the one whose running sum reaches topP of their mass.
  if (topP < 1) {
    const mass = sumInIdOrder(weights, threshold);
    let running = 0;
    for (const w of kept) {
      running += w;
      if (running >= topP * mass) {
        threshold = w;
        break;
      }
    }
  }

  let draw = u * sumInIdOrder(weights, threshold);
  let last = 0;
  for (let id = 0; id < weights.length; id++) {
    if (weights[id] < threshold) continue;
    last = id;
    draw -= weights[id];
    if (draw < 0) return id;
  }
  return last;
}

function sumInIdOrder(weights: Float32Array, threshold: number): number {
  let sum = 0;
  for (const w of weights) if (w >= threshold) sum += w;
  return sum;
}
