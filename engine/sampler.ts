// Picks the next token from logits: repetition penalty, then greedy (temperature 0) or
// temperature -> top-k -> top-p -> a draw from a seeded generator, so a run repeats exactly.
//
// The rule, to the bit (tests/support/full-sort-sampler.ts states it again with a plain full sort):
// - a token's weight is float32(exp((score - highest score) / temperature));
// - top-k keeps every token whose weight is at least the k-th largest weight: ties at it all stay in;
// - top-p keeps, of those, every token whose weight is at least the weight at which their running
//   sum, heaviest first, first reaches topP x their sum taken in id order (all of them if it never does);
// - the draw is u x (the kept weights summed in id order), spent walking the kept tokens in id order.

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

/**
 * The generator's 32-bit state for a seed from 0 to 2^53 - 1 (OpenAI's seed is 64-bit; a JSON number
 * holds every integer exactly up to 2^53 - 1). A seed below 2^32 is its own state, as it always was,
 * so answers drawn before repeat; above, the bits past 32 are mixed into the low ones, so 2^32 + 7
 * draws otherwise than 7 rather than the same (as keeping the low bits alone would have it).
 */
export function generatorState(seed: number): number {
  const high = Math.floor(seed / 2 ** 32);
  return (seed ^ Math.imul(high, 0x9e3779b1)) >>> 0;
}

export class Sampler {
  private state: number;
  // Scratch rows reused every step: allocating 32000 floats per token costs more than the work.
  /** The scores, then the weights, of this step; the caller's logits stay untouched. */
  private row = new Float32Array(0);
  /** Weights picked out for top-p to sort. */
  private pool = new Float32Array(0);

  constructor(readonly settings: SamplerSettings) {
    this.state = generatorState(settings.seed);
  }

  /** Whether the choice is the plain argmax of the logits, which the runtime can make inside the graph. */
  get greedy(): boolean {
    return this.settings.temperature <= 0 && this.settings.repetitionPenalty === 1;
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
    if (this.row.length !== logits.length) {
      this.row = new Float32Array(logits.length);
      this.pool = new Float32Array(logits.length);
    }
    const scores = this.row;
    scores.set(logits);
    if (repetitionPenalty !== 1) penalize(scores, history, repetitionPenalty);
    if (temperature <= 0) return argmax(scores);

    // Softmax's numerators, in place: the highest score gets weight 1, nothing overflows.
    let max = -Infinity;
    for (let i = 0; i < scores.length; i++) if (scores[i] > max) max = scores[i];
    const weights = scores;
    for (let i = 0; i < weights.length; i++) weights[i] = Math.exp((weights[i] - max) / temperature);

    let threshold = 0;
    if (topK > 0 && topK < weights.length) threshold = kthLargest(weights, topK);
    if (topP < 1) threshold = nucleusThreshold(weights, threshold, topP, this.pool);
    return this.draw(weights, threshold);
  }

  private draw(weights: Float32Array, threshold: number): number {
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

/** The k-th largest weight, from a bounded min-heap of the k largest seen: one pass, no sort. */
function kthLargest(weights: Float32Array, k: number): number {
  const heap = new Float32Array(k);
  let size = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (size < k) {
      let at = size++;
      while (at > 0 && heap[(at - 1) >> 1] > w) {
        heap[at] = heap[(at - 1) >> 1];
        at = (at - 1) >> 1;
      }
      heap[at] = w;
    } else if (w > heap[0]) {
      let at = 0;
      for (;;) {
        let child = 2 * at + 1;
        if (child >= k) break;
        if (child + 1 < k && heap[child + 1] < heap[child]) child++;
        if (heap[child] >= w) break;
        heap[at] = heap[child];
        at = child;
      }
      heap[at] = w;
    }
  }
  return heap[0];
}

/**
 * The weight at which the tokens at or above `floor`, heaviest first, first reach topP of their
 * mass; `floor` itself (all of them) if rounding leaves them short. As in llama2.c, only tokens
 * heavier than (1 - topP) x mass / (n - 1) are sorted: n - 1 lighter ones cannot make up the
 * 1 - topP left over, so none of them is needed. The heavier ones are a prefix of the full
 * descending order, so their running sums are the full sort's to the bit; should rounding leave
 * them short of the target, the whole set is sorted instead.
 */
function nucleusThreshold(weights: Float32Array, floor: number, topP: number, pool: Float32Array): number {
  let mass = 0;
  let count = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] >= floor) {
      mass += weights[i];
      count++;
    }
  }
  const target = topP * mass;
  const cannotBeNeeded = count > 1 ? ((1 - topP) * mass) / (count - 1) : 0;
  return reachedAt(weightsAtLeast(weights, Math.max(floor, cannotBeNeeded), pool), target) ?? reachedAt(weightsAtLeast(weights, floor, pool), target) ?? floor;
}

/** The weights >= floor, copied into the front of `pool`. */
function weightsAtLeast(weights: Float32Array, floor: number, pool: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < weights.length; i++) if (weights[i] >= floor) pool[n++] = weights[i];
  return pool.subarray(0, n);
}

/** The weight at which the running sum of `candidates`, heaviest first, reaches `target`. Reorders them. */
function reachedAt(candidates: Float32Array, target: number): number | null {
  // Weights are never negative, so their float32 bits, read as unsigned integers, sort in the same
  // order as the values do; V8 sorts integer arrays several times faster than float ones.
  new Uint32Array(candidates.buffer, candidates.byteOffset, candidates.length).sort();
  let sum = 0;
  for (let i = candidates.length - 1; i >= 0; i--) {
    sum += candidates[i];
    if (sum >= target) return candidates[i];
  }
  return null;
}

/** Only the ids already in the sequence change: the rest of the row is never looked at. */
function penalize(scores: Float32Array, history: Iterable<number>, penalty: number): void {
  for (const id of new Set(history)) scores[id] = scores[id] > 0 ? scores[id] / penalty : scores[id] * penalty;
}

export function argmax(values: Float32Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
