// How many more cases would settle a cell: at the rate seen so far, the smallest total sample at
// which the Wilson interval leaves the threshold behind, minus what has already run.
//
// Decision rule: with an observed rate under the threshold (or no sample yet, planned as zero
// failures) the cell is decided once the upper bound drops under it and the cell's minimum sample
// is met; with a rate over it, once the lower bound rises over it. A rate exactly at the threshold,
// or a plan beyond MAX_PLANNED_CASES, is never decided by more cases of the same kind: null.
// When the detectors' accuracy is known the verdict is read from the corrected interval, so the
// plan is too (same rule, the Lang-Reiczigel interval at the planned size); that interval never
// gets narrower than the uncertainty of Se and Sp allows, so a cell may need more labelled
// outputs rather than more cases: null then as well.
import { correctedRate, Z_95, type MeasuredAccuracy } from "./rogan-gladen";

/** More than this many cases is no plan a reviewer can act on. */
export const MAX_PLANNED_CASES = 10_000_000;

export interface SampleSizeInput {
  failures: number;
  n: number;
  threshold: number;
  minSampleSize: number;
  z?: number;
  /** The detectors' measured accuracy: plan against the corrected interval. */
  accuracy?: MeasuredAccuracy | null;
}

/** More cases needed (0 when already decided), or null when more of the same cannot decide it. */
export function casesToDecide({ failures, n, threshold, minSampleSize, z = Z_95, accuracy = null }: SampleSizeInput): number | null {
  const rate = n > 0 ? failures / n : 0;
  const bounds = accuracy
    ? (total: number) => correctedRate(rate * total, total, accuracy, z) ?? { lower: 0, upper: 1, rate: null }
    : (total: number) => ({ ...wilsonBounds(rate, total, z), rate });
  // The side of the threshold the estimate is on decides which bound has to cross it.
  const estimate = accuracy ? bounds(Math.max(n, 1)).rate : rate;
  if (estimate === null || estimate === threshold) return null;
  const decides =
    estimate < threshold ? (total: number) => total >= minSampleSize && bounds(total).upper < threshold : (total: number) => bounds(total).lower > threshold;
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
