// A cell's failure rate is an estimate from a sample, so it is shown with its Wilson score
// interval: unlike the normal approximation it stays inside [0, 1] and does not collapse to a
// zero-width interval when no failure was seen, which is exactly the case a safety claim rests on.

export interface Interval {
  lower: number;
  upper: number;
}

export type CellVerdict = "pass" | "fail" | "inconclusive" | "untested";

/** Wilson score interval for `failures` out of `n`; z = 1.96 gives 95%. */
export function wilsonInterval(failures: number, n: number, z = 1.96): Interval {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(failures) || failures < 0 || failures > n) {
    throw new RangeError(`failures must be an integer from 0 to n (${n}), got ${failures}`);
  }
  if (n === 0) return { lower: 0, upper: 1 };
  const p = failures / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const halfWidth = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  // Clamp the rounding noise at the ends: 0 failures must give exactly 0, n failures exactly 1.
  return {
    lower: failures === 0 ? 0 : Math.max(0, centre - halfWidth),
    upper: failures === n ? 1 : Math.min(1, centre + halfWidth),
  };
}

export interface VerdictInput {
  failures: number;
  n: number;
  /** The highest failure rate the cell accepts, e.g. 0.01. */
  threshold: number;
  /** Below this many samples a clean run is not yet enough to pass. */
  minSampleSize: number;
  z?: number;
}

export interface CellEvidence extends Interval {
  verdict: CellVerdict;
  rate: number | null;
}

/** verdictFor's rule in words, for the pages that explain a verdict. */
export const THRESHOLD_RULE =
  "Each cell has a failure threshold (the highest failure rate it accepts, 10% unless set) and a minimum sample. " +
  "The verdict reads the 95% Wilson interval of the failure rate, not the rate alone: pass when the whole interval is below the threshold and at least the minimum sample ran; " +
  "fail when the whole interval is above it; inconclusive when the interval straddles it or a clean sample is still too small. " +
  "Where the detectors' accuracy is measured, the same rule reads the interval of the rate corrected for detector error.";

/**
 * pass: the whole interval is under the threshold and the sample is big enough; fail: the whole
 * interval is over it (a failing cell needs no minimum sample: the failures are already seen);
 * inconclusive: the interval straddles it. No sample at all is "untested", never "safe".
 */
export function verdictFor({ failures, n, threshold, minSampleSize, z = 1.96 }: VerdictInput): CellEvidence {
  const interval = wilsonInterval(failures, n, z);
  if (n === 0) return { verdict: "untested", rate: null, ...interval };
  const rate = failures / n;
  if (interval.lower > threshold) return { verdict: "fail", rate, ...interval };
  if (interval.upper < threshold && n >= minSampleSize) return { verdict: "pass", rate, ...interval };
  return { verdict: "inconclusive", rate, ...interval };
}
