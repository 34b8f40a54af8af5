// Picks the next token from logits: repetition penalty, then greedy (temperature 0) or
// temperature -> top-k -> top-p -> a draw from a seeded generator, so a run repeats exactly.

export interface SamplerSettings {
  /** 0 means greedy. */
  temperature: number;
  /** 0 keeps every token. */
  topK: number;
  /** 1 keeps every token. */
  topP: number;
  /** 1 leaves logits alone; above 1 discourages tokens already in the sequence (as in transformers). */
  repetitionPenalty: number;
  seed: number;
}

export class Sampler {
  private state: number;

  constructor(readonly settings: SamplerSettings) {
    this.state = settings.seed >>> 0;
  }

  /** Uniform in [0, 1), mulberry32: small, fast, and the same on every platform. */
  random(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** logits is one row of the vocabulary; history is every token so far, prompt included. */
  sample(logits: Float32Array, history: Iterable<number>): number {
    const { temperature, topK, topP, repetitionPenalty } = this.settings;
    const scores = repetitionPenalty !== 1 ? penalize(logits, history, repetitionPenalty) : logits;
    if (temperature <= 0) return argmax(scores);

    let max = -Infinity;
    for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
    const weights = new Float32Array(scores.length);
    for (let i = 0; i < scores.length; i++) weights[i] = Math.exp((scores[i] - max) / temperature);

    // Top-k and top-p both come down to a weight threshold; tokens tied at it all stay in.
    let threshold = 0;
    if (topK > 0 || topP < 1) threshold = cutoff(weights, topK, topP);

    let total = 0;
    for (let i = 0; i < weights.length; i++) if (weights[i] >= threshold) total += weights[i];
    let draw = this.random() * total;
    let last = 0;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] < threshold) continue;
      last = i;
      draw -= weights[i];
      if (draw < 0) return i;
    }
    return last;
  }
}

/**
 * The smallest weight that survives top-k, then top-p (the smallest set of heaviest tokens whose
 * mass reaches topP, never empty). Found by selection in linear time: sorting 32000 weights per
 * token would cost more than a decode step.
 */
function cutoff(weights: Float32Array, topK: number, topP: number): number {
  let pool = Float32Array.from(weights);
  if (topK > 0 && topK < pool.length) {
    const kth = select(pool, (upper) => upper.count >= topK);
    pool = pool.filter((w) => w >= kth);
  }
  if (topP >= 1) return pool.reduce((a, b) => Math.min(a, b), Infinity);
  const target = topP * pool.reduce((a, b) => a + b, 0);
  return select(pool, (upper) => upper.mass >= target);
}

/**
 * Quickselect from the heavy end: the value v at which the elements >= v first satisfy `enough`.
 * Reorders `a`.
 */
function select(a: Float32Array, enough: (upper: { count: number; mass: number }) => boolean): number {
  let lo = 0;
  let hi = a.length - 1;
  // What the part already known to lie above [lo, hi] contributes.
  let count = 0;
  let mass = 0;
  while (lo < hi) {
    const pivot = a[(lo + hi) >> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    // Now [lo, j] >= pivot, (j, i) == pivot, [i, hi] <= pivot.
    let upperMass = 0;
    for (let x = lo; x <= j; x++) upperMass += a[x];
    const upperCount = j - lo + 1;
    if (upperCount > 0 && enough({ count: count + upperCount, mass: mass + upperMass })) {
      hi = j;
      continue;
    }
    count += upperCount;
    mass += upperMass;
    const equal = i - j - 1;
    if (equal > 0 && enough({ count: count + equal, mass: mass + equal * pivot })) return pivot;
    count += equal;
    mass += equal * pivot;
    lo = i;
  }
  return a[lo];
}

function penalize(logits: Float32Array, history: Iterable<number>, penalty: number): Float32Array {
  const out = Float32Array.from(logits);
  for (const id of new Set(history)) out[id] = out[id] > 0 ? out[id] / penalty : out[id] * penalty;
  return out;
}

export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
