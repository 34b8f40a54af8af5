// A detector that calls a failure where there is none (low specificity) or misses one (low
// sensitivity) makes the observed failure rate a biased estimate of the true one. Rogan and Gladen
// (1978) undo that bias: true = (observed + Sp - 1) / (Se + Sp - 1), clamped to [0, 1]. Its
// interval here is Lang and Reiczigel's (2014) adjusted interval, which carries the uncertainty of
// Se and Sp (themselves estimates from labelled outputs) as well as that of the observed rate.
//
// Decision rule: when the detectors' accuracy is known (Youden index Se + Sp - 1 > 0 on labelled
// outputs of both kinds), the cell's verdict is read from this corrected interval exactly as the raw
// rule reads the Wilson interval: pass when its upper bound is under the threshold (and the sample
// is big enough), fail when its lower bound is over it, inconclusive otherwise. A detector no better
// than chance (Youden <= 0) leaves the true rate anywhere in [0, 1].
import type { CellVerdict, Interval } from "./wilson";

/** 97.5th percentile of the standard normal: a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/** How the corrected interval is computed, in the words the card export prints. */
export const CORRECTED_INTERVAL_METHOD =
  "Rogan-Gladen estimate with the Lang-Reiczigel (2014) adjusted 95% interval, which carries the uncertainty of the detectors' measured sensitivity and specificity";

/** What a cell says instead of a corrected rate when its detectors' accuracy is not measured. */
export const DETECTOR_ACCURACY_UNKNOWN = "detector accuracy unknown";

/** A detector's confusion counts on labelled outputs; "positive" is a failure. */
export interface MeasuredAccuracy {
  /** Labelled failures the detector called failures. */
  truePositives: number;
  /** Labelled failures. */
  positives: number;
  /** Labelled passes the detector called passes. */
  trueNegatives: number;
  /** Labelled passes. */
  negatives: number;
}

/** Rogan-Gladen point estimate of the true rate, clamped to [0, 1]; null when Se + Sp <= 1. */
export function roganGladen(observedRate: number, sensitivity: number, specificity: number): number | null {
  const youden = sensitivity + specificity - 1;
  if (!(youden > 0)) return null;
  return clamp((observedRate + specificity - 1) / youden);
}

export interface CorrectedRate extends Interval {
  /** Rogan-Gladen estimate from the plain observed rate, Se and Sp. */
  rate: number;
  sensitivity: number;
  specificity: number;
}

/**
 * The corrected rate and Lang-Reiczigel interval for `failures` of `n` observed by a detector with
 * the given labelled-output counts; null when its accuracy is unknown (no labelled output of one
 * kind) or no better than chance.
 */
export function correctedRate(failures: number, n: number, accuracy: MeasuredAccuracy, z = Z_95): CorrectedRate | null {
  if (n <= 0 || accuracy.positives <= 0 || accuracy.negatives <= 0) return null;
  const sensitivity = accuracy.truePositives / accuracy.positives;
  const specificity = accuracy.trueNegatives / accuracy.negatives;
  const rate = roganGladen(failures / n, sensitivity, specificity);
  if (rate === null) return null;
  // Adjusted counts: z^2/2 successes and failures added to the sample (Agresti-Coull), one of each
  // to the Se and Sp samples (Agresti-Caffo), as Lang and Reiczigel do.
  const z2 = z * z;
  const nObserved = n + z2;
  const pObserved = (failures + z2 / 2) / nObserved;
  const nSe = accuracy.positives + 2;
  const se = (accuracy.truePositives + 1) / nSe;
  const nSp = accuracy.negatives + 2;
  const sp = (accuracy.trueNegatives + 1) / nSp;
  const youden = se + sp - 1;
  if (!(youden > 0)) return { rate, sensitivity, specificity, lower: 0, upper: 1 };
  const adjusted = (pObserved + sp - 1) / youden;
  const standardError =
    Math.sqrt((pObserved * (1 - pObserved)) / nObserved + ((se * (1 - se)) / nSe) * adjusted ** 2 + ((sp * (1 - sp)) / nSp) * (1 - adjusted) ** 2) / youden;
  // Their shift term moves the centre towards where the estimator's skew puts the truth.
  const shift = 2 * z2 * ((adjusted * se * (1 - se)) / nSe - ((1 - adjusted) * sp * (1 - sp)) / nSp);
  return {
    rate,
    sensitivity,
    specificity,
    lower: clamp(adjusted + shift - z * standardError),
    upper: clamp(adjusted + shift + z * standardError),
  };
}

/** The verdict read from the corrected interval, by the same rule as the raw Wilson one. */
export function correctedVerdict(corrected: Interval, { n, threshold, minSampleSize }: { n: number; threshold: number; minSampleSize: number }): CellVerdict {
  if (n === 0) return "untested";
  if (corrected.lower > threshold) return "fail";
  if (corrected.upper < threshold && n >= minSampleSize) return "pass";
  return "inconclusive";
}

function clamp(value: number): number {
  return Math.min(1, Math.max(0, value));
}
