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

// Tokens more than this many nats below the best carry under e^-40 of its probability: far below
// float32 resolution of the cumulative sum, so dropping them changes no draw and saves a full sort.
const NEGLIGIBLE_NATS = 40;

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
    const floor = max - NEGLIGIBLE_NATS * temperature;
    const candidates: { id: number; p: number }[] = [];
    for (let i = 0; i < scores.length; i++) if (scores[i] >= floor) candidates.push({ id: i, p: Math.exp((scores[i] - max) / temperature) });
    candidates.sort((a, b) => b.p - a.p || a.id - b.id);
    if (topK > 0 && candidates.length > topK) candidates.length = topK;

    let total = candidates.reduce((sum, c) => sum + c.p, 0);
    if (topP < 1) {
      let kept = 0;
      let cumulative = 0;
      // Keep the smallest set whose probability reaches topP (always at least one token).
      while (kept < candidates.length && (kept === 0 || cumulative < topP * total)) cumulative += candidates[kept++].p;
      candidates.length = kept;
      total = cumulative;
    }
    let draw = this.random() * total;
    for (const c of candidates) {
      draw -= c.p;
      if (draw < 0) return c.id;
    }
    return candidates[candidates.length - 1].id;
  }
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
