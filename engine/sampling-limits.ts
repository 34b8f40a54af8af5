// The range each sampling setting may take, in one place for every way of asking for one: the
// server's JSON fields (temperature, top_p...) and the command line's flags (--temperature, --top-p...).

import type { SamplingSettings } from "./backend";

export interface NumberRange {
  integer?: boolean;
  min: number;
  max?: number;
  /** min itself is outside the range. */
  exclusiveMin?: boolean;
}

/** OpenAI's ranges where it has the setting; top_p 0 would keep no token at all. */
export const SAMPLING_LIMITS = {
  temperature: { min: 0, max: 2 },
  topP: { min: 0, max: 1, exclusiveMin: true },
  topK: { integer: true, min: 0 },
  repetitionPenalty: { min: 0, exclusiveMin: true },
  // OpenAI's seed is 64-bit; a JSON number holds every integer exactly only up to 2^53 - 1, so past it two
  // seeds a client told apart could arrive as one. The sampler folds the seed into its 32-bit state.
  seed: { integer: true, min: 0, max: Number.MAX_SAFE_INTEGER },
  maxNewTokens: { integer: true, min: 1 },
} satisfies Record<Exclude<keyof SamplingSettings, "stop">, NumberRange>;

export function inRange(value: unknown, range: NumberRange): value is number {
  return (
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!range.integer || Number.isInteger(value)) &&
    (range.exclusiveMin ? value > range.min : value >= range.min) &&
    value <= (range.max ?? Infinity)
  );
}

/** "an integer >= 1", "a number > 0 and <= 1": what a message says the value must be. */
export function describeRange(range: NumberRange): string {
  const kind = range.integer ? "an integer" : "a number";
  const upper = range.max === undefined ? "" : ` and <= ${range.max}`;
  return `${kind} ${range.exclusiveMin ? ">" : ">="} ${range.min}${upper}`;
}
