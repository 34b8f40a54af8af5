// How many more cases would settle a cell: at the rate seen so far, the smallest total sample at
// which the Wilson interval leaves the threshold behind, minus what has already run.
//
// Decision rule: with an observed rate under the threshold (or no sample yet, planned as zero
// failures) the cell is decided once the upper bound drops under it and the cell's minimum sample
// is met; with a rate over it, once the lower bound rises over it. A rate exactly at the threshold,
// or a plan beyond MAX_PLANNED_CASES, is never decided by more cases of the same kind: null.
import { Z_95 } from "./rogan-gladen";

/** More than this many cases is no plan a reviewer can act on. */
export const MAX_PLANNED_CASES = 10_000_000;

export interface SampleSizeInput {
  failures: number;
  n: number;
  threshold: number;
  minSampleSize: number;
  z?: number;
}

/** More cases needed (0 when already decided), or null when more of the same cannot decide it. */
export function casesToDecide({ failures, n, threshold, minSampleSize, z = Z_95 }: SampleSizeInput): number | null {
  const rate = n > 0 ? failures / n : 0;
  if (rate === threshold) return null;
  const decides = rate < threshold
    ? (total: number) => total >= minSampleSize && wilsonBounds(rate, total, z).upper < threshold
    : (total: number) => wilsonBounds(rate, total, z).lower > threshold;
  const start = Math.max(n, 1);
  if (n > 0 && decides(n)) return 0;
  // Decided is monotone in the total for a fixed rate: double until it holds, then bisect.
  let high = start;
  while (!decides(high)) {
    if (high > MAX_PLANNED_CASES) return null;
    high *= 2;
  }
  let low = Math.max(n, high / 2);
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (decides(middle)) high = middle;
    else low = middle;
  }
  return Math.max(1, high - n);
}

/** The Wilson interval of a rate over a (planned) sample, failures not rounded. */
function wilsonBounds(rate: number, total: number, z: number): { lower: number; upper: number } {
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (rate + z2 / (2 * total)) / denominator;
  const halfWidth = (z * Math.sqrt((rate * (1 - rate)) / total + z2 / (4 * total * total))) / denominator;
  return { lower: centre - halfWidth, upper: centre + halfWidth };
}
